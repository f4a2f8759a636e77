package io.ospatch.rollout;

import java.util.List;

import io.ospatch.cluster.Node;

/**
 * Nodes that are patched together: one Ansible run, all of them unavailable at the same time.
 *
 * @param number 1-based position in the rollout
 * @param chunkCount chunks in the rollout
 * @param nodes the nodes, in rolling order
 * @param firstNode 1-based position of the first node among all of the cluster's nodes
 * @param nodeCount nodes in the cluster
 * @param canary whether it is the canary: the first worker chunk, whose failure halts the cluster
 * before any other worker is touched, whatever the failure budget allows
 */
record RollingChunk(int number, int chunkCount, List<Node> nodes, int firstNode, int nodeCount, boolean canary) {

	RollingChunk {
		nodes = List.copyOf(nodes);
	}

	RollingChunk(int number, int chunkCount, List<Node> nodes, int firstNode, int nodeCount) {
		this(number, chunkCount, nodes, firstNode, nodeCount, false);
	}

	int lastNode() {
		return this.firstNode + this.nodes.size() - 1;
	}

	/** The same chunk, narrowed to some of its nodes (those a cut-off run left without a result). */
	RollingChunk narrowedTo(List<Node> pending) {
		return new RollingChunk(this.number, this.chunkCount, pending, this.firstNode, this.nodeCount, this.canary);
	}

	/** For the log: {@code chunk 3/7 (nodes 5-6 of 14)}, {@code chunk 2/7 (node 2 of 14, canary)}. */
	String label() {
		String range = (this.nodes.size() == 1) ? "node " + this.firstNode : "nodes " + this.firstNode + "-" + lastNode();
		return "chunk " + this.number + "/" + this.chunkCount + " (" + range + " of " + this.nodeCount
				+ (this.canary ? ", canary" : "") + ")";
	}

}
