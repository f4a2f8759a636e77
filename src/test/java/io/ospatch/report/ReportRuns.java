package io.ospatch.report;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeSpec;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;

/**
 * Runs as the rollout records them, through the real repositories, for report tests: a cluster, its
 * nodes, a run, a result per node with its packages, events.
 */
final class ReportRuns {

	static final Instant START = Instant.parse("2026-11-26T02:00:00Z");

	private final FleetService fleet;

	private final RunRepository runs;

	private final NodeResultRepository results;

	private final RunEvents events;

	ReportRuns(FleetService fleet, RunRepository runs, NodeResultRepository results, RunEvents events) {
		this.fleet = fleet;
		this.runs = runs;
		this.results = results;
		this.events = events;
	}

	/** A new cluster and an unfinished run of it. */
	long run(String cluster, Trigger trigger, String launchedBy, Instant fireTime) {
		this.fleet.addCluster(cluster, ClusterSettings.none());
		long clusterId = this.fleet.cluster(cluster).id();
		long runId = this.runs.create(UUID.randomUUID().toString(), clusterId, trigger, launchedBy, fireTime, START);
		this.events.record(runId, RunEvent.Kind.STARTED, launchedBy, START);
		return runId;
	}

	void finish(long runId, RunOutcome outcome, String detail, Duration took) {
		this.runs.finish(runId, outcome, detail, START.plus(took));
		this.events.record(runId, RunEvent.Kind.ENDED, outcome.value(), START.plus(took));
	}

	void event(long runId, RunEvent.Kind kind, String detail, Duration after) {
		this.events.record(runId, kind, detail, START.plus(after));
	}

	/**
	 * A node of the cluster with its result in the run.
	 * @return the node's id
	 */
	long node(long runId, String cluster, NodeRole role, NodeResult result, List<PackageChange> packages) {
		long nodeId = this.fleet
			.addNode(cluster, new NodeSpec(result.nodeName(), "10.0.0." + (1 + Math.floorMod(result.nodeName().hashCode(), 250)),
					null, role, null))
			.id();
		this.results.insert(runId, nodeId, result, packages);
		return nodeId;
	}

	/** A Debian 12 node's result: patched from 12.4 to 12.12 with its packages, or left as it was. */
	static NodeResult debian(String name, int chunk, NodeResultStatus status, int packages, String error) {
		boolean patched = status == NodeResultStatus.PATCHED;
		boolean reached = patched || status == NodeResultStatus.ALREADY_CURRENT;
		String failure = switch (status) {
			case FAILED, SKIPPED -> "failed";
			case UNREACHABLE -> "unreachable";
			default -> null;
		};
		boolean untouched = status == NodeResultStatus.NOT_ATTEMPTED || status == NodeResultStatus.DEFERRED
				|| status == NodeResultStatus.LEFT_OUT;
		Instant started = untouched ? null : START.plusSeconds(60L * chunk);
		return new NodeResult(name, chunk, status, failure, "Debian", reached && !patched ? "12.12" : "12.4",
				"6.1.0-25-amd64", patched ? "12.12" : null, patched ? "6.1.0-37-amd64" : null, reached ? "12.12" : null,
				packages, patched ? List.of("kubelet", "kubeadm") : List.of(), patched, (started != null) ? 1 + chunk % 2 : 0,
				error, started, (started != null) ? started.plusSeconds(252) : null);
	}

	static List<PackageChange> packages(int count, int seed) {
		return java.util.stream.IntStream.range(0, count)
			.mapToObj((i) -> new PackageChange("pkg-" + i, "1." + i + "-1", "1." + i + "-2", i % 2 == 0,
					(i % 2 == 0) ? List.of("CVE-2025-" + (1000 + i), "CVE-2025-" + (2000 + (seed + i) % 5)) : List.of()))
			.toList();
	}

}
