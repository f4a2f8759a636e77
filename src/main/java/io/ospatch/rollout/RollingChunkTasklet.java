package io.ospatch.rollout;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.NodeResultStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Patches a cluster's rolling chunks, one per call, like a runbook: lease still ours? stop
 * requested? → next chunk without results → claim it → run the playbook (no database connection
 * held) → record the results → halt if the failure budget is spent. An early end is an exit status,
 * not an exception: {@value #HALTED} ends the step (the run is finished), {@value #STOPPED} and
 * {@value #LOST_LEASE} stop it (the run stays resumable).
 */
class RollingChunkTasklet implements Tasklet {

	static final String HALTED = "HALTED";

	static final String STOPPED = "STOPPED";

	static final String LOST_LEASE = "LOST-LEASE";

	/** Step execution context key: the number of the last recorded chunk, for people reading the metadata. */
	static final String LAST_CHUNK = "rolling.last-recorded-chunk";

	private static final Logger log = LoggerFactory.getLogger(RollingChunkTasklet.class);

	private final ClusterRollout rollout;

	private final ChunkLedger ledger;

	private final ChunkPatcher patcher;

	private final LeaseHeartbeat heartbeat;

	private final RolloutStop stop;

	RollingChunkTasklet(ClusterRollout rollout, ChunkLedger ledger, ChunkPatcher patcher, LeaseHeartbeat heartbeat,
			RolloutStop stop) {
		this.rollout = rollout;
		this.ledger = ledger;
		this.patcher = patcher;
		this.heartbeat = heartbeat;
		this.stop = stop;
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		StepExecution step = context.getStepContext().getStepExecution();
		String lostLease = lostLease();
		if (lostLease != null) {
			return stopStep(step, contribution, LOST_LEASE, "lost its lease: " + lostLease);
		}
		if (this.stop.requested()) {
			return stopStep(step, contribution, STOPPED, "stopped on request before " + nextLabel());
		}
		RollingChunk chunk = this.rollout.nextChunk();
		if (chunk == null) {
			return RepeatStatus.FINISHED;
		}
		this.ledger.claim(chunk);
		contribution.incrementReadCount();
		ChunkOutcome outcome;
		try (RolloutStop.Running running = this.stop.chunkRunning()) {
			outcome = this.patcher.patch(this.rollout.cluster(), chunk, this.rollout.logDir());
		}
		catch (ChunkStoppedException ex) {
			Thread.interrupted(); // the interrupt was the stop's signal; the step still has to save its state
			return stopStep(step, contribution, STOPPED, "stopped on request: " + chunk.label() + " was cut off");
		}
		lostLease = lostLease();
		if (lostLease != null) {
			// another run may own the cluster by now and patch this chunk itself: leave the records to it
			return stopStep(step, contribution, LOST_LEASE, "lost its lease while patching " + chunk.label() + ": " + lostLease);
		}
		List<NodeResultStatus> statuses = this.ledger.record(this.rollout, outcome);
		contribution.incrementWriteCount(1);
		step.getExecutionContext().putInt(LAST_CHUNK, chunk.number());
		logProgress(outcome, statuses);
		if (this.rollout.halted()) {
			contribution.setExitStatus(new ExitStatus(HALTED, this.rollout.haltReason()));
			return RepeatStatus.FINISHED;
		}
		return (this.rollout.nextChunk() != null) ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
	}

	private String lostLease() {
		return LostLease.reason(this.heartbeat, this.rollout.cluster().id());
	}

	private String nextLabel() {
		RollingChunk next = this.rollout.nextChunk();
		return (next != null) ? next.label() : "the end";
	}

	/** Ends the step as stopped (restartable) with {@code exitCode}: Batch's way is terminate-only. */
	private RepeatStatus stopStep(StepExecution step, StepContribution contribution, String exitCode, String reason) {
		log.warn("{}: {}", this.rollout.cluster().name(), reason);
		this.rollout.stop(reason);
		contribution.setExitStatus(new ExitStatus(exitCode, reason));
		step.setTerminateOnly();
		return RepeatStatus.FINISHED;
	}

	/** For the log: {@code lab-a: chunk 2/3 (node 2 of 3) done in 9 s: 1 skipped; nodes done 2/3}. */
	private void logProgress(ChunkOutcome outcome, List<NodeResultStatus> statuses) {
		RollingChunk chunk = outcome.chunk();
		Map<NodeResultStatus, Long> counts = statuses.stream()
			.collect(Collectors.groupingBy((status) -> status, () -> new EnumMap<>(NodeResultStatus.class),
					Collectors.counting()));
		String tally = counts.entrySet()
			.stream()
			.map((count) -> count.getValue() + " " + count.getKey())
			.collect(Collectors.joining(", "));
		log.info("{}: {} {} in {} s: {}; nodes done {}/{}", this.rollout.cluster().name(), chunk.label(),
				this.rollout.halted() ? "halted the rollout" : "done", outcome.elapsed().toSeconds(), tally,
				this.rollout.nodesDone(), chunk.nodeCount());
		if (this.rollout.halted()) {
			log.warn("{}: halted: {}", this.rollout.cluster().name(), this.rollout.haltReason());
		}
	}

}
