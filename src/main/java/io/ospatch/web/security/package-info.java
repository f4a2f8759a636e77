/**
 * Provides who may use {@code ospatch serve} and what each may do: the users (a users file with
 * bcrypt hashes, the operator {@code admin} of {@code OSPATCH_ADMIN_PASSWORD}, and OIDC users where an
 * issuer is configured, their role from an ID token claim), the API tokens that {@code ospatch token}
 * manages, the roles viewer (reads) and operator (changes, launches, removes), form and OIDC login for
 * pages, and HTTP Basic or a bearer API token for the API.
 */
package io.ospatch.web.security;
