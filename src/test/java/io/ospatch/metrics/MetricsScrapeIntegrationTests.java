package io.ospatch.metrics;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ospatch.cli.CliRunner;
import io.ospatch.cluster.FleetService;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.MovableClock;
import io.ospatch.support.FakeAnsible;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * What {@code /actuator/prometheus} serves after real runs: patches through the CLI with the fake
 * {@code ansible-playbook} (every node patched to Debian 12.12, its stream's target) on an embedded
 * H2 database and a clock the test moves, then the Prometheus registry's scrape, read back.
 */
@Import(MovableClock.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:metrics;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.reports-dir=target/metrics-scrape-tests/reports",
		// the metrics are set up where they are scraped: in ospatch serve, a web application
		"spring.main.web-application-type=servlet", "ospatch.web.users-file=src/test/resources/web/users.yaml" })
class MetricsScrapeIntegrationTests {

	/** Each test starts a day after the last, so that no reading of an earlier test is fresh. */
	private static int tests;

	private Instant start;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PrometheusMeterRegistry registry;

	@Autowired
	MovableClock.Moving clock;

	@DynamicPropertySource
	static void fakeAnsible(DynamicPropertyRegistry properties) {
		properties.add("ospatch.ansible.binary",
				() -> FakeAnsible.install(Path.of("target", "metrics-scrape-tests", "bin").toAbsolutePath()).toString());
	}

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.start = MovableClock.START.plus(Duration.ofDays(tests++));
		this.clock.set(this.start);
	}

	@Test
	void afterARunTheScrapeHasEachClustersGaugesAndTheChunkHistogram() {
		// given: alpha patched (3 chunks of one node), bravo never patched, legacy a kind ospatch does not patch
		cluster("alpha", 3);
		cluster("bravo", 1);
		cli("cluster", "add", "legacy", "--kind", "imported");
		CliRunner.Result patched = cli("patch", "--cluster", "alpha");
		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		this.clock.move(Duration.ofMinutes(5));

		// when
		Scrape scrape = scrape();

		// then
		assertThat(scrape.startingWith("ospatch_cluster_nodes{")).containsOnly(
				entry("ospatch_cluster_nodes{cluster=\"alpha\",kind=\"provisioned\"}", 3.0),
				entry("ospatch_cluster_nodes{cluster=\"bravo\",kind=\"provisioned\"}", 1.0),
				entry("ospatch_cluster_nodes{cluster=\"legacy\",kind=\"imported\"}", 0.0));
		assertThat(scrape.startingWith("ospatch_cluster_nodes_compliant"))
			.containsOnly(entry("ospatch_cluster_nodes_compliant{cluster=\"alpha\",kind=\"provisioned\"}", 3.0));
		assertThat(scrape.startingWith("ospatch_cluster_last_run_outcome"))
			.containsEntry(outcome("ospatch_cluster_last_run_outcome", "alpha", "compliant"), 1.0)
			.containsEntry(outcome("ospatch_cluster_last_run_outcome", "alpha", "halted"), 0.0)
			.containsEntry(outcome("ospatch_cluster_last_run_outcome", "alpha", "running"), 0.0)
			.hasSize(9)
			.as("one series per outcome, 1 for the latest").containsValues(1.0, 0.0);
		assertThat(scrape.startingWith("ospatch_cluster_last_compliant_run_timestamp_seconds"))
			.containsOnly(entry("ospatch_cluster_last_compliant_run_timestamp_seconds{cluster=\"alpha\",kind=\"provisioned\"}",
					(double) this.start.getEpochSecond()));
		assertThat(scrape.startingWith("ospatch_runs{cluster=\"alpha\""))
			.containsEntry(outcome("ospatch_runs", "alpha", "compliant"), 1.0)
			.containsEntry(outcome("ospatch_runs", "alpha", "halted"), 0.0)
			.hasSize(9);
		assertThat(scrape.startingWith("ospatch_runs{cluster=\"bravo\"").values()).hasSize(9).containsOnly(0.0);
		assertThat(scrape.samples())
			.containsEntry("ospatch_chunk_duration_seconds_count{cluster=\"alpha\"}", 3.0)
			.containsEntry("ospatch_chunk_duration_seconds_bucket{cluster=\"alpha\",le=\"10.0\"}", 3.0)
			.doesNotContainKey("ospatch_chunk_duration_seconds_count{cluster=\"bravo\"}");
	}

	@Test
	void anEksClusterIsCountedInNodeGroupsInGaugesOfTheirOwn() {
		// given: an eks cluster whose run updated one node group and failed another; one never patched
		eksRun("hotel", NodegroupStatus.SUCCESSFUL, NodegroupStatus.FAILED);
		assertThat(cli("cluster", "add", "india", "--kind", "eks", "--eks-cluster", "india", "--region", "eu-west-1")
			.exitCode()).isZero();
		cluster("juliett", 1);

		// when
		Scrape scrape = scrape();

		// then
		assertThat(scrape.startingWith("ospatch_cluster_nodegroups{")).containsOnly(
				entry("ospatch_cluster_nodegroups{cluster=\"hotel\",kind=\"eks\"}", 2.0),
				entry("ospatch_cluster_nodegroups{cluster=\"india\",kind=\"eks\"}", 0.0));
		assertThat(scrape.startingWith("ospatch_cluster_nodegroups_compliant"))
			.containsOnly(entry("ospatch_cluster_nodegroups_compliant{cluster=\"hotel\",kind=\"eks\"}", 1.0));
		assertThat(scrape.startingWith("ospatch_cluster_nodes")).as("node groups are not nodes")
			.containsOnlyKeys(nodes("juliett"));
		assertThat(scrape.startingWith("ospatch_cluster_last_run_outcome{cluster=\"hotel\""))
			.containsEntry("ospatch_cluster_last_run_outcome{cluster=\"hotel\",kind=\"eks\",outcome=\"halted\"}", 1.0);
		assertThat(scrape.types()).containsEntry("ospatch_cluster_nodegroups", "gauge")
			.containsEntry("ospatch_cluster_nodegroups_compliant", "gauge");
	}

	@Test
	void aRemovedClusterLeavesTheScrapeAndANewOneJoinsItOnceTheReadingIsOlderThanFifteenSeconds() {
		// given
		cluster("charlie", 1);
		cluster("delta", 2);
		assertThat(cli("patch", "--cluster", "charlie").exitCode()).isZero();
		assertThat(scrape().startingWith("ospatch_cluster_nodes{")).containsOnlyKeys(nodes("charlie"), nodes("delta"));

		// when
		assertThat(cli("cluster", "remove", "charlie", "--with-history").exitCode()).isZero();
		cluster("echo", 1);

		// then: one reading serves the scrapes of the next 15 s
		this.clock.move(Duration.ofSeconds(14));
		assertThat(scrape().startingWith("ospatch_cluster_nodes{")).containsOnlyKeys(nodes("charlie"), nodes("delta"));
		this.clock.move(Duration.ofSeconds(1));
		Scrape scrape = scrape();
		assertThat(scrape.startingWith("ospatch_cluster_nodes{")).containsOnlyKeys(nodes("delta"), nodes("echo"));
		assertThat(scrape.samples().keySet().stream().filter((series) -> series.startsWith("ospatch_cluster")
				|| series.startsWith("ospatch_runs"))).noneMatch((series) -> series.contains("charlie"));
	}

	@Test
	void namesFollowPrometheusConventions() {
		// given
		cluster("foxtrot", 1);
		assertThat(cli("patch", "--cluster", "foxtrot").exitCode()).isZero();
		eksRun("kilo", NodegroupStatus.SUCCESSFUL);

		// when
		Map<String, String> types = scrape().types();

		// then
		Map<String, String> ours = Map.of("ospatch_cluster_nodes", "gauge", "ospatch_cluster_nodes_compliant", "gauge",
				"ospatch_cluster_nodegroups", "gauge", "ospatch_cluster_nodegroups_compliant", "gauge",
				"ospatch_cluster_last_run_outcome", "gauge", "ospatch_cluster_last_compliant_run_timestamp_seconds",
				"gauge", "ospatch_runs", "gauge", "ospatch_chunk_duration_seconds", "histogram",
				"ospatch_chunk_duration_seconds_max", "gauge");
		assertThat(types).containsAllEntriesOf(ours);
		assertThat(types.keySet().stream().filter((name) -> name.startsWith("ospatch_")))
			.containsExactlyInAnyOrderElementsOf(ours.keySet())
			.allMatch((name) -> name.matches("[a-z][a-z0-9_]*"), "lower snake case")
			.noneMatch((name) -> types.get(name).equals("gauge") && name.endsWith("_total"))
			.filteredOn((name) -> name.contains("duration") || name.contains("timestamp"))
			.allMatch((name) -> name.endsWith("_seconds") || name.endsWith("_seconds_max"), "the unit in the name");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aDatabaseThatCannotBeReadLeavesTheFleetOutOfTheScrapeWithOneLineAndTheScrapeWorks(CapturedOutput output) {
		// given
		cluster("golf", 1);
		this.jdbc.sql("ALTER TABLE patch_runs RENAME TO patch_runs_away").update();
		try {
			// when
			Scrape scrape = scrape();

			// then
			assertThat(scrape.startingWith("ospatch_cluster")).isEmpty();
			assertThat(scrape.startingWith("ospatch_runs")).isEmpty();
			assertThat(scrape.samples()).isNotEmpty();
			String warning = output.getAll().lines().filter((line) -> line.contains("fleet metrics not read")).findFirst().orElseThrow();
			assertThat(warning).contains("WARN").containsIgnoringCase("patch_runs");
			assertThat(output).as("one line: no SQL, no stack trace").doesNotContain("FROM patch_runs").doesNotContain("\tat ");
		}
		finally {
			this.jdbc.sql("ALTER TABLE patch_runs_away RENAME TO patch_runs").update();
		}
		this.clock.move(FleetMetrics.MAX_AGE);
		assertThat(scrape().startingWith("ospatch_cluster_nodes{")).containsOnlyKeys(nodes("golf"));
	}

	@Test
	void theHealthIsTheDatabasesAndNotTheMailServers() {
		// when
		HealthEndpoint health = this.context.getBean(HealthEndpoint.class);

		// then
		assertThat(health.healthForPath("db").getStatus()).isEqualTo(Status.UP);
		assertThat(health.healthForPath("mail")).isNull();
	}

	private Scrape scrape() {
		return Scrape.of(this.registry.scrape());
	}

	/** A provisioned cluster of a control-plane node and workers, patched one node at a time. */
	private void cluster(String name, int nodes) {
		assertThat(cli("cluster", "add", name, "--max-unavailable", "1").exitCode()).isZero();
		for (int i = 1; i <= nodes; i++) {
			assertThat(cli("node", "add", name, name + "-" + i, "--address", "127.0.0.1", "--port", "230" + i, "--role",
					(i == 1) ? "control-plane" : "worker")
				.exitCode()).isZero();
		}
	}

	/** An eks cluster with a halted run that left its node groups (a, b, …) with these statuses. */
	private void eksRun(String name, NodegroupStatus... statuses) {
		assertThat(cli("cluster", "add", name, "--kind", "eks", "--eks-cluster", name, "--region", "eu-west-1").exitCode())
			.isZero();
		RunRepository runs = this.context.getBean(RunRepository.class);
		long run = runs.create(UUID.randomUUID().toString(), this.context.getBean(FleetService.class).cluster(name).id(),
				Trigger.SCHEDULED, "cronjob", this.start);
		for (int i = 0; i < statuses.length; i++) {
			this.context.getBean(NodegroupResultRepository.class)
				.ended(run, new NodegroupResult("ng-" + (char) ('a' + i), "1.31.0-20241011",
						statuses[i].upToDate() ? "1.31.2-20241109" : null, "update-" + i, statuses[i], null, this.start,
						this.start.plusSeconds(600)));
		}
		runs.finish(run, RunOutcome.HALTED, "a node group failed", this.start.plusSeconds(601));
	}

	private static String nodes(String cluster) {
		return "ospatch_cluster_nodes{cluster=\"" + cluster + "\",kind=\"provisioned\"}";
	}

	private static String outcome(String metric, String cluster, String outcome) {
		return metric + "{cluster=\"" + cluster + "\",kind=\"provisioned\",outcome=\"" + outcome + "\"}";
	}

	private CliRunner.Result cli(String... args) {
		return CliRunner.run(this.context, args);
	}

}
