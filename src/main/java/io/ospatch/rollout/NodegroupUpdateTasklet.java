package io.ospatch.rollout;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.ospatch.cluster.InputRules;
import io.ospatch.eks.NodegroupPlan;
import io.ospatch.eks.NodegroupPlanner;
import io.ospatch.eks.NodegroupUpdateResult;
import io.ospatch.eks.NodegroupUpdater;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Updates an EKS cluster's node groups, a few per call ({@code ospatch.eks.parallel-nodegroups}, one by
 * default), like {@link RollingChunkTasklet} rolls out chunks: lease still ours? stop requested? → (first
 * call: plan the node groups, record those left alone) → next node groups → maintenance window still open?
 * → update each and follow it to its end (no database connection held; each update's id recorded the moment
 * AWS gives it) → record how they ended → halt if the failure budget, counted in node groups, is spent.
 * AWS replaces the nodes itself, node group by node group within its update configuration: no Ansible, no
 * SSH, no cordon or drain of ours. The early ends are {@link RollingChunkTasklet}'s exit statuses.
 */
class NodegroupUpdateTasklet implements Tasklet {

	private static final Logger log = LoggerFactory.getLogger(NodegroupUpdateTasklet.class);

	private final NodegroupRollout rollout;

	private final NodegroupLedger ledger;

	private final NodegroupPlanner planner;

	private final NodegroupUpdater updater;

	private final LeaseHeartbeat heartbeat;

	private final RolloutStop stop;

	private final int parallelNodegroups;

	private final Clock clock;

	NodegroupUpdateTasklet(NodegroupRollout rollout, NodegroupLedger ledger, NodegroupPlanner planner,
			NodegroupUpdater updater, LeaseHeartbeat heartbeat, RolloutStop stop, int parallelNodegroups, Clock clock) {
		this.rollout = rollout;
		this.ledger = ledger;
		this.planner = planner;
		this.updater = updater;
		this.heartbeat = heartbeat;
		this.stop = stop;
		this.parallelNodegroups = parallelNodegroups;
		this.clock = clock;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		StepExecution step = context.getStepContext().getStepExecution();
		String lostLease = lostLease();
		if (lostLease != null) {
			return stopStep(step, contribution, RollingChunkTasklet.LOST_LEASE, "lost its lease: " + lostLease);
		}
		if (this.stop.requested()) {
			return stopStep(step, contribution, RollingChunkTasklet.STOPPED, "stopped on request before the next node group");
		}
		if (!this.rollout.planned()) {
			plan();
		}
		List<NodegroupRollout.Pending> pending = this.rollout.pending();
		if (pending.isEmpty()) {
			return RepeatStatus.FINISHED;
		}
		Instant windowClosesAt = this.rollout.windowClosesAt();
		if (windowClosesAt != null && !this.clock.instant().isBefore(windowClosesAt)) {
			return defer(contribution, pending, windowClosesAt);
		}
		List<NodegroupRollout.Pending> batch = pending.subList(0, Math.min(this.parallelNodegroups, pending.size()));
		contribution.incrementReadCount();
		List<NodegroupUpdateResult> updates = update(batch);
		lostLease = lostLease();
		if (lostLease != null) {
			// another run may own the cluster by now and follow these updates itself: leave the records to it
			return stopStep(step, contribution, RollingChunkTasklet.LOST_LEASE,
					"lost its lease while updating " + names(batch) + ": " + lostLease);
		}
		this.ledger.record(this.rollout, updates);
		contribution.incrementWriteCount(updates.size());
		updates.forEach(this::logProgress);
		List<String> stopped = updates.stream()
			.filter((update) -> update.status() == NodegroupUpdateResult.Status.STOPPED)
			.map(NodegroupUpdateResult::nodegroup)
			.toList();
		if (!stopped.isEmpty()) {
			return stopStep(step, contribution, RollingChunkTasklet.STOPPED, "stopped on request while following "
					+ String.join(", ", stopped) + "; AWS goes on with the update, and the resumed run follows it");
		}
		if (!this.rollout.budget().allows(this.rollout.failures())) {
			return halt(contribution);
		}
		return this.rollout.pending().isEmpty() ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
	}

	/** Asks AWS for the node groups and what each runs; those to be left alone are recorded at once. */
	private void plan() {
		List<NodegroupPlan> plans = this.planner.plan(this.rollout.api());
		this.rollout.planned(plans);
		this.ledger.recordLeftAlone(this.rollout, this.rollout.leftAloneWithoutResult());
		long toUpdate = plans.stream().filter((plan) -> plan.action() == NodegroupPlan.Action.UPDATE).count();
		log.info("{}: {} node group(s): {} to update, {} current, {} not updatable; {} at a time "
				+ "(ospatch.eks.parallel-nodegroups), failure budget {} node group(s)", this.rollout.cluster().name(),
				plans.size(), toUpdate, count(plans, NodegroupPlan.Action.CURRENT),
				count(plans, NodegroupPlan.Action.NOT_UPDATABLE), this.parallelNodegroups,
				this.rollout.budget().allowedSkips());
		plans.stream()
			.filter((plan) -> plan.action() == NodegroupPlan.Action.NOT_UPDATABLE)
			.forEach((plan) -> log.warn("{}: node group {} is left alone: {}", this.rollout.cluster().name(),
					plan.nodegroup(), plan.reason()));
	}

