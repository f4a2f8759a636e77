package io.ospatch.web.security;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which role an OIDC user has, from one claim of the ID token: operator when any of its values is
 * one of the operator values, else viewer when any is a viewer value, else none (the user may not
 * log in). The claim may be a list (Keycloak's, Dex's and Entra ID's {@code groups}) or one string.
 */
record OidcRoles(String claim, List<String> operatorValues, List<String> viewerValues) {

	static OidcRoles of(OidcProperties properties) {
		return new OidcRoles(properties.roleClaim(), properties.operatorValues(), properties.viewerValues());
	}

	Optional<Role> role(Map<String, Object> claims) {
		List<String> values = values(claims.get(this.claim));
		if (values.stream().anyMatch(this.operatorValues::contains)) {
			return Optional.of(Role.OPERATOR);
		}
		if (values.stream().anyMatch(this.viewerValues::contains)) {
			return Optional.of(Role.VIEWER);
		}
		return Optional.empty();
	}

	private static List<String> values(Object claim) {
		if (claim instanceof Collection<?> collection) {
			return collection.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String text) {
			return Stream.of(text).toList();
		}
		return List.of();
	}

}
