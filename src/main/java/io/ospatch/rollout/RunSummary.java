package io.ospatch.rollout;

import java.time.Instant;
import java.util.List;

/**
 * One cluster's patch run with its node results.
 *
 * @param runId database id of the run
 * @param clusterName the cluster
 * @param trigger what launched it
 * @param outcome how it ended
 * @param outcomeDetail why it halted or failed, or {@code null}
 * @param startedAt when it started
 * @param endedAt when it ended, or {@code null} while running
 * @param nodes the node results, in rolling order
 */
public record RunSummary(long runId, String clusterName, Trigger trigger, RunOutcome outcome, String outcomeDetail,
		Instant startedAt, Instant endedAt, List<NodeResult> nodes) {

	public RunSummary {
		nodes = List.copyOf(nodes);
	}

	public long count(NodeResultStatus status) {
		return this.nodes.stream().filter((node) -> node.status() == status).count();
	}

}
