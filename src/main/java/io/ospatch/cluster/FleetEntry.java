package io.ospatch.cluster;

import java.util.List;

/**
 * One cluster of a fleet file: its name, the settings the file gives, and its nodes.
 *
 * @param name cluster name
 * @param settings settings given in the file ({@code null} components: not given)
 * @param nodes the nodes the file lists
 */
public record FleetEntry(String name, ClusterSettings settings, List<NodeSpec> nodes) {

	public FleetEntry {
		nodes = List.copyOf(nodes);
	}

}
