package io.ospatch.rollout;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;

/**
 * The order in which a cluster's nodes are patched. Control-plane nodes go first and one at a time,
 * because losing two at once can cost etcd its quorum; workers follow in chunks of max-unavailable,
 * where a percent is of all the cluster's nodes, rounds down and is at least 1.
 *
 * <p>With a canary, the first worker chunk is a single node: a bad patch then takes one worker down,
 * not max-unavailable of them. Workers that the cluster's previous run deferred (its maintenance
 * window closed before them) go first among the workers, so that a window too short for the whole
 * cluster still reaches every node over a few runs. The order depends only on the nodes and these
 * inputs, never on the time: a resumed run computes the same chunks as the run it resumes.
 */
final class RollingOrder {

	private RollingOrder() {
	}

	static List<RollingChunk> chunks(List<Node> nodes, CountOrPercent maxUnavailable) {
		return chunks(nodes, maxUnavailable, nodes.size(), false, Set.of());
	}

	/**
	 * The chunks of {@code nodes}, some of a cluster of {@code clusterSize} nodes (a boot run's new
	 * ones): a max-unavailable percent is of the whole cluster, whose availability it protects.
	 * @param canary whether the first worker chunk is a single node, the canary
	 * @param deferredFirst ids of workers to patch before the others (deferred by the previous run)
	 */
	static List<RollingChunk> chunks(List<Node> nodes, CountOrPercent maxUnavailable, int clusterSize, boolean canary,
			Set<Long> deferredFirst) {
		Comparator<Node> byName = Comparator.comparing(Node::name);
		Comparator<Node> deferredThenByName = Comparator
			.comparing((Node node) -> !deferredFirst.contains(node.id()))
			.thenComparing(byName);
		List<Node> controlPlane = nodes.stream().filter((node) -> node.role() == NodeRole.CONTROL_PLANE).sorted(byName).toList();
		List<Node> workers = nodes.stream()
			.filter((node) -> node.role() == NodeRole.WORKER)
			.sorted(deferredThenByName)
			.toList();
		int workersPerChunk = Math.max(1, maxUnavailable.of(clusterSize));

		List<List<Node>> groups = new ArrayList<>();
		controlPlane.forEach((node) -> groups.add(List.of(node)));
		int canaryGroup = -1;
		int from = 0;
		if (canary && !workers.isEmpty()) {
			canaryGroup = groups.size();
			groups.add(workers.subList(0, 1));
			from = 1;
		}
		for (; from < workers.size(); from += workersPerChunk) {
			groups.add(workers.subList(from, Math.min(from + workersPerChunk, workers.size())));
		}

		List<RollingChunk> chunks = new ArrayList<>(groups.size());
		int firstNode = 1;
		for (List<Node> group : groups) {
			chunks.add(new RollingChunk(chunks.size() + 1, groups.size(), group, firstNode, nodes.size(),
					chunks.size() == canaryGroup));
			firstNode += group.size();
		}
		return chunks;
	}

}
