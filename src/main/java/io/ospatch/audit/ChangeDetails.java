package io.ospatch.audit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.EksTarget;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InventoryVars;
import io.ospatch.cluster.Node;

/**
 * Audit details of clusters and nodes: the settings that changed, each as {@code ospatch cluster show}
 * shows it, so never a secret — files by their path (never their content), webhook URLs redacted to
 * {@code scheme://host/…}, credential-like inventory variables {@code (hidden)}.
 */
public final class ChangeDetails {

	private static final String NOTHING_CHANGED = "no setting changed";

	private ChangeDetails() {
	}

	/** A new cluster: its kind and every setting not at its default, e.g. {@code kind provisioned; schedule weekly}. */
	public static String added(Cluster cluster) {
		Map<String, Setting> defaults = settings(ClusterSettings.defaults(cluster.name()));
		Map<String, Setting> settings = settings(cluster);
		List<String> parts = new ArrayList<>();
		parts.add("kind " + settings.get("kind").shown());
		settings.forEach((name, value) -> {
			if (!name.equals("kind") && !Objects.equals(value.compared(), defaults.get(name).compared())) {
				parts.add(name + " " + value.shown());
			}
		});
		return String.join("; ", parts);
	}

	/**
	 * The settings that differ, e.g. {@code schedule: weekly -> monthly; jump-host: bastion -> none};
	 * {@code no setting changed} when none does.
	 */
	public static String changed(Cluster before, Cluster after) {
		Map<String, Setting> was = settings(before);
		Map<String, Setting> now = settings(after);
		List<String> parts = new ArrayList<>();
		now.forEach((name, value) -> {
			Setting old = was.get(name);
			if (Objects.equals(value.compared(), old.compared())) {
				return;
			}
			// a new secret shows as the old one did: say that it changed, not what it is
			parts.add(value.shown().equals(old.shown()) ? name + ": changed (" + value.shown() + ")"
					: name + ": " + old.shown() + " -> " + value.shown());
		});
		return parts.isEmpty() ? NOTHING_CHANGED : String.join("; ", parts);
	}

	/** A node as {@code node add} registers it: {@code node w-1: worker at 10.0.0.1:22}. */
	public static String node(Node node) {
		return "node " + node.name() + ": " + node.role() + " at " + node.address() + ":" + node.sshPort()
				+ ((node.sshKey() != null) ? ", ssh-key " + node.sshKey() : "");
	}

	/**
	 * A setting as shown, and what it is compared by.
	 *
	 * @param shown as {@code cluster show} shows it
	 * @param compared its whole value (a webhook URL, a hidden variable), never shown
	 */
	private record Setting(String shown, Object compared) {
	}

	/**
	 * What a fleet file did to one cluster: added it, or changed its settings, with the nodes it
	 * added or whose connection it changed; nothing when it changed nothing.
	 * @param file the fleet file
	 * @param before the cluster before the import, or {@code null} if it added it
	 * @param nodesBefore its nodes before (none if it added it)
	 * @param after the cluster after the import
	 * @param nodesAfter its nodes after
	 */
	public static Optional<String> imported(Path file, Cluster before, List<Node> nodesBefore, Cluster after,
			List<Node> nodesAfter) {
		List<String> parts = new ArrayList<>();
		if (before == null) {
			parts.add("added from " + file + ": " + added(after));
		}
		else if (!changed(before, after).equals(NOTHING_CHANGED)) {
			parts.add("from " + file + ": " + changed(before, after));
		}
		Map<String, Node> was = new HashMap<>();
		nodesBefore.forEach((node) -> was.put(node.name(), node));
		List<String> addedNodes = new ArrayList<>();
		List<String> changedNodes = new ArrayList<>();
		for (Node node : nodesAfter) {
			Node old = was.get(node.name());
			if (old == null) {
				addedNodes.add(node.name());
			}
			else if (!old.address().equals(node.address()) || old.sshPort() != node.sshPort() || old.role() != node.role()
					|| !Objects.equals(old.sshKey(), node.sshKey())) {
				changedNodes.add(ChangeDetails.node(node));
			}
		}
		if (before != null && parts.isEmpty() && (!addedNodes.isEmpty() || !changedNodes.isEmpty())) {
			parts.add("from " + file);
		}
		if (!addedNodes.isEmpty()) {
			parts.add("node(s) added: " + String.join(", ", addedNodes));
		}
		if (!changedNodes.isEmpty()) {
			parts.add("changed " + String.join(", ", changedNodes));
		}
		return parts.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", parts));
	}

