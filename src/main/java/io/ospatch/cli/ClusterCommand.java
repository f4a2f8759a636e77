package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.stream.Collectors;

import io.ospatch.audit.AuditTrail;
import io.ospatch.audit.ChangeDetails;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InventoryVars;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeState;
import io.ospatch.database.DatabaseLocation;
import io.ospatch.run.RunRepository;
import io.ospatch.schedule.FireTimes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ospatch cluster add|set|remove|show|list}. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Register, change, remove and show clusters.",
		subcommands = { ClusterCommand.Add.class, ClusterCommand.Set.class, ClusterCommand.Remove.class,
				ClusterCommand.Show.class, ClusterCommand.ListClusters.class })
class ClusterCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "a subcommand is required: add, set, remove, show or list");
	}

	@Command(name = "add", mixinStandardHelpOptions = true, description = "Register a cluster.")
	static class Add implements java.util.concurrent.Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "NAME", description = "Cluster name: lower-case letters, digits and dashes.")
		String name;

		@Mixin
		ClusterSettingOptions options;

		Add(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			Cluster cluster = this.beans.get(FleetService.class).addCluster(this.name, this.options.toSettings());
			CliAudit.record(this.beans, AuditTrail.CLUSTER_ADD, cluster.name(), ChangeDetails.added(cluster));
			this.spec.commandLine().getOut().println("cluster " + cluster.name() + " added");
			return ExitCodes.OK;
		}

	}

	@Command(name = "set", mixinStandardHelpOptions = true, description = { "Change settings of a cluster; others stay.",
			"An optional setting given as 'none' is cleared (--schedule, --contacts, --ssh-user, --ssh-key, "
					+ "--known-hosts, --jump-host, --kubeconfig, --kube-context, --webhook-url, --webhook-secret-file); "
					+ "--inventory-var NAME= removes the variable NAME." })
	static class Set implements java.util.concurrent.Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "NAME", description = "The cluster.")
		String name;

		@Mixin
		ClusterSettingOptions options;

		Set(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			FleetService.ClusterChange change = this.beans.get(FleetService.class)
				.changeCluster(this.name, this.options.toSettings());
			CliAudit.record(this.beans, AuditTrail.CLUSTER_SET, this.name, ChangeDetails.changed(change.before(), change.after()));
			this.spec.commandLine().getOut().println("cluster " + change.after().name() + " updated");
			return ExitCodes.OK;
		}

	}

	@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a cluster and its nodes. Refused (exit 75) while a run holds the cluster, even a run "
			+ "that died: 'ospatch unlock' releases its lease first. A cluster with runs is refused (exit 2) "
			+ "unless --with-history, which removes its runs, their node results and events too.")
	static class Remove implements java.util.concurrent.Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "NAME", description = "The cluster.")
		String name;

		@picocli.CommandLine.Option(names = "--with-history",
				description = "Remove its run history as well. Default: a cluster with runs is not removed.")
		boolean withHistory;

		Remove(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			FleetService.RemovedCluster removed = this.beans.get(FleetService.class).removeCluster(this.name, this.withHistory);
			CliAudit.record(this.beans, AuditTrail.CLUSTER_REMOVE, this.name, ChangeDetails.removed(removed));
			this.spec.commandLine()
				.getOut()
				.println("cluster " + this.name + " removed, with " + removed.nodes() + " node(s) and " + removed.runs()
						+ " run(s)");
			return ExitCodes.OK;
		}

	}

	@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a cluster's settings and nodes.")
	static class Show implements java.util.concurrent.Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "NAME", description = "The cluster.")
		String name;

		Show(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			FleetService fleet = this.beans.get(FleetService.class);
			Cluster cluster = fleet.cluster(this.name);
			PrintWriter out = this.spec.commandLine().getOut();
			out.println("name:            " + cluster.name());
			out.println("kind:            " + cluster.kind()
					+ cluster.kind().patchRefusal().map((reason) -> " (not patched: " + reason + ")").orElse(""));
			if (cluster.eks() != null) {
				out.println("eks-cluster:     " + cluster.eks().clusterName() + " in " + cluster.eks().region());
				out.println("nodegroups:      " + (cluster.eks().allNodegroups() ? "all (every managed node group)"
						: String.join(", ", cluster.eks().nodegroups())));
				out.println("eks-force:       " + cluster.eks().force()
						+ (cluster.eks().force() ? " (updates may evict pods past their PodDisruptionBudgets)" : ""));
			}
			out.println("timezone:        " + cluster.timezone());
			out.println("patch-on-boot:   " + cluster.patchOnBoot());
			out.println("schedule:        " + ((cluster.schedule() != null) ? cluster.schedule() : "none"));
			if (cluster.schedule() != null) {
				out.println("next fire time:  " + nextFire(this.beans, cluster));
				this.beans.get(RunRepository.class)
					.lastMissed(cluster.id())
					.ifPresent((missed) -> out.println("last missed:     " + missed.atZone(cluster.timezone()).toOffsetDateTime()
							+ " (not run: found past the catch-up window; 'ospatch runs --cluster " + cluster.name() + "')"));
			}
			out.println("max-unavailable: " + cluster.maxUnavailable());
			out.println("failure-budget:  " + cluster.failureBudget());
			out.println("maintenance-window: " + ((cluster.maintenanceWindow() != null)
					? InputRules.formatWindow(cluster.maintenanceWindow())
							+ " (no chunk starts later after the fire time or launch)" : "none"));
			out.println("contacts:        " + (cluster.contacts().isEmpty() ? "none" : String.join(", ", cluster.contacts())));
			out.println("ssh-user:        " + ((cluster.sshUser() != null) ? cluster.sshUser() : "(Ansible's default)"));
			out.println("ssh-key:         " + ((cluster.sshKey() != null) ? cluster.sshKey() : "(SSH's default)"));
			out.println("known-hosts:     "
					+ ((cluster.knownHosts() != null) ? cluster.knownHosts() + " (strict host key checking)" : "(SSH's default)"));
			out.println("jump-host:       " + ((cluster.jumpHost() != null) ? cluster.jumpHost() : "none"));
			out.println("become-password: " + ((cluster.becomePasswordFile() != null)
					? "read from " + cluster.becomePasswordFile() + " when a playbook runs" : "none"));
			out.println("webhook:         " + webhook(cluster));
			out.println("inventory-vars:  " + (cluster.inventoryVars().isEmpty() ? "none" : cluster.inventoryVars()
				.entrySet()
				.stream()
				.sorted(java.util.Map.Entry.comparingByKey())
				.map((variable) -> variable.getKey() + "=" + shown(variable.getKey(), variable.getValue()))
				.collect(Collectors.joining(" "))));
			out.println("kubernetes-api:  "
					+ ((cluster.kubeAccess() != null) ? cluster.kubeAccess().describe() : "none (nodes registered by hand or import)"));
			out.println("drain:           " + ((cluster.kubeAccess() != null)
					? "cordon and drain each node before it is patched; emptyDir data "
							+ (cluster.drainDeleteEmptyDirData() ? "may be deleted" : "blocks the drain")
							+ " (drain-emptydir-data " + cluster.drainDeleteEmptyDirData() + ")"
					: "none: no Kubernetes API (drain-emptydir-data " + cluster.drainDeleteEmptyDirData() + ")"));
			List<Node> nodes = fleet.nodesWithGone(cluster);
			long gone = nodes.stream().filter((node) -> node.state() == NodeState.GONE).count();
			out.println("nodes:           " + (nodes.size() - gone) + ((gone > 0) ? " (and " + gone + " gone, kept with their history)" : ""));
			NodeTable.print(out, nodes);
			return ExitCodes.OK;
		}

	}

	/** The next fire time not yet handled, in the cluster's timezone; one in the past is due. */
	static String nextFire(Beans beans, Cluster cluster) {
		return beans.get(FireTimes.class)
			.next(cluster)
			.map((fire) -> fire.toOffsetDateTime() + (fire.toInstant().isAfter(beans.get(Clock.class).instant()) ? "" : " (due)"))
			.orElse("unknown (set by hand? 'ospatch cluster set " + cluster.name() + " --schedule …' sets it)");
	}

	/** The webhook redacted, as its URL may carry a secret; the secret file by its path only. */
	static String webhook(Cluster cluster) {
		if (cluster.webhook() == null) {
			return "none";
		}
		return cluster.webhook().redacted() + ((cluster.webhook().secretFile() != null)
				? " (signed with the secret read from " + cluster.webhook().secretFile() + " when a call is sent)"
				: " (unsigned)");
	}

	/** Variables that look like credentials (ansible_become_password, …) are not printed. */
	static String shown(String name, String value) {
		return InventoryVars.shown(name, value);
	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List the clusters.")
	static class ListClusters implements java.util.concurrent.Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		ListClusters(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			FleetService fleet = this.beans.get(FleetService.class);
			PrintWriter out = this.spec.commandLine().getOut();
			List<Cluster> clusters = fleet.clusters();
			if (clusters.isEmpty()) {
				// an empty fleet is often the right command on the wrong database: say which one
				out.println("no clusters in " + this.beans.get(DatabaseLocation.class)
						+ "; add one with 'ospatch cluster add' or 'ospatch import'");
				return ExitCodes.OK;
			}
			out.printf("%-24s %-12s %-6s %-16s %-15s %-20s %s%n", "NAME", "KIND", "NODES", "MAX-UNAVAILABLE",
					"FAILURE-BUDGET", "SCHEDULE", "NEXT-FIRE-TIME");
			for (Cluster cluster : clusters) {
				out.printf("%-24s %-12s %-6d %-16s %-15s %-20s %s%n", cluster.name(), cluster.kind(),
						fleet.nodes(cluster).size(), cluster.maxUnavailable(), cluster.failureBudget(),
						(cluster.schedule() != null) ? cluster.schedule() : "-",
						(cluster.schedule() != null) ? nextFire(this.beans, cluster) : "-");
			}
			return ExitCodes.OK;
		}

	}

}
