package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.eks.EksApi;
import io.ospatch.eks.NodegroupPlan;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;

/**
 * The state of one EKS cluster's rollout within its job execution: its node groups, what each has
 * come to, the failure budget (counted in node groups) and how much of it is spent. Built from the
 * database, like {@link ClusterRollout}: a node group with a settled result is done; one whose update
 * a killed run recorded as started, or a stopped run stopped following, is followed again by its id.
 * The node groups themselves are AWS's: they are known once {@link #planned planned}, on the
 * execution's first step call.
 */
class NodegroupRollout extends RolloutEnds {

	private final RunRepository.Run run;

	private final Cluster cluster;

	private final EksApi api;

	private final Path logDir;

	/** By node group, in the order recorded; replaced as results come. */
	private final Map<String, NodegroupResult> recorded = new LinkedHashMap<>();

	private final boolean resuming;

	private List<NodegroupPlan> plans;

	private FailureBudget budget;

	NodegroupRollout(long runId, RunRepository runs, NodegroupResultRepository results, FleetService fleet,
			Path reportsDir) {
		this.run = runs.find(runId).orElseThrow(() -> new IllegalStateException("no patch run " + runId));
		this.cluster = fleet.cluster(this.run.clusterName());
		this.api = EksClusters.api(this.cluster);
		results.findByRun(runId).forEach((result) -> this.recorded.put(result.nodegroup(), result));
		this.resuming = !this.recorded.isEmpty();
		this.logDir = ClusterRollout.logDir(reportsDir, runId, this.cluster.name());
	}

	@Override
	public long runId() {
		return this.run.id();
	}

	@Override
	public Cluster cluster() {
		return this.cluster;
	}

	EksApi api() {
		return this.api;
	}

	/**
	 * What names the run in its updates' client request tokens ({@code run-42}): the same across resumes, so
	 * that a start repeated after a crash is the same update to AWS.
	 */
	String updateKey() {
		return "run-" + this.run.id();
	}

	@Override
	public Path logDir() {
		return this.logDir;
	}

	boolean planned() {
		return this.plans != null;
	}

	/** The node groups as AWS has them now; the budget is a count or a percent of them. */
	void planned(List<NodegroupPlan> plans) {
		this.plans = List.copyOf(plans);
		this.budget = FailureBudget.of(this.cluster.failureBudget(), plans.size());
	}

	List<NodegroupPlan> plans() {
		return this.plans;
	}

	FailureBudget budget() {
		return this.budget;
	}

	/** The node groups planned to be left alone (current, not updatable) that have no result yet. */
	List<NodegroupPlan> leftAloneWithoutResult() {
		return this.plans.stream()
			.filter((plan) -> plan.action() != NodegroupPlan.Action.UPDATE && !this.recorded.containsKey(plan.nodegroup()))
			.toList();
	}

	/**
	 * What is left to do, in plan order: updates a run of this rollout started and did not see to their end
	 * (followed by their id, even when the node group is no longer planned), then node groups to update.
	 */
	List<Pending> pending() {
		List<Pending> pending = new ArrayList<>();
		this.recorded.values()
			.stream()
			.filter((result) -> !result.settled())
			.forEach((result) -> pending.add(new Pending(result.nodegroup(), result)));
		this.plans.stream()
			.filter((plan) -> plan.action() == NodegroupPlan.Action.UPDATE && !this.recorded.containsKey(plan.nodegroup()))
			.forEach((plan) -> pending.add(new Pending(plan.nodegroup(), null)));
		return pending;
	}

	void recorded(NodegroupResult result) {
		this.recorded.put(result.nodegroup(), result);
	}

	NodegroupResult result(String nodegroup) {
		return this.recorded.get(nodegroup);
	}

	/** Node groups whose update failed, was cancelled or timed out: what the budget counts. */
	int failures() {
		return (int) this.recorded.values()
			.stream()
			.filter((result) -> result.status() != null && result.status().failure())
			.count();
	}

	/** Node groups this run is done with. */
	int nodegroupsDone() {
		return (int) this.recorded.values().stream().filter(NodegroupResult::settled).count();
	}

	/** Node groups of the run: those planned, and any an earlier execution recorded that AWS no longer lists. */
	int nodegroupCount() {
		return (int) Stream
			.concat(this.plans.stream().map(NodegroupPlan::nodegroup), this.recorded.keySet().stream())
			.distinct()
			.count();
	}

	/** When the run's maintenance window closes, or {@code null} if the cluster has none. */
	Instant windowClosesAt() {
		return ClusterRollout.windowClosesAt(this.run, this.cluster);
	}

	/** A failed, cancelled or timed-out update within the budget, or a node group AWS cannot update: not compliant. */
	@Override
	public boolean partial() {
		return this.recorded.values().stream().anyMatch((result) -> result.status() != null && !result.status().upToDate());
	}

	@Override
	public void logStart(Logger log) {
		if (this.resuming) {
			log.info("{}: resuming run {} of {}: {} node group(s) done, {} update(s) to follow again",
					this.cluster.name(), runId(), this.api, nodegroupsDone(),
					this.recorded.values().stream().filter((result) -> !result.settled()).count());
		}
		else {
			log.info("{}: updating the node groups of {} to the latest AMI release of their Kubernetes version",
					this.cluster.name(), this.api);
		}
		ClusterRollout.logWindow(log, windowClosesAt(), this.cluster, "node-group update");
	}

	/**
	 * A node group still to be seen to.
	 *
	 * @param nodegroup its name
	 * @param unsettled what an earlier execution recorded of its update, or {@code null} for none
	 */
	record Pending(String nodegroup, NodegroupResult unsettled) {

		/** The update to follow instead of starting one, or {@code null}. */
		String knownUpdateId() {
			return (this.unsettled != null) ? this.unsettled.updateId() : null;
		}

	}

}
