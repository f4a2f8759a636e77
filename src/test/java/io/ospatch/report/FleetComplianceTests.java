package io.ospatch.report;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import io.ospatch.cli.CliRunner;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.report.FleetCompliance.Standing;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The fleet's compliance from the real repositories: per cluster the compliance after its latest run
 * with node results (as {@link RunFigures} counts it), failed and halted clusters first, clusters
 * never patched and kinds ospatch does not patch listed but counted in no total.
 */
@SpringBootTest
class FleetComplianceTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FleetCompliance compliance;

	@Autowired
	NodegroupResultRepository nodegroups;

	FleetScenario fleet;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.fleet = new FleetScenario(this.context);
	}

	@Test
	void eachClusterStandsAsItsLatestRunWithNodeResultsLeftIt() {
		// given
		this.fleet.cluster("alpha", 3, "--schedule", "weekly", "--timezone", "Europe/Berlin")
			.cluster("bravo", 2)
			.cluster("charlie", 2)
			.cluster("delta", 4)
			.cluster("echo", 1)
			.cluster("legacy", 1, "--kind", "imported");
		this.fleet.run("alpha", RunOutcome.HALTED, "budget", 0);
		long alphaLatest = this.fleet.run("alpha", RunOutcome.PARTIAL, null, 2);
		long bravo = this.fleet.run("bravo", RunOutcome.HALTED, "2 nodes skipped, budget 1", 1);
		long charlie = this.fleet.run("charlie", RunOutcome.COMPLIANT, null, 2);
		this.fleet.missed("charlie", Instant.parse("2026-11-22T00:00:00Z"));
		this.fleet.run("echo", RunOutcome.FAILED, "database went away", 0);

		// when
		Standing standing = this.compliance.standing();

		// then: halted, missed and failed first, then by name
		assertThat(standing.clusters()).extracting(ClusterStanding::cluster)
			.containsExactly("bravo", "charlie", "echo", "alpha", "delta", "legacy");
		ClusterStanding alpha = find(standing, "alpha");
		assertThat(alpha.figuresRun()).isEqualTo(alphaLatest);
		assertThat(alpha.nodes()).isEqualTo(3);
		assertThat(alpha.compliant()).isEqualTo(2);
		assertThat(alpha.share()).hasValueSatisfying((share) -> assertThat(share).isCloseTo(2.0 / 3, within(1e-9)));
		assertThat(FleetCompliance.percent(alpha.share())).isEqualTo("66.6%");
		assertThat(alpha.needsAttention()).isFalse();
		assertThat(alpha.nextPatch()).isNotNull();
		assertThat(alpha.nextPatch().getZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(alpha.nextPatch().getDayOfWeek()).hasToString("SUNDAY");
		assertThat(alpha.nextPatch().getHour()).isZero();

		ClusterStanding halted = find(standing, "bravo");
		assertThat(halted.needsAttention()).isTrue();
		assertThat(halted.latestRun().id()).isEqualTo(bravo);
		assertThat(halted.compliant()).isEqualTo(1);
		assertThat(halted.nextPatch()).as("no schedule").isNull();

		ClusterStanding missedLast = find(standing, "charlie");
		assertThat(missedLast.latestRun().outcome()).isEqualTo(RunOutcome.MISSED);
		assertThat(missedLast.figuresRun()).as("a missed record has no node results").isEqualTo(charlie);
		assertThat(missedLast.compliant()).isEqualTo(2);
		assertThat(missedLast.needsAttention()).as("its latest fire time was not patched").isTrue();

		ClusterStanding never = find(standing, "delta");
		assertThat(never.neverPatched()).isTrue();
		assertThat(never.nodes()).as("its registered nodes").isEqualTo(4);
		assertThat(never.compliant()).isNull();
		assertThat(never.share()).isEmpty();

		ClusterStanding imported = find(standing, "legacy");
		assertThat(imported.kind()).isEqualTo(ClusterKind.IMPORTED);
		assertThat(imported.patchable()).isFalse();
		assertThat(imported.neverPatched()).isFalse();
		assertThat(imported.refusal()).contains("managed by their own tooling");
		assertThat(imported.compliant()).isNull();

		assertThat(find(standing, "echo").needsAttention()).isTrue();
		assertThat(find(standing, "echo").compliant()).isZero();

		// the fleet: alpha 2/3 + bravo 1/2 + charlie 2/2 + echo 0/1; delta and legacy not measured
		assertThat(standing.nodes()).isEqualTo(8);
		assertThat(standing.compliant()).isEqualTo(5);
		assertThat(FleetCompliance.percent(standing.share())).isEqualTo("62.5%");
	}

	@Test
	void aBootRunOfItsNewNodesDoesNotMeasureACluster() {
		// given: a run of all three nodes left one compliant; then a boot run patched a new node
		this.fleet.cluster("alpha", 3);
		long full = this.fleet.run("alpha", RunOutcome.PARTIAL, null, 1);
		long boot = this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 3);
		this.jdbc.sql("DELETE FROM node_results WHERE run_id = ? AND node_id <> (SELECT MIN(id) FROM nodes)")
			.param(boot)
			.update();
		this.jdbc.sql("INSERT INTO patch_run_nodes (run_id, node_id) SELECT ?, MIN(id) FROM nodes").param(boot).update();

		// when
		ClusterStanding alpha = find(this.compliance.standing(), "alpha");

		// then: the boot run's 1 of 1 does not stand for the cluster
		assertThat(alpha.latestRun().id()).isEqualTo(boot);
		assertThat(alpha.figuresRun()).isEqualTo(full);
		assertThat(alpha.nodes()).isEqualTo(3);
		assertThat(alpha.compliant()).isEqualTo(1);
	}

	@Test
	void aClusterWithOnlyABootRunIsMeasuredByIt() {
		// given
		this.fleet.cluster("alpha", 2);
		long boot = this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 2);
		this.jdbc.sql("INSERT INTO patch_run_nodes (run_id, node_id) SELECT ?, id FROM nodes").param(boot).update();

		// when
		ClusterStanding alpha = find(this.compliance.standing(), "alpha");

		// then
		assertThat(alpha.figuresRun()).isEqualTo(boot);
		assertThat(alpha.compliant()).isEqualTo(2);
	}

	@Test
	void aClusterWhoseKindIsNoLongerPatchedIsListedButNotMeasured() {
		// given
		this.fleet.cluster("alpha", 2).cluster("moved", 3);
		this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 2);
		this.fleet.run("moved", RunOutcome.PARTIAL, null, 1);
		assertThat(CliRunner.run(this.context, "cluster", "set", "moved", "--kind", "aks").exitCode()).isZero();

		// when
		Standing standing = this.compliance.standing();

		// then
		ClusterStanding moved = find(standing, "moved");
		assertThat(moved.refusal()).contains("AKS");
		assertThat(moved.compliant()).isNull();
		assertThat(moved.figuresRun()).isNull();
		assertThat(moved.latestRun()).isNotNull();
		assertThat(standing.nodes()).isEqualTo(2);
		assertThat(standing.compliant()).isEqualTo(2);
	}

	@Test
	void anEmptyFleetHasNoShare() {
		Standing standing = this.compliance.standing();

		assertThat(standing.clusters()).isEmpty();
		assertThat(standing.share()).isEmpty();
		assertThat(FleetCompliance.percent(standing.share())).isEqualTo("-");
	}

	@Test
	void aShareIsRoundedDownSoThatAlmostAllNeverReadsAsAll() {
		assertThat(FleetCompliance.percent(FleetCompliance.share(1999L, 2000))).isEqualTo("99.9%");
		assertThat(FleetCompliance.percent(FleetCompliance.share(2000L, 2000))).isEqualTo("100.0%");
		assertThat(FleetCompliance.percent(FleetCompliance.share(0L, 3))).isEqualTo("0.0%");
	}

	@Test
	void anEksClusterIsMeasuredByTheNodegroupsOfItsLatestRunApartFromTheNodes() {
		// given
		this.fleet.cluster("alpha", 2);
		this.fleet.run("alpha", RunOutcome.COMPLIANT, null, 2);
		long shop = eksRun(NodegroupStatus.FAILED, NodegroupStatus.FAILED);
		long latest = eksRun(NodegroupStatus.SUCCESSFUL, NodegroupStatus.CURRENT, NodegroupStatus.NOT_UPDATABLE);

		// when
		Standing standing = this.compliance.standing();

		// then
		ClusterStanding eks = find(standing, "shop");
		assertThat(shop).isNotEqualTo(latest);
		assertThat(eks.figuresRun()).isEqualTo(latest);
		assertThat(eks.ofNodegroups()).isTrue();
		assertThat(eks.unit()).isEqualTo("node groups");
		assertThat(eks.nodes()).isEqualTo(3);
		assertThat(eks.compliant()).isEqualTo(2);
		assertThat(standing.nodes()).isEqualTo(2);
		assertThat(standing.compliant()).isEqualTo(2);
		assertThat(standing.nodegroups()).isEqualTo(3);
		assertThat(standing.compliantNodegroups()).isEqualTo(2);
		assertThat(FleetCompliance.fleetLine(standing)).isEqualTo(
				"2 of 2 nodes compliant (100.0%) in 1 measured cluster; 2 of 3 node groups up to date (66.6%) in 1 measured EKS cluster");
	}

	@Test
	void theFleetLineCountsNodegroupsApartFromNodes() {
		ClusterStanding nodes = new ClusterStanding("alpha", ClusterKind.PROVISIONED, null, null, 1L, 4, 3L, null,
				ZoneId.of("UTC"), null, FleetCompliance.NODES);
		ClusterStanding nodegroups = new ClusterStanding("shop", ClusterKind.EKS, null, null, 2L, 4, 1L, null,
				ZoneId.of("UTC"), null, FleetCompliance.NODEGROUPS);

		assertThat(FleetCompliance.fleetLine(new Standing(List.of(nodes, nodegroups), 4, 3, 4, 1))).isEqualTo(
				"3 of 4 nodes compliant (75.0%) in 1 measured cluster; 1 of 4 node groups up to date (25.0%) in 1 measured EKS cluster");
		assertThat(FleetCompliance.fleetLine(new Standing(List.of(nodes), 4, 3, 0, 0)))
			.isEqualTo("3 of 4 nodes compliant (75.0%) in 1 measured cluster");
	}

	/** A run of eks cluster {@code shop} (added on first use) that left its node groups so. */
	private long eksRun(NodegroupStatus... statuses) {
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		if (this.jdbc.sql("SELECT COUNT(*) FROM clusters WHERE name = 'shop'").query(Long.class).single() == 0) {
			this.jdbc.sql("INSERT INTO clusters (name, kind, timezone, patch_on_boot, max_unavailable, failure_budget, "
					+ "created_at, updated_at, eks_cluster_name, eks_region) VALUES ('shop', 'eks', 'UTC', FALSE, '1', '1', ?, ?, 'prod', 'eu-west-1')")
				.params(now, now)
				.update();
		}
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'shop'").query(Long.class).single();
		String launch = "eks-" + statuses.length;
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, ended_at, outcome)
				VALUES (?, ?, 'on-demand', 'someone@somewhere', ?, ?, 'partial')""")
			.params(launch, clusterId, now, now)
			.update();
		long runId = this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
		for (int i = 0; i < statuses.length; i++) {
			this.nodegroups.ended(runId, new NodegroupResult("ng-" + i, "1.31.0-20241024", null, null, statuses[i], null,
					null, Instant.now()));
		}
		return runId;
	}

	private static ClusterStanding find(Standing standing, String name) {
		return standing.clusters().stream().filter((cluster) -> cluster.cluster().equals(name)).findFirst().orElseThrow();
	}

}
