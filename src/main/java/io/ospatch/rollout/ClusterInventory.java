package io.ospatch.rollout;

import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ospatch.ansible.InventoryHost;
import io.ospatch.ansible.Playbook;
import io.ospatch.ansible.PlaybookRequest;
import io.ospatch.ansible.SshOptions;
import io.ospatch.cluster.BecomePassword;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.Node;

/** Turns a cluster's nodes into the Ansible request for exactly those nodes. */
final class ClusterInventory {

	private ClusterInventory() {
	}

	static PlaybookRequest request(Playbook playbook, Cluster cluster, Collection<Node> nodes, Path logFile) {
		List<InventoryHost> hosts = hosts(cluster, nodes);
		// the launch checked the cluster already; variables that reach Ansible unchecked are refused here too
		cluster.inventoryVars().forEach(InputRules::inventoryVar);
		// read now, not stored: it goes only into the run's owner-only extra-vars file, and wins over
		// a stored ansible_become_password
		Map<String, Object> extraVars = (cluster.becomePasswordFile() != null)
				? Map.of(BecomePassword.VARIABLE, BecomePassword.read(cluster.becomePasswordFile())) : Map.of();
		return new PlaybookRequest(playbook, hosts, new LinkedHashMap<String, Object>(cluster.inventoryVars()), extraVars, false, logFile);
	}

	/** How Ansible reaches {@code nodes}. */
	static List<InventoryHost> hosts(Cluster cluster, Collection<Node> nodes) {
		return nodes.stream().map((node) -> host(cluster, node)).toList();
	}

	private static InventoryHost host(Cluster cluster, Node node) {
		Path key = (node.sshKey() != null) ? node.sshKey() : cluster.sshKey();
		return new InventoryHost(node.name(), node.address(), node.sshPort(), cluster.sshUser(), key,
				new SshOptions(cluster.knownHosts(), cluster.jumpHost()), Map.of());
	}

}
