package io.ospatch.rollout;

import java.time.Clock;
import java.util.List;

import io.ospatch.eks.EksApiException;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.RunEnded;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Opens and closes a cluster's run around its step. At the end it records the outcome the step
 * came to: finished (compliant, partial, halted, deferred), or left to be resumed (stopped, failed). A run
 * that lost its lease is not written to: another run may own it by now. Nodes a cut-off chunk left
 * marked as being patched are marked failed, their state unknown until the run resumes. An
 * unexpected error gets one line in the log and its stack trace in the run's {@code errors.log}.
 * Once the outcome is recorded, {@link RunEnded} tells whoever reports on runs.
 */
class ClusterRunListener implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(ClusterRunListener.class);

	private final RolloutState rollout;

	private final RunRepository runs;

	private final RunEvents events;

	private final ChunkLedger ledger;

	private final LeaseHeartbeat heartbeat;

	private final Clock clock;

	private final ApplicationEventPublisher publisher;

	ClusterRunListener(RolloutState rollout, RunRepository runs, RunEvents events, ChunkLedger ledger,
			LeaseHeartbeat heartbeat, Clock clock, ApplicationEventPublisher publisher) {
		this.publisher = publisher;
		this.rollout = rollout;
		this.ledger = ledger;
		this.heartbeat = heartbeat;
		this.runs = runs;
		this.events = events;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.runs.attachJobExecution(this.rollout.runId(), stepExecution.getJobExecutionId());
		this.rollout.logStart(log);
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		String exitCode = stepExecution.getExitStatus().getExitCode();
		String name = this.rollout.cluster().name();
		String lostLease = LostLease.reason(this.heartbeat, this.rollout.cluster().id());
		if (RollingChunkTasklet.LOST_LEASE.equals(exitCode) || lostLease != null) {
			String reason = (this.rollout.stopReason() != null) ? this.rollout.stopReason() : "lost its lease: " + lostLease;
			this.events.record(this.rollout.runId(), RunEvent.Kind.LEASE_LOST, reason, this.clock.instant());
			return null;
		}
		RunOutcome outcome;
		String detail = null;
		RunEvent.Kind event;
		if (stepExecution.getStatus() == BatchStatus.COMPLETED) {
			event = RunEvent.Kind.ENDED;
			if (this.rollout.halted()) {
				outcome = RunOutcome.HALTED;
				detail = this.rollout.haltReason();
			}
			else if (this.rollout.deferred()) {
				outcome = RunOutcome.DEFERRED;
				detail = this.rollout.deferReason();
			}
			else {
				outcome = this.rollout.partial() ? RunOutcome.PARTIAL : RunOutcome.COMPLIANT;
			}
		}
		else if (stepExecution.getStatus() == BatchStatus.STOPPED) {
			outcome = RunOutcome.STOPPED;
			event = RunEvent.Kind.STOPPED;
			// a stop asked of Batch itself (JobOperator.stop) leaves no reason of ours
			detail = ((this.rollout.stopReason() != null) ? this.rollout.stopReason() : "stopped")
					+ "; the same command resumes it";
			this.ledger.settleCutOff(this.rollout.cluster());
		}
		else {
			outcome = RunOutcome.FAILED;
			event = RunEvent.Kind.FAILED;
			detail = failureOf(stepExecution) + "; the same command resumes it";
			this.ledger.settleCutOff(this.rollout.cluster());
			keepStackTraces(stepExecution.getFailureExceptions());
		}
		this.runs.finish(this.rollout.runId(), outcome, detail, this.clock.instant());
		this.events.record(this.rollout.runId(), event, (event == RunEvent.Kind.ENDED) ? outcome.value() : detail,
				this.clock.instant());
		if (outcome == RunOutcome.FAILED) {
			log.error("{}: run {} failed: {} (stack trace in {})", name, this.rollout.runId(), detail,
					RunErrorLog.in(this.rollout.logDir()));
		}
		else {
			log.info("{}: run {} ended {}{}", name, this.rollout.runId(), outcome, (detail != null) ? ": " + detail : "");
		}
		this.publisher.publishEvent(new RunEnded(this.rollout.runId(), name, outcome));
		return null;
	}

	private void keepStackTraces(List<Throwable> failures) {
		RunErrorLog.append(RunErrorLog.in(this.rollout.logDir()), "run " + this.rollout.runId() + " failed", failures);
	}

	/** One line: the root cause of the first failure. */
	static String failureOf(StepExecution stepExecution) {
		return stepExecution.getFailureExceptions()
			.stream()
			.findFirst()
			.map(ClusterRunListener::rootCause)
			.orElse("the step ended " + stepExecution.getStatus());
	}

	private static String rootCause(Throwable failure) {
		Throwable cause = failure;
		// AWS's failures name the call and AWS's error code; what they wrap is the SDK's view of the same
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof EksApiException)) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getSimpleName();
		return ChunkPatcher.oneLine(message);
	}

}
