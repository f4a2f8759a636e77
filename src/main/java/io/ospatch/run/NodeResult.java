package io.ospatch.run;

import java.time.Instant;
import java.util.List;

import io.ospatch.cluster.Node;

/**
 * What a run did to one node, as recorded.
 *
 * @param nodeName the node
 * @param chunkNumber the rolling chunk it was in
 * @param status what happened
 * @param failure for skipped, failed and unreachable nodes: {@code failed} or {@code unreachable}
 * @param distribution the node's distribution as the playbook names it ({@code Debian}, {@code Ubuntu},
 * {@code Rocky}, …), if ever seen
 * @param versionBefore OS version before the run, if seen
 * @param kernelBefore kernel before the run, if seen
 * @param versionAfter OS version after the run, if seen
 * @param kernelAfter kernel after the run, if seen
 * @param targetVersion the latest patch release of its stream, if known
 * @param packagesChanged packages upgraded, installed or removed
 * @param heldPackages packages kept at their version (Kubernetes and configured holds)
 * @param rebooted whether the run rebooted it
 * @param attempts Ansible runs the node took part in
 * @param error why it failed, when it did
 * @param startedAt when its first attempt began
 * @param endedAt when its last attempt ended
 */
public record NodeResult(String nodeName, int chunkNumber, NodeResultStatus status, String failure,
		String distribution, String versionBefore, String kernelBefore, String versionAfter, String kernelAfter, String targetVersion,
		int packagesChanged, List<String> heldPackages, boolean rebooted, int attempts, String error,
		Instant startedAt, Instant endedAt) {

	public NodeResult {
		heldPackages = List.copyOf(heldPackages);
	}

	/**
	 * The result of a node this run did not patch: not attempted, or failed while ospatch itself
	 * stopped. What it ran before is what was last seen of it.
	 */
	public static NodeResult unpatched(Node node, int chunkNumber, NodeResultStatus status, String failure, int attempts,
			String error) {
		return new NodeResult(node.name(), chunkNumber, status, failure, node.distribution(), node.osVersion(), node.kernel(), null, null,
				null, 0, List.of(), false, attempts, error, null, null);
	}

}
