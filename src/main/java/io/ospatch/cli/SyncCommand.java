package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.SyncSummary;
import io.ospatch.discovery.NodeDiscovery;
import io.ospatch.kube.KubeApiException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch sync --cluster NAME... | --all}. */
@Command(name = "sync", mixinStandardHelpOptions = true,
		description = { "Read clusters' nodes from their Kubernetes API (see cluster add --kubeconfig): name, InternalIP,",
				"control-plane role from the node labels, OS image and kernel. New nodes are added in state new",
				"(what 'ospatch boot' patches); nodes no longer listed are marked gone, kept with their history and",
				"no longer patched, planned or counted. Syncing again changes nothing. A cluster whose API cannot",
				"be read gets one line and is left as it was; the others are synced, and the exit code is 1." })
class SyncCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Target target;

	static class Target {

		@Option(names = "--cluster", paramLabel = "NAME", required = true,
				description = "A cluster to sync; repeat for several. It must have a Kubernetes API (--kubeconfig).")
		List<String> clusters = new ArrayList<>();

		@Option(names = "--all", required = true, description = "Every cluster that has a Kubernetes API.")
		boolean all;

	}

	SyncCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		FleetService fleet = this.beans.get(FleetService.class);
		List<Cluster> clusters;
		if (this.target.all) {
			// an eks cluster's nodes are AWS's node groups': nothing to sync
			clusters = fleet.clusters()
				.stream()
				.filter((cluster) -> cluster.kubeAccess() != null && !cluster.kind().updatesNodegroups())
				.toList();
		}
		else {
			// every name is checked before any cluster is synced: bad input changes nothing
			clusters = this.target.clusters.stream().distinct().map(fleet::cluster).map(Cluster::requireOwnNodes).toList();
			clusters.stream().filter((cluster) -> cluster.kubeAccess() == null).findFirst().ifPresent((cluster) -> {
				throw new InvalidInputException("cluster '" + cluster.name() + "' has no Kubernetes API to sync from; give it "
						+ "one with 'ospatch cluster set " + cluster.name() + " --kubeconfig FILE' (or in-cluster)");
			});
		}
		PrintWriter out = this.spec.commandLine().getOut();
		if (clusters.isEmpty()) {
			out.println("no cluster has a Kubernetes API to sync from ('ospatch cluster set NAME --kubeconfig FILE')");
			return ExitCodes.OK;
		}
		int exitCode = ExitCodes.OK;
		for (Cluster cluster : clusters) {
			exitCode = worse(exitCode, syncOne(this.beans.get(NodeDiscovery.class), cluster, out,
					this.spec.commandLine().getErr()));
		}
		return exitCode;
	}

	/**
	 * Syncs one cluster and says what changed; shared with {@code boot}.
	 * @return {@link ExitCodes#OK}, {@link ExitCodes#WITHIN_BUDGET} when listed nodes were refused,
	 * {@link ExitCodes#FAILED} when its API could not be read (nothing changed)
	 */
	static int syncOne(NodeDiscovery discovery, Cluster cluster, PrintWriter out, PrintWriter err) {
		SyncSummary summary;
		try {
			summary = discovery.sync(cluster);
		}
		catch (KubeApiException ex) {
			err.println("ospatch: " + cluster.name() + ": not synced, nothing changed: " + ex.getMessage());
			return ExitCodes.FAILED;
		}
		out.println(describe(cluster.name(), summary));
		summary.refused()
			.forEach((node, why) -> err.println("ospatch: " + cluster.name() + ": node '" + node + "' not registered: " + why));
		return summary.refused().isEmpty() ? ExitCodes.OK : ExitCodes.WITHIN_BUDGET;
	}

	static String describe(String cluster, SyncSummary summary) {
		if (summary.nothingChanged()) {
			return cluster + ": in sync, " + summary.unchanged() + " node(s), nothing changed";
		}
		StringBuilder line = new StringBuilder(cluster).append(": synced:");
		appendNames(line, "added", summary.added());
		appendNames(line, "back", summary.returned());
		appendNames(line, "changed", summary.changed());
		appendNames(line, "gone", summary.gone());
		return line.append(" ").append(summary.unchanged()).append(" unchanged").toString();
	}

	private static void appendNames(StringBuilder line, String what, List<String> names) {
		if (!names.isEmpty()) {
			line.append(" ").append(names.size()).append(" ").append(what).append(" (").append(String.join(", ", names)).append(");");
		}
	}

	/** FAILED before WITHIN_BUDGET before OK. */
	static int worse(int a, int b) {
		if (a == ExitCodes.FAILED || b == ExitCodes.FAILED) {
			return ExitCodes.FAILED;
		}
		return Math.max(a, b);
	}

}
