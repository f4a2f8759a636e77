package io.ospatch.rollout;

import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeState;

/** Nodes for tests that need no database. */
final class TestNodes {

	private static long nextId = 1;

	private TestNodes() {
	}

	static Node node(String name, NodeRole role) {
		return new Node(nextId++, 1, name, "127.0.0.1", 22, null, role, "Debian", "12.10", "6.1.0", NodeState.READY,
				null, null, "Debian");
	}

	static List<Node> cluster(int controlPlane, int workers) {
		List<Node> nodes = new ArrayList<>();
		for (int i = 1; i <= workers; i++) {
			nodes.add(node(String.format("w%02d", i), NodeRole.WORKER));
		}
		for (int i = 1; i <= controlPlane; i++) {
			nodes.add(node("cp" + i, NodeRole.CONTROL_PLANE));
		}
		return nodes;
	}

}
