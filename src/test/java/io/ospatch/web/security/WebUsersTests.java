package io.ospatch.web.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ospatch.cluster.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may log in: the users file, OSPATCH_ADMIN_PASSWORD, and the one-line refusals of bad ones. */
class WebUsersTests {

	static final String HASH = "$2a$04$ogpvqMUXVyKZ9qfTfWVrl.mSJv/JkK8pKnjvBpBNgdwPqst1SnL8K";

	final BCryptPasswordEncoder encoder = new BCryptPasswordEncoder(4);

	@TempDir
	Path dir;

	@Test
	void withoutUsersTheConsoleRefusesToStartSayingWhatToSet() {
		assertThatThrownBy(() -> WebUsers.of("", null, this.encoder)).isInstanceOf(InvalidInputException.class)
			.hasMessage("no users for the web console: set OSPATCH_ADMIN_PASSWORD (creates the operator 'admin') "
					+ "or OSPATCH_WEB_USERS_FILE (a users file)");
	}

	@Test
	void withOidcLoginNoLocalUserIsNeeded() {
		assertThat(WebUsers.of("", null, true, this.encoder)).isEmpty();
		assertThat(WebUsers.of(null, "correct-horse-battery", true, this.encoder)).hasSize(1);
	}

	@Test
	void theAdminPasswordCreatesTheOperatorAdminWithItsHashOnly() {
		List<WebUser> users = WebUsers.of(null, "correct-horse-battery", this.encoder);

		assertThat(users).hasSize(1);
		assertThat(users.get(0).name()).isEqualTo("admin");
		assertThat(users.get(0).role()).isEqualTo(Role.OPERATOR);
		assertThat(users.get(0).passwordHash()).doesNotContain("correct-horse-battery");
		assertThat(this.encoder.matches("correct-horse-battery", users.get(0).passwordHash())).isTrue();
		assertThat(users.get(0).toString()).isEqualTo("WebUser[name=admin, role=operator]");
	}

	@Test
	void aShortAdminPasswordIsRefused() {
		assertThatThrownBy(() -> WebUsers.of(null, "short", this.encoder))
			.hasMessage("OSPATCH_ADMIN_PASSWORD is shorter than 12 characters: choose a longer one");
	}

	@Test
	void usersComeFromYamlOrProperties() throws IOException {
		Path yaml = Files.writeString(this.dir.resolve("users.yaml"), """
				users:
				  - name: vera
				    password-hash: %s
				    role: viewer
				""".formatted(HASH));
		Path properties = Files.writeString(this.dir.resolve("users.properties"), "otto=" + HASH + ",operator\n");

		assertThat(WebUsers.of(yaml.toString(), null, this.encoder)).containsExactly(new WebUser("vera", HASH, Role.VIEWER));
		assertThat(WebUsers.of(properties.toString(), "correct-horse-battery", this.encoder)).hasSize(2)
			.first()
			.isEqualTo(new WebUser("otto", HASH, Role.OPERATOR));
	}

	@Test
	void aBadHashIsAClearOneLineErrorThatDoesNotRepeatIt() throws IOException {
		Path file = Files.writeString(this.dir.resolve("users.yaml"), """
				users:
				  - name: vera
				    password-hash: plain-text-password
				    role: viewer
				""");

		assertThatThrownBy(() -> WebUsers.of(file.toString(), null, this.encoder)).isInstanceOf(InvalidInputException.class)
			.hasMessage("users file " + file + ": user 'vera': its password-hash is not a bcrypt hash ($2a$, $2b$ or $2y$, "
					+ "60 characters); make one with: htpasswd -nbBC 12 '' 'PASSWORD' | cut -d: -f2")
			.message()
			.doesNotContain("plain-text-password")
			.doesNotContain("\n");
	}

	@Test
	void anUnknownRoleATwiceNamedUserAndAMissingFileAreRefused() throws IOException {
		Path role = Files.writeString(this.dir.resolve("role.properties"), "vera=" + HASH + ",admin\n");
		Path twice = Files.writeString(this.dir.resolve("twice.yaml"), """
				users:
				  - {name: vera, password-hash: '%1$s', role: viewer}
				  - {name: vera, password-hash: '%1$s', role: operator}
				""".formatted(HASH));

		assertThatThrownBy(() -> WebUsers.of(role.toString(), null, this.encoder))
			.hasMessage("users file " + role + ": user 'vera': role 'admin' is not one of viewer, operator");
		assertThatThrownBy(() -> WebUsers.of(twice.toString(), null, this.encoder))
			.hasMessage("users file " + twice + ": user 'vera' appears twice");
		assertThatThrownBy(() -> WebUsers.of(this.dir.resolve("none.yaml").toString(), null, this.encoder))
			.hasMessage("users file " + this.dir.resolve("none.yaml") + " does not exist (OSPATCH_WEB_USERS_FILE)");
	}

	@Test
	void adminInTheFileAndTheAdminPasswordBothIsRefused() throws IOException {
		Path file = Files.writeString(this.dir.resolve("users.properties"), "admin=" + HASH + ",operator\n");

		assertThatThrownBy(() -> WebUsers.of(file.toString(), "correct-horse-battery", this.encoder))
			.hasMessage("user 'admin' is in the users file and OSPATCH_ADMIN_PASSWORD is set: keep one of them");
	}

}
