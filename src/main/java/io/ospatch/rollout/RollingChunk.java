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
 */
record RollingChunk(int number, int chunkCount, List<Node> nodes, int firstNode, int nodeCount) {

	RollingChunk {
		nodes = List.copyOf(nodes);
	}

	int lastNode() {
		return this.firstNode + this.nodes.size() - 1;
	}

	/** For the log: {@code chunk 3/7 (nodes 5-6 of 14)}. */
	String label() {
		String range = (this.nodes.size() == 1) ? "node " + this.firstNode : "nodes " + this.firstNode + "-" + lastNode();
		return "chunk " + this.number + "/" + this.chunkCount + " (" + range + " of " + this.nodeCount + ")";
	}

}
