/**
 * Provides who may use {@code ospatch serve} and what each may do: the users (a users file with
 * bcrypt hashes, and the operator {@code admin} of {@code OSPATCH_ADMIN_PASSWORD}), the roles viewer
 * (reads) and operator (changes, launches, removes), form login for pages and HTTP Basic for the API.
 */
package io.ospatch.web.security;
