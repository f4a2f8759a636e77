package io.ospatch.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ospatch.OspatchProperties;
import io.ospatch.report.FleetScenario;
import io.ospatch.report.RunReportRenderer;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch report}: {@code --run} renders a run's report and the fleet index again and prints
 * their paths; {@code --cluster} prints the path of the cluster's latest report, rendering it only
 * when it is not on disk. Unknown runs and clusters, a cluster without runs, and both or neither
 * option are bad input: exit 2, one line, nothing on stdout. The per-run report itself is another
 * feature's: here a stand-in writes its files where the real one does.
 */
@SpringBootTest
class ReportCommandIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OspatchProperties properties;

	@Autowired
	StandInReports rendered;

	FleetScenario fleet;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.rendered.clear();
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
		assertThat(this.rendered).containsExactly(run);
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
		CliRunner.Result second = run("report", "--cluster", "alpha");

		// then
		assertThat(first.exitCode()).as(first.err()).isZero();
		assertThat(first.out()).isEqualTo(html + "\n");
		assertThat(html).isRegularFile();
		assertThat(second.exitCode()).as(second.err()).isZero();
		assertThat(second.out()).isEqualTo(first.out());
		assertThat(this.rendered).as("rendered once: the second found it on disk").containsExactly(latest);
	}

	@Test
	void unknownRunsAndClustersAndClustersWithoutRunsAreOneLineExit2() {
		this.fleet.cluster("fresh", 1);

		assertRefused(run("report", "--run", "987654321"), "ospatch: no run 987654321");
		assertRefused(run("report", "--cluster", "nope"), "ospatch: unknown cluster 'nope'");
		assertRefused(run("report", "--cluster", "fresh"), "ospatch: cluster 'fresh' has no runs yet");
		assertThat(this.rendered).isEmpty();
	}

	@Test
	void exactlyOneOfRunOrClusterIsRequired() {
		assertUsageError(run("report"), "Missing required argument");
		assertUsageError(run("report", "--run", "1", "--cluster", "alpha"), "mutually exclusive");
		assertUsageError(run("report", "--run", "first"), "'first' is not a long");
		assertThat(this.rendered).isEmpty();
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

	/** Stands in for the per-run report: writes its three files where the real one does, and counts. */
	static class StandInReports extends CopyOnWriteArrayList<Long> implements RunReportRenderer {

		private final RunRepository runs;

		private final Path reportsDir;

		StandInReports(RunRepository runs, Path reportsDir) {
			this.runs = runs;
			this.reportsDir = reportsDir;
		}

		@Override
		public List<Path> render(long runId) {
			add(runId);
			String cluster = this.runs.find(runId).orElseThrow().clusterName();
			try {
				Path dir = Files.createDirectories(this.reportsDir.resolve(cluster));
				return List.of(Files.writeString(dir.resolve(runId + ".html"), "<p>run " + runId + "</p>"),
						Files.writeString(dir.resolve(runId + ".json"), "{}"),
						Files.writeString(dir.resolve(runId + ".csv"), "node"));
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		}

	}

	@TestConfiguration
	static class StandInReportsConfiguration {

		@Bean
		StandInReports standInReports(RunRepository runs, OspatchProperties properties) {
			return new StandInReports(runs, properties.reportsDir());
		}

	}

}
