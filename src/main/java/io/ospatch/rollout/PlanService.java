package io.ospatch.rollout;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;
import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.ansible.PackageChange;
import io.ospatch.ansible.Playbook;
import io.ospatch.ansible.PlaybookRunner;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;
import io.ospatch.eks.EksApiException;
import io.ospatch.eks.NodegroupPlan;
import io.ospatch.eks.NodegroupPlanner;

import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Plans a rollout: the chunks in order and, per node, its current and target OS version and the
 * packages an upgrade would change, read with the read-only {@code os-facts.yml}. Changes nothing,
 * neither on the nodes nor in the database, and takes no lease.
 */
@Service
public class PlanService {

	private final FleetService fleet;

	private final Preflight preflight;

	private final PlaybookRunner runner;

	private final RolloutProperties properties;

	private final DeferredNodes deferred;

	private final NodegroupPlanner nodegroupPlanner;

	private final TransactionTemplate reads;

	PlanService(FleetService fleet, Preflight preflight, PlaybookRunner runner, RolloutProperties properties,
			DeferredNodes deferred, NodegroupPlanner nodegroupPlanner, PlatformTransactionManager transactionManager) {
		this.nodegroupPlanner = nodegroupPlanner;
		this.fleet = fleet;
		this.preflight = preflight;
		this.runner = runner;
		this.properties = properties;
		this.deferred = deferred;
		this.reads = new TransactionTemplate(transactionManager);
		this.reads.setReadOnly(true);
	}

	/** @throws InvalidInputException for an unknown cluster, one that cannot be patched, a missing key or a stored setting that breaks the input rules */
	public ClusterPlan plan(String clusterName) {
		return plan(stored(() -> this.fleet.cluster(clusterName)));
	}

	/**
	 * Plans a cluster as just read, say among {@link FleetService#clusters()}: as {@link #plan(String)},
	 * without reading it again.
	 * @throws InvalidInputException for a cluster that cannot be patched, a missing key or a stored setting that breaks the input rules
	 */
	public ClusterPlan plan(Cluster cluster) {
		return plan(stored(() -> cluster));
	}

	private ClusterPlan plan(Stored stored) {
		Cluster cluster = stored.cluster();
		List<Node> nodes = stored.nodes();
		this.preflight.checkConnection(cluster, nodes);
		this.preflight.checkAnsible(Playbook.OS_FACTS);
		Map<String, HostOutcome> facts = nodes.isEmpty() ? Map.of()
				: this.runner.run(ClusterInventory.request(Playbook.OS_FACTS, cluster, nodes, null)).hosts();
		// the order the next run would take: with its canary, and the nodes the last run deferred first
		List<ClusterPlan.Chunk> chunks = RollingOrder
			.chunks(nodes, cluster.maxUnavailable(), nodes.size(), this.properties.canary(), stored.deferred())
			.stream()
			.map((chunk) -> new ClusterPlan.Chunk(chunk.number(),
					chunk.nodes().stream().map((node) -> planned(node, facts.get(node.name()))).toList(), chunk.canary()))
			.toList();
		return new ClusterPlan(cluster.name(), cluster.maxUnavailable().toString(),
				FailureBudget.of(cluster.failureBudget(), nodes.size()).allowedSkips(), chunks);
	}

	/**
	 * What a plan reads of the database, read in one read-only transaction that ends before
	 * os-facts.yml runs (no connection is held while Ansible works): one transaction's set-up per
	 * plan rather than one per read, and the three reads agree.
	 */
	private Stored stored(Supplier<Cluster> read) {
		return this.reads.execute((status) -> {
			Cluster cluster = read.get().requirePatchable();
			return new Stored(cluster, this.fleet.nodes(cluster), this.deferred.byRunBefore(cluster.id(), Long.MAX_VALUE));
		});
	}

	/** A cluster to plan, its nodes in rolling order and the ids of those its last run deferred. */
	private record Stored(Cluster cluster, List<Node> nodes, Set<Long> deferred) {
	}

	/**
	 * The rolling order the next run of a cluster would take, from what the database knows: its
	 * chunks with their nodes and the OS version last read, the failure budget. Reads no node and runs
	 * nothing, so it is quick enough to show before a launch; target versions and packages are
	 * {@link #plan}'s.
	 * @throws InvalidInputException for an unknown cluster or one that cannot be patched
	 */
	public ClusterPlan order(String clusterName) {
		Cluster cluster = this.fleet.cluster(clusterName).requirePatchable();
		List<Node> nodes = this.fleet.nodes(cluster);
		List<ClusterPlan.Chunk> chunks = RollingOrder
			.chunks(nodes, cluster.maxUnavailable(), nodes.size(), this.properties.canary(),
					this.deferred.byRunBefore(cluster.id(), Long.MAX_VALUE))
			.stream()
			.map((chunk) -> new ClusterPlan.Chunk(chunk.number(), chunk.nodes()
				.stream()
				.map((node) -> new ClusterPlan.PlannedNode(node.name(), node.role().value(), node.osVersion(), null, 0, 0,
						null))
				.toList(), chunk.canary()))
			.toList();
		return new ClusterPlan(cluster.name(), cluster.maxUnavailable().toString(),
				FailureBudget.of(cluster.failureBudget(), nodes.size()).allowedSkips(), chunks);
	}

	/**
	 * Whether the cluster is planned by its node groups (kind eks) rather than by its nodes.
	 * @throws InvalidInputException for an unknown cluster
	 */
	public boolean hasNodegroups(String clusterName) {
		return this.fleet.cluster(clusterName).kind().updatesNodegroups();
	}

	/**
	 * Plans an eks cluster: per node group (its chosen ones, or every managed one), what it runs, the
	 * latest release for its Kubernetes version and whether an update would be sent. Asks AWS only.
	 * @throws InvalidInputException for an unknown cluster or one that is not of kind eks
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	public List<NodegroupPlan> planNodegroups(String clusterName) {
		Cluster cluster = this.fleet.cluster(clusterName);
		return this.nodegroupPlanner.plan(EksClusters.api(cluster));
	}

	/**
	 * Plans an eks cluster as just read, as {@link #planNodegroups(String)}.
	 * @throws InvalidInputException for a cluster that is not of kind eks
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	public List<NodegroupPlan> planNodegroups(Cluster cluster) {
		return this.nodegroupPlanner.plan(EksClusters.api(cluster));
	}

	private static ClusterPlan.PlannedNode planned(Node node, HostOutcome host) {
		OsPatchFacts facts = (host != null) ? host.facts() : null;
		if (host == null || host.status() != HostStatus.OK || facts == null || facts.status() == PatchStatus.FAILED) {
			String error = (host == null) ? "no result from os-facts.yml"
					: (host.status() == HostStatus.UNREACHABLE ? "unreachable: " : "") + host.error();
			return new ClusterPlan.PlannedNode(node.name(), node.role().value(), node.osVersion(), null, 0, 0,
					(error != null) ? error : "os-facts.yml reported no ospatch result");
		}
		List<PackageChange> packages = facts.packages();
		return new ClusterPlan.PlannedNode(node.name(), node.role().value(),
				(facts.before() != null) ? facts.before().version() : node.osVersion(), facts.targetVersion(),
				packages.size(), (int) packages.stream().filter(PackageChange::security).count(), null);
	}

}
