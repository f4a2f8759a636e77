package io.ospatch.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.ospatch.eks.NodegroupPlan;
import io.ospatch.eks.NodegroupUpdateResult;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database side of an EKS rollout, in short transactions of its own: no connection is held while
 * an update is followed for up to an hour. What is recorded is what a resumed run reads to know where
 * it is: an update is recorded as started the moment AWS accepts it, and completed when it ends.
 */
@Component
class NodegroupLedger {

	private final NodegroupResultRepository results;

	private final TransactionTemplate transaction;

	private final Clock clock;

	NodegroupLedger(NodegroupResultRepository results, PlatformTransactionManager transactionManager, Clock clock) {
		this.results = results;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
	}

	/** Node groups the plan leaves alone, current or not updatable, are recorded as such at once. */
	void recordLeftAlone(NodegroupRollout rollout, List<NodegroupPlan> plans) {
		Instant now = this.clock.instant();
		List<NodegroupResult> leftAlone = plans.stream()
			.map((plan) -> new NodegroupResult(plan.nodegroup(), plan.currentRelease(), plan.currentRelease(), null,
					(plan.action() == NodegroupPlan.Action.CURRENT) ? NodegroupStatus.CURRENT : NodegroupStatus.NOT_UPDATABLE,
					plan.reason(), now, now))
			.toList();
		write(rollout, leftAlone);
	}

	/** AWS accepted the update: a run killed from now on follows it by its id. */
	void started(NodegroupRollout rollout, String nodegroup, String releaseBefore, String updateId) {
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult(
				(status) -> this.results.started(rollout.runId(), nodegroup, releaseBefore, updateId, now));
		rollout.recorded(new NodegroupResult(nodegroup, releaseBefore, null, updateId, null, null, now, null));
	}

	/** How the node groups' updates ended, all in one transaction. */
	void record(NodegroupRollout rollout, List<NodegroupUpdateResult> updates) {
		Instant now = this.clock.instant();
		write(rollout, updates.stream().map((update) -> result(rollout.result(update.nodegroup()), update, now)).toList());
	}

	/** The node groups not reached end as {@code status} (not attempted, deferred) with the reason. */
	void recordNotReached(NodegroupRollout rollout, List<NodegroupRollout.Pending> notReached, NodegroupStatus status,
			String reason) {
		Instant now = this.clock.instant();
		write(rollout, notReached.stream().map((pending) -> {
			NodegroupResult before = pending.unsettled();
			String release = (before != null) ? before.releaseBefore() : currentRelease(rollout, pending.nodegroup());
			return new NodegroupResult(pending.nodegroup(), release, release, pending.knownUpdateId(), status, reason,
					(before != null) ? before.startedAt() : now, now);
		}).toList());
	}

	private void write(NodegroupRollout rollout, List<NodegroupResult> results) {
		this.transaction.executeWithoutResult((status) -> results.forEach((result) -> this.results.ended(rollout.runId(), result)));
		results.forEach(rollout::recorded);
	}

	private static String currentRelease(NodegroupRollout rollout, String nodegroup) {
		return rollout.plans()
			.stream()
			.filter((plan) -> plan.nodegroup().equals(nodegroup))
			.map(NodegroupPlan::currentRelease)
			.findFirst()
			.orElse(null);
	}

	/**
	 * A followed update knows no release before (its start recorded it); one that did not succeed leaves the
	 * node group on the release it had.
	 */
	private static NodegroupResult result(NodegroupResult recorded, NodegroupUpdateResult update, Instant now) {
		String before = (update.releaseBefore() != null) ? update.releaseBefore()
				: (recorded != null) ? recorded.releaseBefore() : null;
		String after = (update.releaseAfter() != null) ? update.releaseAfter() : before;
		Instant startedAt = (recorded != null && recorded.startedAt() != null) ? recorded.startedAt()
				: now.minus(update.duration());
		return new NodegroupResult(update.nodegroup(), before, after, update.updateId(), status(update.status()),
				update.errors(), startedAt, now);
	}

	static NodegroupStatus status(NodegroupUpdateResult.Status status) {
		return switch (status) {
			case SUCCESSFUL -> NodegroupStatus.SUCCESSFUL;
			case FAILED -> NodegroupStatus.FAILED;
			case CANCELLED -> NodegroupStatus.CANCELLED;
			case TIMED_OUT -> NodegroupStatus.TIMED_OUT;
			case STOPPED -> NodegroupStatus.STOPPED;
			case CURRENT -> NodegroupStatus.CURRENT;
			case NOT_UPDATABLE -> NodegroupStatus.NOT_UPDATABLE;
		};
	}

}
