package io.ospatch.report;

import java.util.List;

import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;

/**
 * The figures of an EKS run, whose units are node groups: the node groups' counterpart of
 * {@link RunFigures}, and the one place that decides which node groups count as compliant (those
 * the run left {@link io.ospatch.run.NodegroupStatus#upToDate() up to date}).
 *
 * @param total node groups in the run
 * @param upToDate on the latest release after the run: compliant
 * @param failed failed, cancelled or timed out: against the failure budget
 * @param notUpdatable left alone, as AWS's node-group update cannot update them
 */
public record NodegroupFigures(long total, long upToDate, long failed, long notUpdatable) {

	public static NodegroupFigures of(List<NodegroupResult> nodegroups) {
		long upToDate = nodegroups.stream().filter(NodegroupFigures::compliant).count();
		long failed = nodegroups.stream().filter((result) -> result.status() != null && result.status().failure()).count();
		long notUpdatable = nodegroups.stream()
			.filter((result) -> result.status() == NodegroupStatus.NOT_UPDATABLE)
			.count();
		return new NodegroupFigures(nodegroups.size(), upToDate, failed, notUpdatable);
	}

	/** Whether the run left the node group on the latest release; an unfinished update has not. */
	public static boolean compliant(NodegroupResult nodegroup) {
		return nodegroup.status() != null && nodegroup.status().upToDate();
	}

}
