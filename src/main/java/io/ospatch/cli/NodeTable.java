package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.List;

import io.ospatch.cluster.Node;

/** Prints nodes as a table. */
final class NodeTable {

	private NodeTable() {
	}

	static void print(PrintWriter out, List<Node> nodes) {
		if (nodes.isEmpty()) {
			return;
		}
		out.printf("%-24s %-14s %-28s %-12s %-12s %-27s %s%n", "NODE", "ROLE", "ADDRESS", "STATE", "OS", "LAST PATCHED",
				"OS IMAGE (KUBELET)");
		for (Node node : nodes) {
			String os = (node.osVersion() != null) ? node.osVersion() : "-";
			out.printf("%-24s %-14s %-28s %-12s %-12s %-27s %s%n", node.name(), node.role(),
					endpoint(node.address(), node.sshPort()), node.state(), os,
					(node.lastPatchedAt() != null) ? node.lastPatchedAt() : "-",
					(node.osImage() != null) ? node.osImage() : "-");
		}
	}

	/** {@code host:port}, with an IPv6 address in brackets so that its port stays apart. */
	static String endpoint(String address, int port) {
		return ((address.indexOf(':') >= 0) ? "[" + address + "]" : address) + ":" + port;
	}

}
