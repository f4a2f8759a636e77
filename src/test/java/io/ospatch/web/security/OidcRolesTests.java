package io.ospatch.web.security;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which role an OIDC user gets from the ID token's role claim. */
class OidcRolesTests {

	private final OidcRoles roles = new OidcRoles("groups", List.of("platform", "sre"), List.of("security"));

	@Test
	void anOperatorValueMakesAnOperatorEvenWithAViewerValueToo() {
		assertThat(this.roles.role(Map.of("groups", List.of("security", "sre")))).contains(Role.OPERATOR);
	}

	@Test
	void aViewerValueMakesAViewer() {
		assertThat(this.roles.role(Map.of("groups", List.of("developers", "security")))).contains(Role.VIEWER);
	}

	@Test
	void aClaimOfOneStringCountsAsOneValue() {
		assertThat(this.roles.role(Map.of("groups", "platform"))).contains(Role.OPERATOR);
	}

	@Test
	void noMatchingValueOrNoClaimMeansNoRole() {
		assertThat(this.roles.role(Map.of("groups", List.of("developers")))).isEmpty();
		assertThat(this.roles.role(Map.of("roles", List.of("platform")))).isEmpty();
		assertThat(this.roles.role(Map.of("groups", 42))).isEmpty();
		assertThat(this.roles.role(Map.of("groups", List.of("PLATFORM")))).as("values are compared exactly").isEmpty();
	}

}
