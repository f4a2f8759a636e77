package io.ospatch.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;

/**
 * The order in which a cluster's nodes are patched. Control-plane nodes go first and one at a time,
 * because losing two at once can cost etcd its quorum; workers follow in chunks of max-unavailable,
 * where a percent is of all the cluster's nodes, rounds down and is at least 1.
 */
final class RollingOrder {

	private RollingOrder() {
	}

	static List<RollingChunk> chunks(List<Node> nodes, CountOrPercent maxUnavailable) {
		return chunks(nodes, maxUnavailable, nodes.size());
	}

	/**
	 * The chunks of {@code nodes}, some of a cluster of {@code clusterSize} nodes (a boot run's new
	 * ones): a max-unavailable percent is of the whole cluster, whose availability it protects.
	 */
	static List<RollingChunk> chunks(List<Node> nodes, CountOrPercent maxUnavailable, int clusterSize) {
		Comparator<Node> byName = Comparator.comparing(Node::name);
		List<Node> controlPlane = nodes.stream().filter((node) -> node.role() == NodeRole.CONTROL_PLANE).sorted(byName).toList();
		List<Node> workers = nodes.stream().filter((node) -> node.role() == NodeRole.WORKER).sorted(byName).toList();
		int workersPerChunk = Math.max(1, maxUnavailable.of(clusterSize));

		List<List<Node>> groups = new ArrayList<>();
		controlPlane.forEach((node) -> groups.add(List.of(node)));
		for (int from = 0; from < workers.size(); from += workersPerChunk) {
			groups.add(workers.subList(from, Math.min(from + workersPerChunk, workers.size())));
		}

		List<RollingChunk> chunks = new ArrayList<>(groups.size());
		int firstNode = 1;
		for (List<Node> group : groups) {
			chunks.add(new RollingChunk(chunks.size() + 1, groups.size(), group, firstNode, nodes.size()));
			firstNode += group.size();
		}
		return chunks;
	}

}
