package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.rollout.ClusterPlan;
import io.ospatch.rollout.PlanService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch plan --cluster NAME}. */
@Command(name = "plan", mixinStandardHelpOptions = true,
		description = { "Show how a cluster would be patched: its chunks in order and, per node, current -> target",
				"OS version and the number of packages to change. Reads the nodes with os-facts.yml; changes nothing.",
				"Exits 3 if some nodes could not be read." })
class PlanCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME", required = true, description = "The cluster.")
	String cluster;

	PlanCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		return printPlans(this.beans, this.spec.commandLine().getOut(), false, List.of(this.cluster));
	}

	/** Prints the plans of the clusters (or of every patchable one); shared with {@code patch --dry-run}. */
	static int printPlans(Beans beans, PrintWriter out, boolean all, List<String> clusters) {
		List<String> names = all ? beans.get(FleetService.class)
			.clusters()
			.stream()
			.filter((cluster) -> cluster.kind().patchRefusal().isEmpty())
			.map(Cluster::name)
			.toList() : clusters;
		boolean allRead = true;
		for (String name : names) {
			ClusterPlan plan = beans.get(PlanService.class).plan(name);
			print(out, plan);
			allRead &= plan.allNodesRead();
		}
		return allRead ? ExitCodes.OK : ExitCodes.WITHIN_BUDGET;
	}

	private static void print(PrintWriter out, ClusterPlan plan) {
		out.printf("%s: %d chunk(s), max-unavailable %s, failure budget %d node(s)%n", plan.cluster(),
				plan.chunks().size(), plan.maxUnavailable(), plan.allowedSkips());
		for (ClusterPlan.Chunk chunk : plan.chunks()) {
			out.printf("  chunk %d/%d%n", chunk.number(), plan.chunks().size());
			for (ClusterPlan.PlannedNode node : chunk.nodes()) {
				if (node.error() != null) {
					out.printf("    %-22s %-14s cannot be read: %s%n", node.name(), node.role(), node.error());
				}
				else {
					out.printf("    %-22s %-14s %s -> %s, %d package(s)%s%n", node.name(), node.role(),
							orUnknown(node.currentVersion()), orUnknown(node.targetVersion()), node.packages(),
							(node.securityPackages() > 0) ? " (" + node.securityPackages() + " security)" : "");
				}
			}
		}
	}

	private static String orUnknown(String version) {
		return (version != null) ? version : "?";
	}

}
