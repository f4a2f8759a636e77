package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schedules on the command line: {@code ospatch schedule} prints fire times and nothing else; a
 * schedule that is malformed, never fires, or is given to a cluster kind ospatch does not patch is
 * refused with exit 2 and one line, changing nothing; changing a schedule or timezone moves the
 * cluster's next fire time.
 */
@SpringBootTest
class ScheduleCommandIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void scheduleListsTheNextFireTimesInTheTimezoneAndNothingElse() {
		CliRunner.Result fires = run("schedule", "--schedule", "weekly", "--timezone", "Europe/Berlin", "--after",
				"2026-11-25T00:00:00Z", "--count", "3");

		assertThat(fires.exitCode()).as(fires.err()).isZero();
		assertThat(fires.out()).isEqualTo("2026-11-29T00:00+01:00\n2026-12-06T00:00+01:00\n2026-12-13T00:00+01:00\n");
		assertThat(fires.err()).isEmpty();
		assertThat(run("schedule", "--schedule", "30 2 15 6 *", "--after", "2026-11-25T00:00+01:00", "--count", "1").out())
			.isEqualTo("2027-06-15T02:30Z\n");
	}

	@Test
	void scheduleOfAClusterUsesItsScheduleAndTimezone() {
		run("cluster", "add", "prod", "--schedule", "every-two-months", "--timezone", "America/New_York");

		CliRunner.Result fires = run("schedule", "--cluster", "prod", "--after", "2026-08-15T00:00:00Z", "--count", "2");

		assertThat(fires.exitCode()).as(fires.err()).isZero();
		assertThat(fires.out()).isEqualTo("2026-09-01T00:00-04:00\n2026-11-01T00:00-04:00\n");
	}

	@Test
	void badScheduleArgumentsExit2WithOneLine() {
		run("cluster", "add", "plain");
		assertRefused(run("schedule", "--schedule", "0 0 31 2 *"), "invalid schedule '0 0 31 2 *': it never fires");
		assertRefused(run("schedule", "--schedule", "weekly", "--count", "0"), "--count must be 1-1000");
		assertRefused(run("schedule", "--schedule", "weekly", "--after", "tomorrow"), "invalid --after 'tomorrow'");
		assertRefused(run("schedule", "--schedule", "weekly", "--timezone", "Mars/Olympus"), "unknown timezone");
		assertRefused(run("schedule", "--cluster", "plain"), "cluster 'plain' has no schedule");
		assertRefused(run("schedule", "--cluster", "nope"), "unknown cluster 'nope'");
		assertRefused(run("scheduled", "--now", "soon"), "invalid --now 'soon'");
		assertRefused(run("scheduled", "--schedule", "fortnightly"), "invalid schedule 'fortnightly'");
	}

	@Test
	void aScheduleThatIsMalformedOrNeverFiresChangesNothing() throws Exception {
		run("cluster", "add", "prod", "--schedule", "weekly");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		assertRefused(run("cluster", "add", "new", "--schedule", "0 0 31 2 *"),
				"cluster 'new': invalid schedule '0 0 31 2 *': it never fires");
		assertRefused(run("cluster", "set", "prod", "--schedule", "61 * * * *", "--max-unavailable", "3"),
				"cluster 'prod': invalid schedule '61 * * * *': minute: 61 is out of range 0-59");
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: prod
				    schedule: "0 0 * *"
				""");
		assertRefused(run("import", fleet.toString()), "invalid schedule '0 0 * *'");

		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
		assertThat(run("cluster", "show", "prod").out()).contains("schedule:        weekly").contains("max-unavailable: 1");
	}

	@Test
	void clusterKindsOspatchDoesNotPatchCannotHaveASchedule() throws Exception {
		run("cluster", "add", "prod", "--schedule", "weekly");
		run("cluster", "add", "managed", "--kind", "aks");
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		assertRefused(run("cluster", "add", "legacy", "--kind", "imported", "--schedule", "weekly"),
				"cluster 'legacy' cannot have a schedule: imported clusters are managed by their own tooling");
		assertRefused(run("cluster", "set", "managed", "--schedule", "monthly"), "cluster 'managed' cannot have a schedule: AKS");
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
		assertThat(run("cluster", "set", "managed", "--schedule", "none").exitCode()).as("none is no schedule").isZero();
	}

	@Test
	void anEksClusterGetsAScheduleLikeAnyClusterOspatchPatches() throws Exception {
		run("cluster", "add", "prod", "--schedule", "weekly");
		CliRunner.Result set = run("cluster", "set", "prod", "--kind", "eks", "--eks-cluster", "prod", "--region",
				"eu-west-1");
		assertThat(set.exitCode()).as(set.err()).isZero();
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: eks-1
				    kind: eks
				    eks-cluster: eks-1
				    region: eu-west-1
				    schedule: monthly
				""");
		CliRunner.Result imported = run("import", fleet.toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();

		assertThat(run("cluster", "show", "prod").out()).contains("kind:            eks\n").contains("schedule:        weekly");
		assertThat(run("cluster", "show", "eks-1").out()).contains("schedule:        monthly");
		assertThat(nextFireTime("eks-1")).startsWith("monthly");
	}

	@Test
	void changingTheScheduleOrTimezoneMovesTheNextFireTime() throws Exception {
		run("cluster", "add", "prod", "--schedule", "30 2 15 6 *");
		assertThat(nextFireTime("prod")).startsWith("30 2 15 6 *").endsWith("-06-15T02:30Z");

		run("cluster", "set", "prod", "--timezone", "Asia/Kolkata");
		assertThat(nextFireTime("prod")).endsWith("-06-15T02:30+05:30");

		run("cluster", "set", "prod", "--schedule", "none");
		assertThat(run("cluster", "show", "prod").out()).contains("schedule:        none").doesNotContain("next fire time");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM next_fire_times").query(Long.class).single()).isZero();

		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: prod
				    schedule: monthly
				""");
		run("import", fleet.toString());
		assertThat(nextFireTime("prod")).startsWith("monthly").contains("-01T00:00+05:30");
		assertThat(run("schedule", "--cluster", "prod", "--count", "1").out().strip())
			.isEqualTo(nextFireTime("prod").substring("monthly".length()).strip());
	}

	/** The schedule and next fire time columns of {@code cluster list}. */
	private String nextFireTime(String cluster) {
		String out = run("cluster", "list").out();
		String row = out.lines().filter((line) -> line.startsWith(cluster + " ")).findFirst().orElseThrow();
		return row.substring(out.lines().findFirst().orElseThrow().indexOf("SCHEDULE")).strip().replaceAll("\\s{2,}", " ");
	}

	private static void assertRefused(CliRunner.Result result, String message) {
		assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(2);
		assertThat(result.err()).startsWith("ospatch: ").contains(message).doesNotContain("\tat ");
		assertThat(result.err().lines()).hasSize(1);
		assertThat(result.out()).isEmpty();
	}

	private CliRunner.Result run(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		if (args[0].equals("cluster") && result.exitCode() == 0) {
			assertThat(result.err()).isEmpty();
		}
		return result;
	}

}
