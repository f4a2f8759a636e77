package io.ospatch.rollout;

import java.util.List;

/**
 * What a rollout of a cluster would do, read from its nodes without changing them.
 *
 * @param cluster the cluster
 * @param maxUnavailable its max-unavailable setting
 * @param allowedSkips nodes its failure budget allows to skip
 * @param chunks the rolling chunks, in order
 */
public record ClusterPlan(String cluster, String maxUnavailable, int allowedSkips, List<Chunk> chunks) {

	public ClusterPlan {
		chunks = List.copyOf(chunks);
	}

	/** Whether every node could be read. */
	public boolean allNodesRead() {
		return this.chunks.stream()
			.flatMap((chunk) -> chunk.nodes().stream())
			.allMatch((node) -> node.error() == null);
	}

	/**
	 * A rolling chunk of the plan.
	 *
	 * @param number 1-based position
	 * @param nodes its nodes
	 * @param canary whether it is the canary, whose failure halts the cluster
	 */
	public record Chunk(int number, List<PlannedNode> nodes, boolean canary) {

		public Chunk {
			nodes = List.copyOf(nodes);
		}

		public Chunk(int number, List<PlannedNode> nodes) {
			this(number, nodes, false);
		}

	}

	/**
	 * One node of the plan.
	 *
	 * @param name the node
	 * @param role its role
	 * @param currentVersion its OS version now, if read
	 * @param targetVersion the version the upgrade brings, if known
	 * @param packages packages the upgrade would change
	 * @param securityPackages how many of them are security updates
	 * @param error why the node could not be read, or {@code null}
	 */
	public record PlannedNode(String name, String role, String currentVersion, String targetVersion, int packages,
			int securityPackages, String error) {
	}

}
