package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.eks.EksApiException;
import io.ospatch.eks.NodegroupPlan;
import io.ospatch.rollout.ClusterPlan;
import io.ospatch.rollout.PlanService;
import io.ospatch.rollout.PreflightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch plan --cluster NAME...}. */
@Command(name = "plan", mixinStandardHelpOptions = true,
		description = { "Show how a cluster would be patched: its chunks in order and, per node, current -> target",
				"OS version and the number of packages to change. Reads the nodes with os-facts.yml; changes nothing.",
				"A cluster that cannot be planned gets one line saying why, and the others are still planned;",
				"the exit code is the worst: 1 if one failed (its nodes could not be listed, say), 2 if one was",
				"refused (unknown, not patchable, a missing key, a stored setting that breaks the input rules),",
				"3 if some nodes could not be read." })
class PlanCommand implements Callable<Integer> {

	private static final Logger log = LoggerFactory.getLogger(PlanCommand.class);

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME", required = true,
			description = "A cluster to plan; repeat to plan several.")
	List<String> clusters;

	PlanCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		return printPlans(this.beans, this.spec.commandLine().getOut(), this.spec.commandLine().getErr(), false,
				this.clusters);
	}

	/**
	 * Prints the plans of the clusters (or of every patchable one), going on past a cluster that
	 * cannot be planned; shared with {@code patch --dry-run}.
	 * @return the worst exit code: {@link ExitCodes#FAILED}, {@link ExitCodes#BAD_INPUT}, {@link ExitCodes#WITHIN_BUDGET} (nodes not read), {@link ExitCodes#OK}
	 * @throws PreflightException when this machine cannot run os-facts.yml, for any cluster
	 */
	static int printPlans(Beans beans, PrintWriter out, PrintWriter err, boolean all, List<String> clusters) {
		FleetService fleet = beans.get(FleetService.class);
		PlanService plans = beans.get(PlanService.class);
		// each cluster is read once: those of --all as listed, a named one when its turn comes
		List<Target> targets = all ? fleet.clusters()
			.stream()
			.filter((cluster) -> cluster.kind().patchRefusal().isEmpty())
			.map((cluster) -> new Target(cluster.name(), () -> cluster))
			.toList() : clusters.stream().map((name) -> new Target(name, () -> fleet.cluster(name))).toList();
		int exitCode = ExitCodes.OK;
		for (Target target : targets) {
			String name = target.name();
			try {
				Cluster cluster = target.cluster().get();
				if (cluster.kind().updatesNodegroups()) {
					printNodegroups(out, name, plans.planNodegroups(cluster));
					continue;
				}
				ClusterPlan plan = plans.plan(cluster);
				print(out, plan);
				exitCode = worst(exitCode, plan.allNodesRead() ? ExitCodes.OK : ExitCodes.WITHIN_BUDGET);
			}
			catch (InvalidInputException ex) {
				err.println("ospatch: " + ex.getMessage());
				exitCode = worst(exitCode, ExitCodes.BAD_INPUT);
			}
			catch (PreflightException ex) {
				throw ex;
			}
			catch (EksApiException ex) {
				log.debug("Cannot plan {}", name, ex);
				err.println("ospatch: cluster '" + name + "' cannot be planned: " + ex.getMessage());
				exitCode = worst(exitCode, ExitCodes.FAILED);
			}
			catch (RuntimeException ex) {
				log.debug("Cannot plan {}", name, ex);
				err.println("ospatch: cluster '" + name + "' cannot be planned: " + OspatchCli.rootCause(ex));
				exitCode = worst(exitCode, ExitCodes.FAILED);
			}
		}
		return exitCode;
	}

	/** A cluster to plan: its name, and how it is read (an unknown name fails there, with the rest planned). */
	private record Target(String name, Supplier<Cluster> cluster) {
	}

	// a failure outranks a refusal, which outranks unread nodes
	private static int worst(int current, int next) {
		List<Integer> order = List.of(ExitCodes.FAILED, ExitCodes.BAD_INPUT, ExitCodes.WITHIN_BUDGET, ExitCodes.OK);
		return (order.indexOf(next) < order.indexOf(current)) ? next : current;
	}

	private static void print(PrintWriter out, ClusterPlan plan) {
		out.printf("%s: %d chunk(s), max-unavailable %s, failure budget %d node(s)%n", plan.cluster(),
				plan.chunks().size(), plan.maxUnavailable(), plan.allowedSkips());
		for (ClusterPlan.Chunk chunk : plan.chunks()) {
			out.printf("  chunk %d/%d%s%n", chunk.number(), plan.chunks().size(), chunk.canary() ? " (canary)" : "");
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

	private static void printNodegroups(PrintWriter out, String cluster, List<NodegroupPlan> plans) {
		long updates = plans.stream().filter((plan) -> plan.action() == NodegroupPlan.Action.UPDATE).count();
		out.printf("%s: %d node group(s), %d to update%n", cluster, plans.size(), updates);
		for (NodegroupPlan plan : plans) {
			String action = switch (plan.action()) {
				case UPDATE -> "update";
				case CURRENT -> "current";
				case NOT_UPDATABLE -> "not updatable: " + plan.reason();
			};
			out.printf("  %-22s Kubernetes %-6s %-24s %s -> %s, %s%n", plan.nodegroup(), orUnknown(plan.kubernetesVersion()),
					orUnknown(plan.amiType()), orUnknown(plan.currentRelease()), orUnknown(plan.latestRelease()), action);
		}
	}

	private static String orUnknown(String version) {
		return (version != null) ? version : "?";
	}

}
