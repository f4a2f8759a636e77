package io.ospatch.cli;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster's rollout settings from the command line: its maintenance window and whether drains
 * may delete emptyDir data, given, shown, cleared, and refused with one line when bad.
 */
@SpringBootTest
class ClusterRolloutSettingsIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void clean() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void theWindowAndTheDrainPolicyAreStoredShownAndCleared() {
		assertThat(run("cluster", "add", "c1", "--maintenance-window", "90m", "--drain-emptydir-data", "true").exitCode())
			.isZero();

		assertThat(run("cluster", "show", "c1").out()).contains("maintenance-window: 1h30m")
			.contains("drain-emptydir-data true");
		assertThat(stored("maintenance_window")).isEqualTo("1h30m");

		assertThat(run("cluster", "set", "c1", "--maintenance-window", "none").exitCode()).isZero();
		CliRunner.Result shown = run("cluster", "show", "c1");
		assertThat(shown.out()).contains("maintenance-window: none").contains("drain-emptydir-data true");
		assertThat(stored("maintenance_window")).isNull();
	}

	@Test
	void aClusterHasNoWindowAndKeepsEmptyDirDataByDefault() {
		run("cluster", "add", "c1");

		assertThat(run("cluster", "show", "c1").out()).contains("maintenance-window: none")
			.contains("drain:           none: no Kubernetes API (drain-emptydir-data false)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "30s", "0m", "4", "169h", "four hours", "-1h" })
	void aBadWindowIsOneLineAndChangesNothing(String window) {
		run("cluster", "add", "c1", "--maintenance-window", "4h");

		CliRunner.Result refused = run("cluster", "set", "c1", "--maintenance-window", window);

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().strip()).startsWith("ospatch: ").contains("maintenance-window").doesNotContain("\n")
			.doesNotContain("Exception");
		assertThat(stored("maintenance_window")).isEqualTo("4h");
	}

	@Test
	void drainEmptyDirDataIsTrueOrFalse() {
		CliRunner.Result refused = run("cluster", "add", "c1", "--drain-emptydir-data", "maybe");

		assertThat(refused.exitCode()).isEqualTo(2);
		// like every option picocli cannot convert: the line, then the command's usage
		assertThat(refused.err().lines().findFirst().orElseThrow()).startsWith("ospatch: ").contains("--drain-emptydir-data");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM clusters").query(Long.class).single()).isZero();
	}

	private String stored(String column) {
		return this.jdbc.sql("SELECT " + column + " FROM clusters WHERE name = 'c1'").query(String.class).list().get(0);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
