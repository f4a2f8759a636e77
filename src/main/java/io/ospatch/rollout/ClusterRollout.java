package io.ospatch.rollout;

import java.nio.file.Path;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;

/**
 * The state of one cluster's rollout within its partition: the cluster, its chunks, the failure
 * budget and how much of it is spent. Step-scoped, so reader, processor, writer and listener of a
 * partition share it. Built from the database alone, which is what lets a partition run anywhere
 * and a restarted step carry on with the skips it already made.
 */
class ClusterRollout {

	private final PatchRunRepository.Run run;

	private final Cluster cluster;

	private final List<Node> nodes;

	private final List<RollingChunk> chunks;

	private final FailureBudget budget;

	private final Path logDir;

	private int skipped;

	private int nodesDone;

	private String haltReason;

	ClusterRollout(long runId, PatchRunRepository runs, NodeResultRepository results, FleetService fleet,
			Path reportsDir) {
		this.run = runs.find(runId).orElseThrow(() -> new IllegalStateException("no patch run " + runId));
		this.cluster = fleet.cluster(this.run.clusterName());
		this.nodes = fleet.nodes(this.cluster);
		this.chunks = RollingOrder.chunks(this.nodes, this.cluster.maxUnavailable());
		this.budget = FailureBudget.of(this.cluster.failureBudget(), this.nodes.size());
		this.skipped = (int) results.countByStatus(runId, NodeResultStatus.SKIPPED);
		this.nodesDone = results.nodesWithResult(runId).size();
		this.logDir = reportsDir.resolve("runs").resolve(runId + "-" + this.cluster.name());
	}

	long runId() {
		return this.run.id();
	}

	String launchId() {
		return this.run.launchId();
	}

	Cluster cluster() {
		return this.cluster;
	}

	List<Node> nodes() {
		return this.nodes;
	}

	List<RollingChunk> chunks() {
		return this.chunks;
	}

	FailureBudget budget() {
		return this.budget;
	}

	Path logDir() {
		return this.logDir;
	}

	int skipped() {
		return this.skipped;
	}

	void addSkipped(int count) {
		this.skipped += count;
	}

	int nodesDone() {
		return this.nodesDone;
	}

	void addDone(int count) {
		this.nodesDone += count;
	}

	boolean halted() {
		return this.haltReason != null;
	}

	String haltReason() {
		return this.haltReason;
	}

	void halt(String reason) {
		this.haltReason = reason;
	}

}
