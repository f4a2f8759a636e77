package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import io.ospatch.OspatchProperties;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch report}: {@code --run} renders a run's report and the fleet index again and prints
 * their paths; {@code --cluster} prints the path of the cluster's latest report, rendering it only
 * when it is not on disk. Unknown runs and clusters, a cluster without runs, and both or neither
 * option are bad input: exit 2, one line, nothing on stdout, no report written. (What a report
 * holds is ReportRenderingTests' business; {@code --resend}, RunMailerIntegrationTests'.)
 */
@SpringBootTest
class ReportCommandIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OspatchProperties properties;

	FleetScenario fleet;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.fleet = new FleetScenario(this.context);
	}

	@Test
	void reportOfARunRendersItAndTheIndexAndPrintsTheirPaths() throws Exception {
		// given
		this.fleet.cluster("alpha", 2);
		long run = this.fleet.run("alpha", RunOutcome.PARTIAL, null, 1);

		// when
		CliRunner.Result report = run("report", "--run", Long.toString(run));

		// then
		assertThat(report.exitCode()).as(report.err()).isZero();
		assertThat(report.err()).isEmpty();
		Path cluster = this.properties.reportsDir().toAbsolutePath().normalize().resolve("alpha");
		Path index = this.properties.reportsDir().toAbsolutePath().normalize().resolve("index.html");
		assertThat(report.out().lines()).containsExactly(cluster.resolve(run + ".html").toString(),
				cluster.resolve(run + ".json").toString(), cluster.resolve(run + ".csv").toString(), index.toString());
		assertThat(Files.readString(cluster.resolve(run + ".html"))).contains("alpha").contains("partial");
		assertThat(Files.readString(index)).contains("href=\"alpha/" + run + ".html\"");
	}

	@Test
	void reportOfAClusterPrintsItsLatestReportRenderingItOnlyWhenMissing() throws Exception {
		// given
		this.fleet.cluster("alpha", 1);
		this.fleet.run("alpha", RunOutcome.HALTED, "budget", 0);
		long latest = this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 1);
		Path html = this.properties.reportsDir().toAbsolutePath().normalize().resolve("alpha").resolve(latest + ".html");
		Files.deleteIfExists(html);

		// when
		CliRunner.Result first = run("report", "--cluster", "alpha");
		FileTime marked = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
		Files.setLastModifiedTime(html, marked);
		CliRunner.Result second = run("report", "--cluster", "alpha");

		// then
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(first.out()).isEqualTo(html + "\n");
		assertThat(html).isRegularFile();
		assertThat(second.exitCode()).as(second.err()).isZero();
		assertThat(second.out()).isEqualTo(first.out());
		assertThat(Files.getLastModifiedTime(html)).as("rendered once: the second found it on disk").isEqualTo(marked);
	}

	@Test
	void resendOfARunThatIsNotFinishedIsRefusedBeforeAnythingIsWritten() {
		// given
		this.fleet.cluster("alpha", 1);
		long run = this.fleet.run("alpha", RunOutcome.STOPPED, "stopped", 0);

		// when
		CliRunner.Result resend = run("report", "--run", Long.toString(run), "--resend");

		// then
		assertRefused(resend, "ospatch: run " + run + " is stopped: only a finished run is mailed");
		assertThat(reportsDir().resolve("alpha").resolve(run + ".html")).doesNotExist();
	}

	@Test
	void unknownRunsAndClustersAndClustersWithoutRunsAreOneLineExit2() {
		this.fleet.cluster("fresh", 1);

		assertRefused(run("report", "--run", "987654321"), "ospatch: no run 987654321");
		assertRefused(run("report", "--cluster", "nope"), "ospatch: unknown cluster 'nope'");
		assertRefused(run("report", "--cluster", "fresh"), "ospatch: cluster 'fresh' has no runs yet");
		assertThat(reportsDir().resolve("fresh")).as("no report for a cluster without runs").doesNotExist();
	}

	@Test
	void exactlyOneOfRunOrClusterIsRequired() {
		assertUsageError(run("report"), "Missing required argument");
		assertUsageError(run("report", "--run", "1", "--cluster", "alpha"), "mutually exclusive");
		assertUsageError(run("report", "--run", "first"), "'first' is not a long");
		assertRefused(run("report", "--cluster", "alpha", "--resend"), "ospatch: --resend goes with --run ID");
	}

	private static void assertRefused(CliRunner.Result result, String line) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement().asString().startsWith(line);
		assertThat(result.out()).isEmpty();
	}

	/** Usage errors get the line, then the command's usage, as for every command. */
	private static void assertUsageError(CliRunner.Result result, String message) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err().lines().findFirst()).hasValueSatisfying(
				(line) -> assertThat(line).startsWith("ospatch: ").contains(message));
		assertThat(result.err()).doesNotContain("\tat ");
		assertThat(result.out()).isEmpty();
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

	private Path reportsDir() {
		return this.properties.reportsDir().toAbsolutePath().normalize();
	}

}
