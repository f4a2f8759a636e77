package io.ospatch.run;

import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One cluster's patch run with its node (or node-group) results and events: what {@code runs}, the end-of-launch
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
 * @param nodes the node results, in rolling order; none for an EKS run
 * @param nodegroups the node-group results of an EKS run, by node group; none for other runs
 * @param events what happened to the run, in order
 */
public record RunSummary(long runId, String clusterName, Trigger trigger, String launchedBy, RunOutcome outcome,
		String outcomeDetail, Instant startedAt, Instant endedAt, List<NodeResult> nodes, List<NodegroupResult> nodegroups,
		List<RunEvent> events) {

	public RunSummary {
		nodes = List.copyOf(nodes);
		nodegroups = List.copyOf(nodegroups);
		events = List.copyOf(events);
	}

	public long count(NodeResultStatus status) {
		return this.nodes.stream().filter((node) -> node.status() == status).count();
	}

	/** How many node groups the run left with {@code status}. */
	public long count(NodegroupStatus status) {
		return this.nodegroups.stream().filter((nodegroup) -> nodegroup.status() == status).count();
	}

	/** The run's nodes by status, in the statuses' order; statuses no node has are left out. */
	public Map<NodeResultStatus, Long> nodesByStatus() {
		Map<NodeResultStatus, Long> counts = new EnumMap<>(NodeResultStatus.class);
		this.nodes.forEach((node) -> counts.merge(node.status(), 1L, Long::sum));
		return counts;
	}

	/**
	 * The run's node groups by status ({@code successful}, …), in the statuses' order, then those
	 * whose update is still {@code unfinished}; statuses no node group has are left out.
	 */
	public Map<String, Long> nodegroupsByStatus() {
		Map<NodegroupStatus, Long> counts = new EnumMap<>(NodegroupStatus.class);
		long unfinished = 0;
		for (NodegroupResult nodegroup : this.nodegroups) {
			if (nodegroup.unfinished()) {
				unfinished++;
			}
			else {
				counts.merge(nodegroup.status(), 1L, Long::sum);
			}
		}
		Map<String, Long> byStatus = new LinkedHashMap<>();
		counts.forEach((status, count) -> byStatus.put(status.value(), count));
		if (unfinished > 0) {
			byStatus.put("unfinished", unfinished);
		}
		return byStatus;
	}

	/** Whether the run's units are node groups (an EKS run) rather than nodes. */
	public boolean ofNodegroups() {
		return !this.nodegroups.isEmpty();
	}

	/** Whether the run was picked up again after an interruption. */
	public boolean resumed() {
		return this.events.stream().anyMatch((event) -> event.kind() == RunEvent.Kind.RESUMED);
	}

}