	/** Updates the node groups, each in a thread of its own when there are several; returns when all have ended. */
	private List<NodegroupUpdateResult> update(List<NodegroupRollout.Pending> batch) {
		if (batch.size() == 1) {
			return List.of(update(batch.get(0)));
		}
		ExecutorService threads = Executors.newFixedThreadPool(batch.size(),
				(task) -> new Thread(task, Thread.currentThread().getName() + "-nodegroup"));
		try {
			List<Future<NodegroupUpdateResult>> running = new ArrayList<>();
			for (NodegroupRollout.Pending pending : batch) {
				running.add(threads.submit(() -> update(pending)));
			}
			List<NodegroupUpdateResult> updates = new ArrayList<>();
			for (Future<NodegroupUpdateResult> update : running) {
				updates.add(awaitUninterruptibly(update));
			}
			return updates;
		}
		finally {
			threads.shutdown();
		}
	}

	/** One node group's update, in the calling thread, which a stop interrupts once its grace is over. */
	private NodegroupUpdateResult update(NodegroupRollout.Pending pending) {
		NodegroupUpdater.Request request = new NodegroupUpdater.Request(this.rollout.api(), pending.nodegroup(),
				this.rollout.updateKey(), this.rollout.cluster().eks().force(),
				pending.knownUpdateId());
		try (RolloutStop.Running running = this.stop.chunkRunning()) {
			return this.updater.update(request,
					(nodegroup, releaseBefore, updateId) -> this.ledger.started(this.rollout, nodegroup, releaseBefore, updateId));
		}
		finally {
			Thread.interrupted(); // the interrupt was a stop's signal; what it stopped is in the result
		}
	}

	/** Waits for a node group's update: a stop reaches the update's own thread, so interrupts do not cut the wait short. */
	private static NodegroupUpdateResult awaitUninterruptibly(Future<NodegroupUpdateResult> update) {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return update.get();
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
							: new IllegalStateException(ex.getCause());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/** The failure budget is spent: the node groups not reached are recorded as not attempted, and the run ends. */
	private RepeatStatus halt(StepContribution contribution) {
		String reason = String.format(
				"failure budget exceeded: %d node group(s) could not be updated, the budget allows %d",
				this.rollout.failures(), this.rollout.budget().allowedSkips());
		this.ledger.recordNotReached(this.rollout, this.rollout.pending(), NodegroupStatus.NOT_ATTEMPTED, "halted: " + reason);
		this.rollout.halt(reason);
		log.warn("{}: halted: {}", this.rollout.cluster().name(), reason);
		contribution.setExitStatus(new ExitStatus(RollingChunkTasklet.HALTED, reason));
		return RepeatStatus.FINISHED;
	}

	/** The maintenance window closed: the node groups not reached are deferred to the next run. */
	private RepeatStatus defer(StepContribution contribution, List<NodegroupRollout.Pending> notReached,
			Instant closedAt) {
		String reason = String.format("maintenance window of %s closed at %s; %d node group(s) deferred to the next run",
				InputRules.formatWindow(this.rollout.cluster().maintenanceWindow()),
				closedAt.atZone(this.rollout.cluster().timezone()).toOffsetDateTime(), notReached.size());
		this.ledger.recordNotReached(this.rollout, notReached, NodegroupStatus.DEFERRED, reason);
		this.rollout.defer(reason);
		log.warn("{}: {}", this.rollout.cluster().name(), reason);
		contribution.setExitStatus(new ExitStatus(RollingChunkTasklet.DEFERRED, reason));
		return RepeatStatus.FINISHED;
	}

	private RepeatStatus stopStep(StepExecution step, StepContribution contribution, String exitCode, String reason) {
		return RollingChunkTasklet.stopStep(this.rollout, step, contribution, exitCode, reason);
	}

	/** For the log: {@code shop: node group ng-1 successful after 14 min (1.31.0-… -> 1.31.3-…); node groups done 2/3}. */
	private void logProgress(NodegroupUpdateResult update) {
		NodegroupResult recorded = this.rollout.result(update.nodegroup());
		String line = String.format("%s: node group %s %s after %d min (%s -> %s)%s; node groups done %d/%d",
				this.rollout.cluster().name(), update.nodegroup(), recorded.status(), update.duration().toMinutes(),
				recorded.releaseBefore(), recorded.releaseAfter(), (update.errors() != null) ? ": " + update.errors() : "",
				this.rollout.nodegroupsDone(), this.rollout.nodegroupCount());
		if (recorded.status().upToDate()) {
			log.info(line);
		}
		else {
			log.warn(line);
		}
	}

	private String lostLease() {
		return LostLease.reason(this.heartbeat, this.rollout.cluster().id());
	}

	private static long count(List<NodegroupPlan> plans, NodegroupPlan.Action action) {
		return plans.stream().filter((plan) -> plan.action() == action).count();
	}

	private static String names(List<NodegroupRollout.Pending> batch) {
		return batch.stream().map(NodegroupRollout.Pending::nodegroup).collect(Collectors.joining(", "));
	}

}
