package io.ospatch.rollout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ospatch.cluster.InputRules;
import io.ospatch.kube.KubeApi;
import io.ospatch.kube.NodeMaintenance.PodHealth;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Patches a cluster's rolling chunks, one per call, like a runbook: lease still ours? stop requested?
 * → (first call: settle the cordons an interrupted execution left) → next chunk without results →
 * maintenance window still open? → claim it → drain, run the playbook, bring the nodes back (no
 * database connection held; {@link ChunkMaintenance}) → record the results → halt if the failure
 * budget is spent or the canary failed → soak → health gate. An early end is an exit status, not an
 * exception: {@value #HALTED} and {@value #DEFERRED} end the step (the run is finished),
 * {@value #STOPPED} and {@value #LOST_LEASE} stop it (the run stays resumable).
 */
class RollingChunkTasklet implements Tasklet {

	static final String HALTED = "HALTED";

	static final String DEFERRED = "DEFERRED";

	static final String STOPPED = "STOPPED";

	static final String LOST_LEASE = "LOST-LEASE";

	/** Step execution context key: the number of the last recorded chunk, for people reading the metadata. */
	static final String LAST_CHUNK = "rolling.last-recorded-chunk";

	private static final Logger log = LoggerFactory.getLogger(RollingChunkTasklet.class);

	/** A soak waits in steps this long, looking for a stop request between them. */
	private static final Duration SOAK_STEP = Duration.ofSeconds(1);

	private final ClusterRollout rollout;

	private final ChunkLedger ledger;

	private final ChunkMaintenance maintenance;

	private final HealthGate gate;

	private final LeaseHeartbeat heartbeat;

	private final RolloutStop stop;

	private final NodeResultRepository results;

	private final RunRepository runs;

	private final Duration pauseBetweenChunks;

	private final Sleeper sleeper;

	private final Clock clock;

	private final ChunkDurations chunkDurations;

	/**
	 * The tasklet's own reads, each in a short transaction: under the step's resourceless transaction
	 * a plain query's connection would stay bound to the thread through the chunk and the soak.
	 */
	private final TransactionTemplate reads;

	/** Whether this execution has looked at what an earlier one left. */
	private boolean prepared;

	RollingChunkTasklet(ClusterRollout rollout, ChunkLedger ledger, ChunkMaintenance maintenance, HealthGate gate,
			LeaseHeartbeat heartbeat, RolloutStop stop, NodeResultRepository results, RunRepository runs,
			Duration pauseBetweenChunks, Sleeper sleeper, Clock clock, ChunkDurations chunkDurations,
			PlatformTransactionManager transactionManager) {
		this.rollout = rollout;
		this.ledger = ledger;
		this.maintenance = maintenance;
		this.gate = gate;
		this.heartbeat = heartbeat;
		this.stop = stop;
		this.results = results;
		this.runs = runs;
		this.pauseBetweenChunks = pauseBetweenChunks;
		this.sleeper = sleeper;
		this.clock = clock;
		this.chunkDurations = chunkDurations;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	@Override
	public RepeatStatus execute(StepContribution contribution, ChunkContext context) {
		StepExecution step = context.getStepContext().getStepExecution();
		KubeApi api = this.rollout.kubeApi();
		String lostLease = lostLease();
		if (lostLease != null) {
			return stopStep(step, contribution, LOST_LEASE, "lost its lease: " + lostLease);
		}
		if (this.stop.requested()) {
			return stopStep(step, contribution, STOPPED, "stopped on request before " + nextLabel());
		}
		if (!this.prepared) {
			// under the lease: nobody else touches the cluster's nodes meanwhile
			prepare(api);
			this.prepared = true;
		}
		RollingChunk chunk = this.rollout.nextChunk();
		if (chunk == null) {
			return RepeatStatus.FINISHED;
		}
		Instant windowClosesAt = this.rollout.windowClosesAt();
		if (windowClosesAt != null && !this.clock.instant().isBefore(windowClosesAt)) {
			return defer(contribution, windowClosesAt);
		}
		PodHealth before = (api != null) ? this.gate.before(api) : null;
		this.ledger.claim(chunk);
		contribution.incrementReadCount();
		ChunkOutcome outcome;
		try (RolloutStop.Running running = this.stop.chunkRunning()) {
			outcome = this.maintenance.patch(this.rollout.runId(), this.rollout.cluster(), api, chunk,
					this.rollout.logDir());
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
		this.chunkDurations.record(this.rollout.cluster().name(), outcome.elapsed());
		if (this.rollout.halted()) {
			contribution.setExitStatus(new ExitStatus(HALTED, this.rollout.haltReason()));
			return RepeatStatus.FINISHED;
		}
		RollingChunk next = this.rollout.nextChunk();
		if (next == null) {
			return RepeatStatus.FINISHED;
		}
		if (!soak(next)) {
			return RepeatStatus.CONTINUABLE; // the next call stops the step
		}
		if (api != null) {
			String unhealthy = this.gate.check(api, patchedSoFar(), before);
			if (unhealthy != null) {
				this.ledger.haltAfter(this.rollout, chunk, unhealthy + " after " + chunk.label());
				log.warn("{}: halted: {}", this.rollout.cluster().name(), this.rollout.haltReason());
				contribution.setExitStatus(new ExitStatus(HALTED, this.rollout.haltReason()));
				return RepeatStatus.FINISHED;
			}
		}
		return RepeatStatus.CONTINUABLE;
	}

	/**
	 * Before this execution's first chunk: with an API, settle the cordons an interrupted execution
	 * of this run (or a run it replaced) left; without one, say once that nothing is drained.
	 */
	private void prepare(KubeApi api) {
		if (api == null) {
			log.info("{}: no Kubernetes API configured: nodes are patched without cordon or drain, and no health gate "
					+ "runs between chunks", this.rollout.cluster().name());
			return;
		}
		long clusterId = this.rollout.cluster().id();
		this.maintenance.settle(this.rollout.runId(), this.rollout.cluster(), api, this.rollout.nodes(),
				this.rollout::hasResult,
				(runId) -> Boolean.TRUE.equals(this.reads.execute((status) -> this.runs.find(runId)
					.filter((run) -> run.clusterId() == clusterId)
					.isPresent())));
	}

	/** The maintenance window closed: the nodes not reached are deferred, and the run ends. */
	private RepeatStatus defer(StepContribution contribution, Instant closedAt) {
		int notReached = this.rollout.nodes().size() - this.rollout.nodesDone();
		String reason = String.format("maintenance window of %s closed at %s; %d node(s) deferred to the next run",
				InputRules.formatWindow(this.rollout.cluster().maintenanceWindow()),
				closedAt.atZone(this.rollout.cluster().timezone()).toOffsetDateTime(), notReached);
		this.ledger.defer(this.rollout, reason);
		log.warn("{}: {}", this.rollout.cluster().name(), reason);
		contribution.setExitStatus(new ExitStatus(DEFERRED, reason));
		return RepeatStatus.FINISHED;
	}

	/**
	 * Waits the pause between chunks, in short steps so that a stop request ends it at once.
	 * @return whether it was waited to its end
	 */
	private boolean soak(RollingChunk next) {
		if (this.pauseBetweenChunks.isZero()) {
			return true;
		}
		log.info("{}: soaking {} before {}", this.rollout.cluster().name(), soakText(this.pauseBetweenChunks),
				next.label());
		try (RolloutStop.Running running = this.stop.chunkRunning()) {
			for (Duration left = this.pauseBetweenChunks; !left.isNegative() && !left.isZero(); left = left.minus(SOAK_STEP)) {
				if (this.stop.requested()) {
					return false;
				}
				this.sleeper.sleep((left.compareTo(SOAK_STEP) < 0) ? left : SOAK_STEP);
			}
		}
		catch (InterruptedException ex) {
			return false; // a second stop signal: the step stops at the next call
		}
		return !this.stop.requested();
	}

	static String soakText(Duration pause) {
		return (pause.toSeconds() < 120) ? pause.toSeconds() + " s" : ScheduledLauncher.duration(pause);
	}

	private List<String> patchedSoFar() {
		return this.reads.execute((status) -> this.results.findByRun(this.rollout.runId()))
			.stream()
			.filter((result) -> result.status() == NodeResultStatus.PATCHED
					|| result.status() == NodeResultStatus.ALREADY_CURRENT)
			.map((result) -> result.nodeName())
			.toList();
	}

	private String lostLease() {
		return LostLease.reason(this.heartbeat, this.rollout.cluster().id());
	}

	private String nextLabel() {
		RollingChunk next = this.rollout.nextChunk();
		return (next != null) ? next.label() : "the end";
	}

	private RepeatStatus stopStep(StepExecution step, StepContribution contribution, String exitCode, String reason) {
		return stopStep(this.rollout, step, contribution, exitCode, reason);
	}

	/**
	 * Ends a rollout's step as stopped (restartable) with {@code exitCode}, {@link #STOPPED} or
	 * {@link #LOST_LEASE}: Batch's way is terminate-only. Shared with the node-group job.
	 */
	static RepeatStatus stopStep(RolloutState rollout, StepExecution step, StepContribution contribution, String exitCode,
			String reason) {
		log.warn("{}: {}", rollout.cluster().name(), reason);
		rollout.stop(reason);
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
