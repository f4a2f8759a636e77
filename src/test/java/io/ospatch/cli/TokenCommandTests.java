package io.ospatch.cli;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ospatch.cluster.UtcTimes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code ospatch token create|list|revoke} on the test database: the token is printed once, alone
 * on stdout, and only its hash is stored; the list never shows a token; bad input is one line and
 * exit 2, with nothing stored.
 */
@SpringBootTest
class TokenCommandTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void noTokens() {
		this.jdbc.sql("DELETE FROM api_tokens").update();
	}

	@Test
	void createPrintsTheTokenAloneOnStdoutAndStoresOnlyItsHash() {
		Instant before = Instant.now();
		CliRunner.Result created = CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "operator",
				"--expires-in", "90d");

		assertThat(created.exitCode()).as(created.err()).isZero();
		String token = created.out().strip();
		assertThat(created.out()).matches("osp_[A-Za-z0-9_-]{43}\n");
		assertThat(created.err()).startsWith("token 'ci' created, role operator, expires ")
			.endsWith("; it is not shown again\n")
			.doesNotContain(token);
		Map<String, Object> row = this.jdbc.sql("SELECT * FROM api_tokens WHERE name = 'ci'").query().singleRow();
		assertThat(row.get("role")).isEqualTo("operator");
		assertThat((String) row.get("token_hash")).hasSize(64).doesNotContain(token.substring(4));
		assertThat(row.values()).noneMatch((value) -> String.valueOf(value).contains(token.substring(4)));
		assertThat((String) row.get("created_by")).isEqualTo(PatchCommand.launchedBy());
		Instant expires = UtcTimes.fromDb(this.jdbc.sql("SELECT expires_at FROM api_tokens WHERE name = 'ci'")
			.query(LocalDateTime.class)
			.single());
		assertThat(expires).isCloseTo(before.plus(Duration.ofDays(90)), within(Duration.ofMinutes(1)));

		String other = CliRunner.run(this.context, "token", "create", "--name", "grafana", "--role", "viewer").out().strip();
		assertThat(other).as("every token is new").isNotEqualTo(token).startsWith("osp_");
	}

	@Test
	void listShowsEveryTokenWithItsStateButNeverTheToken() {
		String ci = CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "operator").out().strip();
		String old = CliRunner.run(this.context, "token", "create", "--name", "old", "--role", "viewer", "--expires-in", "12h")
			.out()
			.strip();
		this.jdbc.sql("UPDATE api_tokens SET expires_at = ? WHERE name = 'old'")
			.param(UtcTimes.toDb(Instant.now().minusSeconds(60)))
			.update();

		CliRunner.Result list = CliRunner.run(this.context, "token", "list");

		assertThat(list.exitCode()).isZero();
		List<String> lines = list.out().lines().toList();
		assertThat(lines).hasSize(3);
		assertThat(lines.get(0)).startsWith("NAME").contains("ROLE", "STATE", "CREATED", "EXPIRES", "LAST USED", "CREATED BY");
		assertThat(lines.get(1).split(" +")).startsWith("ci", "operator", "active");
		assertThat(lines.get(1).split(" +")[4]).as("expires").isEqualTo("-");
		assertThat(lines.get(2).split(" +")).startsWith("old", "viewer", "expired");
		assertThat(list.out()).doesNotContain(ci).doesNotContain(old).doesNotContain(ci.substring(4, 20));
	}

	@Test
	void revokeMarksTheTokenRevokedForGoodAndItsNameIsNotReused() {
		CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "operator");

		CliRunner.Result revoked = CliRunner.run(this.context, "token", "revoke", "--name", "ci");

		assertThat(revoked.exitCode()).as(revoked.err()).isZero();
		assertThat(revoked.out()).startsWith("token 'ci' revoked at ");
		assertThat(CliRunner.run(this.context, "token", "list").out().lines().skip(1).findFirst().orElseThrow().split(" +"))
			.startsWith("ci", "operator", "revoked");
		assertThat(CliRunner.run(this.context, "token", "revoke", "--name", "ci").exitCode()).as("again: nothing to do")
			.isZero();
		CliRunner.Result reused = CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "viewer");
		assertThat(reused.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(reused.err()).isEqualTo("ospatch: token 'ci' exists (revoked; a name is never reused); choose another name\n");
		assertThat(reused.out()).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"--name;ci;--role;admin|role 'admin' is not one of viewer, operator",
			"--name;c i;--role;viewer|token name 'c i' is not letters, digits and . _ @ - (up to 64, starting with a letter or digit)",
			"--name;token:ci;--role;viewer|token name 'token:ci' is not letters, digits and . _ @ - (up to 64, starting with a letter or digit)",
			"--name;ci;--role;viewer;--expires-in;90|expires-in '90' is not a number of days or hours, such as 90d or 12h",
			"--name;ci;--role;viewer;--expires-in;0d|expires-in '0d' is not a number of days or hours, such as 90d or 12h",
			"--name;ci;--role;viewer;--expires-in;3651d|expires-in '3651d' is longer than 3650d; leave it out for a token that does not expire" })
	void badInputIsOneLineAndExit2WithNothingStored(String options, String message) {
		List<String> args = new ArrayList<>(List.of("token", "create"));
		args.addAll(List.of(options.split(";")));

		CliRunner.Result result = CliRunner.run(this.context, args.toArray(String[]::new));

		assertThat(result.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(result.err()).isEqualTo("ospatch: " + message + "\n");
		assertThat(result.out()).isEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM api_tokens").query(Long.class).single()).isZero();
	}

	@Test
	void aNameInUseOrAnUnknownTokenIsRefusedWithOneLine() {
		CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "operator");
		String hash = this.jdbc.sql("SELECT token_hash FROM api_tokens").query(String.class).single();

		CliRunner.Result again = CliRunner.run(this.context, "token", "create", "--name", "ci", "--role", "viewer");
		CliRunner.Result unknown = CliRunner.run(this.context, "token", "revoke", "--name", "nope");

		assertThat(again.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(again.err()).isEqualTo("ospatch: token 'ci' exists; choose another name\n");
		assertThat(unknown.exitCode()).isEqualTo(ExitCodes.BAD_INPUT);
		assertThat(unknown.err()).isEqualTo("ospatch: unknown token 'nope'; 'ospatch token list' shows the tokens\n");
		assertThat(this.jdbc.sql("SELECT token_hash FROM api_tokens").query(String.class).single()).isEqualTo(hash);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM api_tokens WHERE revoked_at IS NOT NULL").query(Long.class).single())
			.isZero();
	}

	@Test
	void withNoTokensTheListSaysHowToMakeOne() {
		assertThat(CliRunner.run(this.context, "token", "list").out()).isEqualTo("no API tokens; 'ospatch token create' makes one\n");
	}

}
