package io.ospatch.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.audit.AuditTrail;
import io.ospatch.audit.ChangeDetails;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ospatch node add|remove|list}. */
@Command(name = "node", mixinStandardHelpOptions = true, description = "Register, remove and list a cluster's nodes.",
		subcommands = { NodeCommand.Add.class, NodeCommand.Remove.class, NodeCommand.ListNodes.class })
class NodeCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "a subcommand is required: add, remove or list");
	}

	@Command(name = "add", mixinStandardHelpOptions = true, description = "Register a node of a cluster.")
	static class Add implements Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster.")
		String cluster;

		@Parameters(index = "1", paramLabel = "NAME", description = "Node name, as in Kubernetes.")
		String name;

		@Option(names = "--address", required = true, paramLabel = "ADDRESS", description = "IP address or DNS name SSH connects to.")
		String address;

		@Option(names = "--role", required = true, paramLabel = "ROLE", description = "control-plane or worker.")
		String role;

		@Option(names = "--port", paramLabel = "PORT", description = "SSH port. Default: 22.")
		Integer port;

		@Option(names = "--ssh-key", paramLabel = "PATH", description = "SSH private key for this node, instead of the cluster's.")
		Path sshKey;

		Add(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			NodeSpec node = new NodeSpec(this.name, this.address, this.port, NodeRole.of(this.role), this.sshKey);
			Node added = this.beans.get(FleetService.class).addNode(this.cluster, node);
			CliAudit.record(this.beans, AuditTrail.NODE_ADD, this.cluster, ChangeDetails.node(added));
			this.spec.commandLine().getOut().println("node " + this.name + " added to cluster " + this.cluster);
			return ExitCodes.OK;
		}

	}

	@Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a node from its cluster (decommissioned): later runs no longer patch or count it. "
			+ "Refused (exit 75) while a run holds the cluster, even a run that died: 'ospatch unlock' "
			+ "releases its lease first. A node with results in past runs is refused (exit 2) unless "
			+ "--with-history, which removes those results too.")
	static class Remove implements Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster.")
		String cluster;

		@Parameters(index = "1", paramLabel = "NAME", description = "The node.")
		String name;

		@Option(names = "--with-history",
				description = "Remove its results in past runs as well. Default: a node with results is not removed.")
		boolean withHistory;

		Remove(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			long runs = this.beans.get(FleetService.class).removeNode(this.cluster, this.name, this.withHistory);
			CliAudit.record(this.beans, AuditTrail.NODE_REMOVE, this.cluster, ChangeDetails.nodeRemoved(this.name, runs));
			this.spec.commandLine()
				.getOut()
				.println("node " + this.name + " removed from cluster " + this.cluster
						+ ((runs > 0) ? ", with its results in " + runs + " run(s)" : ""));
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true, description = "List a cluster's nodes in rolling order.")
	static class ListNodes implements Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Parameters(paramLabel = "CLUSTER", description = "The cluster.")
		String cluster;

		ListNodes(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			FleetService fleet = this.beans.get(FleetService.class);
			List<Node> nodes = fleet.nodesWithGone(fleet.cluster(this.cluster));
			if (nodes.isEmpty()) {
				this.spec.commandLine().getOut().println("cluster " + this.cluster + " has no nodes");
			}
			NodeTable.print(this.spec.commandLine().getOut(), nodes);
			return ExitCodes.OK;
		}

	}

}
