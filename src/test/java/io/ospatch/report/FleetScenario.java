package io.ospatch.report;

import java.time.Instant;
import java.util.List;

import io.ospatch.cli.CliRunner;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fleet in the test database, built through the same command lines and repositories as a real
 * one: clusters and nodes by {@code cluster add} and {@code node add}, runs and node results as the
 * rollout records them.
 */
public final class FleetScenario {

	/** Debian 12's target in these runs: a node on it is compliant, one on 12.4 is not. */
	public static final String TARGET = "12.12";

	private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");

	private final ApplicationContext context;

	public FleetScenario(ApplicationContext context) {
		this.context = context;
	}

	/** {@code cluster add NAME ARGS...} with {@code nodes} workers, w-1 to w-N. */
	public FleetScenario cluster(String name, int nodes, String... settings) {
		String[] add = new String[3 + settings.length];
		add[0] = "cluster";
		add[1] = "add";
		add[2] = name;
		System.arraycopy(settings, 0, add, 3, settings.length);
		cli(add);
		for (int i = 1; i <= nodes; i++) {
			cli("node", "add", name, "w-" + i, "--address", "10.0." + (name.length() % 200) + "." + i, "--role", "worker");
		}
		return this;
	}

	/**
	 * A finished run of the cluster in which its first {@code compliant} nodes end on the target and
	 * the others stay behind.
	 * @return its id
	 */
	public long run(String cluster, RunOutcome outcome, String detail, int compliant) {
		RunRepository runs = this.context.getBean(RunRepository.class);
		FleetService fleet = this.context.getBean(FleetService.class);
		Cluster found = fleet.cluster(cluster);
		long runId = runs.create("launch-" + System.nanoTime(), found.id(), Trigger.ON_DEMAND, "tests", NOW);
		List<Node> nodes = fleet.nodes(found);
		for (int i = 0; i < nodes.size(); i++) {
			boolean current = i < compliant;
			NodeResult result = new NodeResult(nodes.get(i).name(), 1,
					current ? NodeResultStatus.PATCHED : NodeResultStatus.SKIPPED, current ? null : "failed", "Debian",
					"12.4", "6.1.0-9", current ? TARGET : null, null, TARGET, current ? 12 : 0, List.of(), false, 1,
					current ? null : "apt failed", NOW, NOW.plusSeconds(60));
			this.context.getBean(NodeResultRepository.class).insert(runId, nodes.get(i).id(), result, List.of());
		}
		runs.finish(runId, outcome, detail, NOW.plusSeconds(120));
		return runId;
	}

	/** A fire time recorded as missed: a run without node results. */
	public void missed(String cluster, Instant fireTime) {
		Cluster found = this.context.getBean(FleetService.class).cluster(cluster);
		assertThat(this.context.getBean(RunRepository.class)
			.recordMissed("launch-" + System.nanoTime(), found.id(), fireTime, "tests", "found too late", NOW)).isTrue();
	}

	private void cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
	}

}
