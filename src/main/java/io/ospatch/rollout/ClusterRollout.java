package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.KubeAccess;
import io.ospatch.cluster.Node;
import io.ospatch.kube.KubeApi;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;

/**
 * The state of one cluster's rollout within its job execution: the cluster, its chunks, the
 * failure budget and how much of it is spent, and which nodes have a result. Job-scoped, so the
 * tasklet and the listener of an execution share it. Built from the database alone: a restarted
 * execution, in this process or another, carries on after the last recorded chunk with the skips
 * already made.
 *
 * <p>It also knows the run's maintenance window, which is the run's and not the launch's: it opens
 * at the fire time (a scheduled run) or at the run's start, so a resumed run does not get a new one.
 */
class ClusterRollout extends RolloutEnds {

	private final RunRepository.Run run;

	private final Cluster cluster;

	private final List<Node> nodes;

	private final List<RollingChunk> chunks;

	private final FailureBudget budget;

	private final Path logDir;

	private final Set<Long> withResult;

	private final int nodesDoneBefore;

	private int skipped;

	private int leftOut;

	ClusterRollout(long runId, RunRepository runs, NodeResultRepository results, FleetService fleet, Path reportsDir) {
		this(runId, runs, results, fleet, reportsDir, false, (clusterId, run) -> Set.of());
	}

	/**
	 * @param canary whether the first worker chunk is a single node that halts the cluster if it fails
	 * @param deferred the nodes deferred by the cluster's previous run, patched first among the workers
	 */
	ClusterRollout(long runId, RunRepository runs, NodeResultRepository results, FleetService fleet, Path reportsDir,
			boolean canary, DeferredByPreviousRun deferred) {
		this.run = runs.find(runId).orElseThrow(() -> new IllegalStateException("no patch run " + runId));
		this.cluster = fleet.cluster(this.run.clusterName());
		List<Node> clusterNodes = fleet.nodes(this.cluster);
		Set<Long> limitedTo = runs.nodesLimitedTo(runId);
		this.nodes = limitedTo.isEmpty() ? clusterNodes
				: clusterNodes.stream().filter((node) -> limitedTo.contains(node.id())).toList();
		// percents are of the whole cluster, also for a run limited to some of its nodes
		this.chunks = RollingOrder.chunks(this.nodes, this.cluster.maxUnavailable(), clusterNodes.size(), canary,
				deferred.of(this.cluster.id(), runId));
		this.budget = FailureBudget.of(this.cluster.failureBudget(), clusterNodes.size());
		// a run that goes on has failed nodes only where they stayed cordoned, not Ready: those count too
		this.skipped = (int) (results.countByStatus(runId, NodeResultStatus.SKIPPED)
				+ results.countByStatus(runId, NodeResultStatus.FAILED));
		this.leftOut = (int) results.countByStatus(runId, NodeResultStatus.LEFT_OUT);
		this.withResult = new HashSet<>(results.nodesWithResult(runId));
		this.nodesDoneBefore = this.withResult.size();
		this.logDir = logDir(reportsDir, runId, this.cluster.name());
	}

	@Override
	public long runId() {
		return this.run.id();
	}

	@Override
	public Cluster cluster() {
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

	@Override
	public Path logDir() {
		return this.logDir;
	}

	/** The Kubernetes API its nodes are cordoned and drained through, or {@code null} where there is none. */
	KubeApi kubeApi() {
		KubeAccess access = this.cluster.kubeAccess();
		if (access == null) {
			return null;
		}
		return access.inCluster() ? KubeApi.inCluster() : new KubeApi(access.kubeconfig(), access.context());
	}

	/** The value of the annotation this run's cordons carry: {@code run-42}. */
	String cordonedBy() {
		return cordonedBy(this.run.id());
	}

	static String cordonedBy(long runId) {
		return "run-" + runId;
	}

	/** When the run's maintenance window closes, or {@code null} if the cluster has none. */
	Instant windowClosesAt() {
		return windowClosesAt(this.run, this.cluster);
	}

	/** When a run's maintenance window closes: it opens at the run's fire time, or else at its start. */
	static Instant windowClosesAt(RunRepository.Run run, Cluster cluster) {
		if (cluster.maintenanceWindow() == null) {
			return null;
		}
		Instant opened = (run.fireTime() != null) ? run.fireTime() : run.startedAt();
		return opened.plus(cluster.maintenanceWindow());
	}

	/** Where a run's playbook logs and errors go: {@code <reports>/runs/<run>-<cluster>/}. */
	static Path logDir(Path reportsDir, long runId, String clusterName) {
		return reportsDir.resolve("runs").resolve(runId + "-" + clusterName);
	}

	/**
	 * The first chunk with a node that has no result yet, narrowed to those nodes, or {@code null}
	 * when every node has one. A chunk is recorded whole, so this is the chunk after the last
	 * recorded one, or the one that was cut off.
	 */
	RollingChunk nextChunk() {
		for (RollingChunk chunk : this.chunks) {
			List<Node> pending = chunk.nodes().stream().filter((node) -> !hasResult(node)).toList();
			if (!pending.isEmpty()) {
				return (pending.size() == chunk.nodes().size()) ? chunk : chunk.narrowedTo(pending);
			}
		}
		return null;
	}

	boolean hasResult(Node node) {
		return this.withResult.contains(node.id());
	}

	void recorded(RollingChunk chunk) {
		chunk.nodes().forEach((node) -> this.withResult.add(node.id()));
	}

	/** Whether an earlier execution of this run recorded nodes already: this one resumes it. */
	boolean resuming() {
		return this.nodesDoneBefore > 0;
	}

	int skipped() {
		return this.skipped;
	}

	void addSkipped(int count) {
		this.skipped += count;
	}

	/** A node skipped within the budget, or left out, was not patched: the cluster is not wholly compliant. */
	@Override
	public boolean partial() {
		return this.skipped > 0 || this.leftOut > 0;
	}

	@Override
	public void logStart(Logger log) {
		RollingChunk next = nextChunk();
		if (resuming()) {
			log.info("{}: resuming run {} at {}: {}/{} node(s) done, {} of {} allowed skip(s) spent", this.cluster.name(),
					runId(), (next != null) ? next.label() : "its end", nodesDone(), this.nodes.size(), this.skipped,
					this.budget.allowedSkips());
		}
		else {
			log.info("{}: rolling out to {} node(s) in {} chunk(s) (max-unavailable {}, failure budget {} node(s))",
					this.cluster.name(), this.nodes.size(), this.chunks.size(), this.cluster.maxUnavailable(),
					this.budget.allowedSkips());
		}
		logWindow(log, windowClosesAt(), this.cluster, "chunk");
	}

	/** Says when the run's maintenance window closes, if the cluster has one: after that, no {@code unit} starts. */
	static void logWindow(Logger log, Instant closesAt, Cluster cluster, String unit) {
		if (closesAt != null) {
			log.info("{}: maintenance window of {}: no {} starts after {}", cluster.name(),
					InputRules.formatWindow(cluster.maintenanceWindow()), unit,
					closesAt.atZone(cluster.timezone()).toOffsetDateTime());
		}
	}

	/** Nodes left out because someone else cordoned them: not patched, though not against the budget. */
	int leftOut() {
		return this.leftOut;
	}

	void addLeftOut(int count) {
		this.leftOut += count;
	}

	int nodesDone() {
		return (int) this.nodes.stream().filter(this::hasResult).count();
	}

	/** The nodes a cluster's previous run deferred, by id. */
	@FunctionalInterface
	interface DeferredByPreviousRun {

		Set<Long> of(long clusterId, long runId);

	}

}
