package io.ospatch.rollout;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.ExitStatus;
import org.springframework.batch.core.listener.StepExecutionListener;
import org.springframework.batch.core.step.StepExecution;

/**
 * Opens and closes a cluster's run around its partition: links the run to its step, and at the end,
 * whatever happened, records the outcome, leaves no node marked as being patched, gives every node a
 * result, and releases the cluster.
 */
class ClusterRunListener implements StepExecutionListener {

	private static final Logger log = LoggerFactory.getLogger(ClusterRunListener.class);

	private final ClusterRollout rollout;

	private final PatchRunRepository runs;

	private final NodeResultRepository results;

	private final FleetService fleet;

	private final ClusterLeases leases;

	private final Clock clock;

	ClusterRunListener(ClusterRollout rollout, PatchRunRepository runs, NodeResultRepository results,
			FleetService fleet, ClusterLeases leases, Clock clock) {
		this.rollout = rollout;
		this.runs = runs;
		this.results = results;
		this.fleet = fleet;
		this.leases = leases;
		this.clock = clock;
	}

	@Override
	public void beforeStep(StepExecution stepExecution) {
		this.runs.attachJobExecution(this.rollout.runId(), stepExecution.getJobExecutionId());
		log.info("{}: rolling out to {} node(s) in {} chunk(s) (max-unavailable {}, failure budget {} node(s))",
				this.rollout.cluster().name(), this.rollout.nodes().size(), this.rollout.chunks().size(),
				this.rollout.cluster().maxUnavailable(), this.rollout.budget().allowedSkips());
	}

	@Override
	public ExitStatus afterStep(StepExecution stepExecution) {
		try {
			RunOutcome outcome;
			String detail = null;
			if (this.rollout.halted()) {
				outcome = RunOutcome.HALTED;
				detail = this.rollout.haltReason();
			}
			else if (stepExecution.getStatus() != BatchStatus.COMPLETED) {
				outcome = RunOutcome.FAILED;
				detail = failureOf(stepExecution);
				recordUnfinishedNodes(detail);
			}
			else {
				outcome = (this.rollout.skipped() > 0) ? RunOutcome.PARTIAL : RunOutcome.COMPLIANT;
			}
			this.runs.finish(this.rollout.runId(), outcome, detail, this.clock.instant());
			log.info("{}: run {} ended {}{}", this.rollout.cluster().name(), this.rollout.runId(), outcome,
					(detail != null) ? ": " + detail : "");
			return new ExitStatus(stepExecution.getExitStatus().getExitCode(), outcome.value());
		}
		finally {
			this.leases.release(this.rollout.cluster().id(), this.rollout.launchId());
		}
	}

	/**
	 * After an error, nodes of a chunk that was running have no result and may still be marked as
	 * being patched: they are recorded as failed (their state is unknown), the rest as not attempted.
	 */
	private void recordUnfinishedNodes(String detail) {
		Set<Long> recorded = this.results.nodesWithResult(this.rollout.runId());
		Set<Long> patching = this.fleet.nodes(this.rollout.cluster())
			.stream()
			.filter((node) -> node.state() == NodeState.PATCHING)
			.map(Node::id)
			.collect(Collectors.toSet());
		for (RollingChunk chunk : this.rollout.chunks()) {
			for (Node node : chunk.nodes()) {
				if (recorded.contains(node.id())) {
					continue;
				}
				boolean wasPatching = patching.contains(node.id());
				NodeResultStatus status = wasPatching ? NodeResultStatus.FAILED : NodeResultStatus.NOT_ATTEMPTED;
				this.results.insert(this.rollout.runId(), node.id(),
						NodeResult.unpatched(node, chunk.number(), status, wasPatching ? NodePatchOutcome.FAILED : null,
								wasPatching ? 1 : 0,
								wasPatching ? "ospatch stopped while patching this node: " + detail : null),
						List.of());
				if (wasPatching) {
					this.fleet.markState(node, NodeState.FAILED);
				}
			}
		}
	}

	private static String failureOf(StepExecution stepExecution) {
		return stepExecution.getFailureExceptions()
			.stream()
			.findFirst()
			.map((ex) -> ex.getClass().getSimpleName() + ": " + ex.getMessage())
			.orElse("step ended " + stepExecution.getStatus());
	}

}