	/** A removed cluster: {@code with 3 node(s) and 2 run(s)}. */
	public static String removed(FleetService.RemovedCluster removed) {
		return "with " + removed.nodes() + " node(s) and " + removed.runs() + " run(s)";
	}

	/** A removed node: {@code node w-1}, with the runs its results were removed from. */
	public static String nodeRemoved(String node, long runs) {
		return "node " + node + ((runs > 0) ? ", with its results in " + runs + " run(s)" : "");
	}

	/** A cluster's settings by their {@code cluster add} option names. */
	private static Map<String, Setting> settings(Cluster cluster) {
		Map<String, Setting> settings = new LinkedHashMap<>();
		put(settings, "kind", cluster.kind().value());
		EksTarget eks = cluster.eks();
		put(settings, "eks-cluster", (eks != null) ? eks.clusterName() : "none");
		put(settings, "region", (eks != null) ? eks.region() : "none");
		put(settings, "nodegroups", (eks == null) ? "none" : eks.allNodegroups() ? "all" : String.join(",", eks.nodegroups()));
		put(settings, "eks-force", String.valueOf(eks != null && eks.force()));
		put(settings, "timezone", cluster.timezone().getId());
		put(settings, "patch-on-boot", String.valueOf(cluster.patchOnBoot()));
		put(settings, "schedule", orNone(cluster.schedule()));
		put(settings, "max-unavailable", cluster.maxUnavailable().toString());
		put(settings, "failure-budget", cluster.failureBudget().toString());
		put(settings, "maintenance-window",
				(cluster.maintenanceWindow() != null) ? InputRules.formatWindow(cluster.maintenanceWindow()) : "none");
		put(settings, "contacts", cluster.contacts().isEmpty() ? "none" : String.join(",", cluster.contacts()));
		put(settings, "ssh-user", orNone(cluster.sshUser()));
		put(settings, "ssh-key", orNone(cluster.sshKey()));
		put(settings, "known-hosts", orNone(cluster.knownHosts()));
		put(settings, "jump-host", orNone(cluster.jumpHost()));
		put(settings, "become-password-file", orNone(cluster.becomePasswordFile()));
		settings.put("webhook-url", new Setting((cluster.webhook() != null) ? cluster.webhook().redacted() : "none",
				(cluster.webhook() != null) ? cluster.webhook().url() : null));
		put(settings, "webhook-secret-file", (cluster.webhook() != null) ? orNone(cluster.webhook().secretFile()) : "none");
		settings.put("inventory-vars", new Setting(cluster.inventoryVars().isEmpty() ? "none"
				: new TreeMap<>(cluster.inventoryVars()).entrySet()
					.stream()
					.map((variable) -> variable.getKey() + "=" + InventoryVars.shown(variable.getKey(), variable.getValue()))
					.collect(Collectors.joining(",")), new TreeMap<>(cluster.inventoryVars())));
		put(settings, "kubeconfig", (cluster.kubeAccess() != null) ? cluster.kubeAccess().describe() : "none");
		put(settings, "drain-emptydir-data", String.valueOf(cluster.drainDeleteEmptyDirData()));
		return settings;
	}

	private static void put(Map<String, Setting> settings, String name, String shown) {
		settings.put(name, new Setting(shown, shown));
	}

	private static String orNone(Object value) {
		return (value != null) ? value.toString() : "none";
	}

}
