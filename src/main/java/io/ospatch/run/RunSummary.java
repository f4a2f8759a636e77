package io.ospatch.run;

import java.time.Instant;
import java.util.List;

/**
 * One cluster's patch run with its node results and events: what {@code runs}, the end-of-launch
 * summary and reports read.
 *
 * @param runId database id of the run
 * @param clusterName the cluster
 * @param trigger what launched it
 * @param launchedBy who or what launched it
 * @param outcome how it ended
 * @param outcomeDetail why it halted, stopped or failed, or {@code null}
 * @param startedAt when it started
 * @param endedAt when it ended, or {@code null} while running
 * @param nodes the node results, in rolling order
 * @param events what happened to the run, in order
 */
public record RunSummary(long runId, String clusterName, Trigger trigger, String launchedBy, RunOutcome outcome,
		String outcomeDetail, Instant startedAt, Instant endedAt, List<NodeResult> nodes, List<RunEvent> events) {

	public RunSummary {
		nodes = List.copyOf(nodes);
		events = List.copyOf(events);
	}

	public long count(NodeResultStatus status) {
		return this.nodes.stream().filter((node) -> node.status() == status).count();
	}

	/** Whether the run was picked up again after an interruption. */
	public boolean resumed() {
		return this.events.stream().anyMatch((event) -> event.kind() == RunEvent.Kind.RESUMED);
	}

}
