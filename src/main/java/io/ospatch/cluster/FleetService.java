package io.ospatch.cluster;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Registers and changes clusters and nodes. Every method checks all of its input before it writes
 * anything, and writes in one transaction, so bad input changes nothing.
 */
@Service
public class FleetService {

	private final ClusterRepository clusters;

	private final NodeRepository nodes;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	FleetService(ClusterRepository clusters, NodeRepository nodes, Clock clock, ApplicationEventPublisher events) {
		this.clusters = clusters;
		this.nodes = nodes;
		this.clock = clock;
		this.events = events;
	}

	@Transactional
	public Cluster addCluster(String name, ClusterSettings settings) {
		InputRules.clusterName(name);
		if (this.clusters.findByName(name).isPresent()) {
			throw new FleetConflictException("cluster '" + name + "' already exists; change it with 'ospatch cluster set'");
		}
		Cluster cluster = settings.newCluster(name).requireSchedulable();
		long id = this.clusters.insert(cluster, this.clock.instant());
		Cluster added = cluster(name, id);
		scheduleChanged(null, added);
		return added;
	}

	@Transactional
	public Cluster updateCluster(String name, ClusterSettings changes) {
		return changeCluster(name, changes).after();
	}

	/**
	 * As {@link #updateCluster}, telling what the cluster was before as well: for the audit trail.
	 * @throws UnknownClusterException if there is no such cluster
	 * @throws InvalidInputException naming the first bad value; nothing is changed
	 */
	@Transactional
	public ClusterChange changeCluster(String name, ClusterSettings changes) {
		Cluster stored = cluster(name);
		Cluster updated = changes.applyTo(stored).requireSchedulable();
		if (!this.nodes.findByCluster(stored.id()).isEmpty()) {
			updated.requireOwnNodes();
		}
		this.clusters.update(updated, this.clock.instant());
		Cluster changed = cluster(name);
		scheduleChanged(stored, changed);
		return new ClusterChange(stored, changed);
	}

	/**
	 * A cluster before and after {@link #changeCluster} changed it.
	 *
	 * @param before as it was
	 * @param after as it is now
	 */
	public record ClusterChange(Cluster before, Cluster after) {
	}

	/**
	 * Tells whoever keeps fire times that a cluster's schedule or timezone is new, within this
	 * transaction: a listener that refuses the schedule undoes the whole change.
	 */
	private void scheduleChanged(Cluster before, Cluster after) {
		boolean changed = (before == null) ? after.schedule() != null
				: !java.util.Objects.equals(before.schedule(), after.schedule()) || !before.timezone().equals(after.timezone());
		if (changed) {
			this.events.publishEvent(new ClusterScheduleChanged(after));
		}
	}

	/** @throws UnknownClusterException if there is no such cluster */
	@Transactional(readOnly = true)
	public Cluster cluster(String name) {
		// not even asked for: MySQL would find 'prod' for 'PROD', H2 would not
		return Optional.ofNullable(name)
			.filter(InputRules::isClusterName)
			.flatMap(this.clusters::findByName)
			.orElseThrow(() -> new UnknownClusterException(
					"unknown cluster '" + InputRules.printable(name) + "'; 'ospatch cluster list' shows the clusters"));
	}

	@Transactional(readOnly = true)
	public List<Cluster> clusters() {
		return this.clusters.findAll();
	}

	/**
	 * The clusters of these names, in no particular order: what {@link #cluster} gives for each, read
	 * in a few queries rather than a few per cluster. Names of no cluster are left out, as are names
	 * that break the naming rules (never looked up, as there).
	 */
	@Transactional(readOnly = true)
	public List<Cluster> clusters(Collection<String> names) {
		return this.clusters.findByNames(names.stream().filter(InputRules::isClusterName).toList());
	}

	@Transactional
	public Node addNode(String clusterName, NodeSpec given) {
		NodeSpec spec = given;
		Cluster cluster = cluster(clusterName).requireOwnNodes();
		spec = checkNode(spec);
		if (this.nodes.findByName(cluster.id(), spec.name()).isPresent()) {
			throw new FleetConflictException("node '" + spec.name() + "' already exists in cluster '" + clusterName + "'");
		}
		this.nodes.insert(cluster.id(), spec, this.clock.instant());
		return this.nodes.findByName(cluster.id(), spec.name()).orElseThrow();
	}

	/**
	 * Removes a cluster with its nodes. Refused while a run holds it (its lease is in place, even
	 * one whose run died: 'ospatch unlock' releases that first). Its run history goes with it only
	 * when {@code withHistory}: without, a cluster that has runs is refused, so that no compliance
	 * record disappears as a side effect.
	 * @throws UnknownClusterException if there is no such cluster
	 * @throws FleetConflictException if it has runs and not {@code withHistory}
	 * @throws ClusterBusyException if a run holds it
	 */
	@Transactional
	public RemovedCluster removeCluster(String name, boolean withHistory) {
		Cluster cluster = cluster(name);
		requireNotLeased(cluster, "removed");
		long runs = this.clusters.countRuns(cluster.id());
		if (runs > 0 && !withHistory) {
			throw new FleetConflictException("cluster '" + name + "' has " + runs + " run(s) in its history; not removed. "
					+ "'ospatch cluster remove " + name + " --with-history' removes them too");
		}
		int nodeCount = this.nodes.findByCluster(cluster.id()).size();
		if (!this.clusters.deleteUnlessLeased(cluster.id())) {
			throw busy(cluster, "removed");
		}
		return new RemovedCluster(nodeCount, runs);
	}

	/**
	 * What {@link #removeCluster} removed besides the cluster.
	 *
	 * @param nodes its nodes
	 * @param runs its runs, with their node results and events
	 */
	public record RemovedCluster(int nodes, long runs) {
	}

	/**
	 * Removes a node from its cluster: later runs no longer know it. Refused while a run holds the
	 * cluster. Its results in past runs go with it only when {@code withHistory}: without, a node
	 * that has results is refused.
	 * @return the number of runs whose results for the node were removed
	 * @throws UnknownClusterException if there is no such cluster
	 * @throws UnknownNodeException if the cluster has no such node
	 * @throws FleetConflictException if the node has results and not {@code withHistory}
	 * @throws ClusterBusyException if a run holds the cluster
	 */
	@Transactional
	public long removeNode(String clusterName, String nodeName, boolean withHistory) {
		Cluster cluster = cluster(clusterName);
		// not even asked for, like cluster names: MySQL would find 'w-1' for 'W-1', H2 would not
		Node node = Optional.ofNullable(nodeName)
			.filter(InputRules::isNodeName)
			.flatMap((name) -> this.nodes.findByName(cluster.id(), name))
			.orElseThrow(() -> new UnknownNodeException("unknown node '" + InputRules.printable(nodeName)
					+ "' in cluster '" + clusterName + "'; 'ospatch node list " + clusterName + "' shows its nodes"));
		requireNotLeased(cluster, "removed");
		long runs = this.nodes.countRunsWithResults(node.id());
		if (runs > 0 && !withHistory) {
			throw new FleetConflictException("node '" + nodeName + "' has results in " + runs + " run(s); not removed. "
					+ "'ospatch node remove " + clusterName + " " + nodeName + " --with-history' removes them too");
		}
		if (!this.nodes.deleteUnlessLeased(cluster.id(), node.id())) {
			throw busy(cluster, "removed");
		}
		return runs;
	}

	private void requireNotLeased(Cluster cluster, String what) {
		if (this.clusters.leased(cluster.id())) {
			throw busy(cluster, what);
		}
	}

	private static ClusterBusyException busy(Cluster cluster, String what) {
		return new ClusterBusyException("cluster '" + cluster.name() + "' is held by a run; nothing " + what
				+ ". Wait for the run to end, or release the lease of a run that died with 'ospatch unlock --cluster "
				+ cluster.name() + "'");
	}

	/**
	 * The nodes of a cluster that are patched, planned and counted, in rolling order: control plane
	 * first, then workers, each by name. Nodes gone from its Kubernetes API are not among them.
	 */
	@Transactional(readOnly = true)
	public List<Node> nodes(Cluster cluster) {
		return this.nodes.findByCluster(cluster.id()).stream().filter((node) -> node.state() != NodeState.GONE).toList();
	}

	/** Every node of a cluster, the gone ones too (kept with their history), in rolling order. */
	@Transactional(readOnly = true)
	public List<Node> nodesWithGone(Cluster cluster) {
		return this.nodes.findByCluster(cluster.id());
	}

	/**
	 * Brings a cluster's nodes in line with what its Kubernetes API lists, in one transaction:
	 * nodes not known are added in state new, known ones take the API's address, role, OS image
	 * and kernel, nodes no longer listed are marked gone (never deleted: their history stays), and a
	 * gone node listed again is new again (it may be a reinstalled machine). A node listed without
	 * an InternalIP keeps its stored address. Syncing the same list twice changes nothing the second
	 * time. Listed nodes whose name or address ospatch does not take are refused, the others synced.
	 */
	@Transactional
	public SyncSummary syncNodes(Cluster cluster, List<SeenNode> listed) {
		cluster.requireOwnNodes();
		Instant now = this.clock.instant();
		Map<String, Node> known = new LinkedHashMap<>();
		this.nodes.findByCluster(cluster.id()).forEach((node) -> known.put(node.name(), node));
		List<String> added = new ArrayList<>();
		List<String> returned = new ArrayList<>();
		List<String> changed = new ArrayList<>();
		List<String> gone = new ArrayList<>();
		Map<String, String> refused = new TreeMap<>();
		Set<String> listedNames = new HashSet<>();
		int unchanged = 0;
		for (SeenNode seen : listed) {
			listedNames.add(seen.name());
			Node node = known.get(seen.name());
			String address = (seen.address() != null) ? seen.address() : (node != null) ? node.address() : null;
			try {
				InputRules.nodeName(seen.name());
				if (address == null) {
					throw new InvalidInputException("the API gives it no InternalIP address");
				}
				InputRules.address(address);
			}
			catch (InvalidInputException ex) {
				refused.put(InputRules.printable(seen.name()), ex.getMessage());
				continue;
			}
			if (node == null) {
				this.nodes.insertSeen(cluster.id(),
						new SeenNode(seen.name(), address, seen.role(), seen.osImage(), seen.kernel()), now);
				added.add(seen.name());
				continue;
			}
			boolean back = node.state() == NodeState.GONE;
			boolean differs = !address.equals(node.address()) || node.role() != seen.role()
					|| !Objects.equals(node.osImage(), seen.osImage())
					|| (seen.kernel() != null && !seen.kernel().equals(node.kernel()));
			if (back || differs) {
				this.nodes.updateSeen(node.id(), address, seen.role(), seen.osImage(), seen.kernel(),
						back ? NodeState.NEW : node.state(), now);
				(back ? returned : changed).add(seen.name());
			}
			else {
				unchanged++;
			}
		}
		for (Node node : known.values()) {
			if (!listedNames.contains(node.name()) && node.state() != NodeState.GONE) {
				this.nodes.markGone(node.id(), now);
				gone.add(node.name());
			}
		}
		return new SyncSummary(added, returned, changed, gone, unchanged, refused);
	}

	/**
	 * Brings the fleet in line with a fleet file: missing clusters and nodes are added, existing
	 * ones take the file's settings. Nodes the file does not name are kept (their history stays),
	 * and reported. Importing the same file twice changes nothing the second time.
	 */
	@Transactional
	public ImportSummary importFleet(List<FleetEntry> entries) {
		entries.forEach(FleetService::checkEntry);
		checkUniqueNames(entries);
		List<String> created = new ArrayList<>();
		List<String> updated = new ArrayList<>();
		List<String> unchanged = new ArrayList<>();
		List<String> notInFile = new ArrayList<>();
		int nodesAdded = 0;
		int nodesUpdated = 0;
		for (FleetEntry entry : entries) {
			Optional<Cluster> existing = this.clusters.findByName(entry.name());
			Cluster cluster;
			if (existing.isEmpty()) {
				cluster = entry.settings().newCluster(entry.name()).requireSchedulable();
				if (!entry.nodes().isEmpty()) {
					cluster.requireOwnNodes();
				}
				cluster = cluster(entry.name(), this.clusters.insert(cluster, this.clock.instant()));
				scheduleChanged(null, cluster);
				created.add(entry.name());
			}
			else {
				Cluster wanted = entry.settings().applyTo(existing.get()).requireSchedulable();
				if (!entry.nodes().isEmpty() || !this.nodes.findByCluster(wanted.id()).isEmpty()) {
					wanted.requireOwnNodes();
				}
				boolean changed = !wanted.equals(existing.get());
				if (changed) {
					this.clusters.update(wanted, this.clock.instant());
					scheduleChanged(existing.get(), wanted);
				}
				cluster = wanted;
				(changed ? updated : unchanged).add(entry.name());
			}
			Set<String> named = new HashSet<>();
			for (NodeSpec spec : entry.nodes()) {
				named.add(spec.name());
				Optional<Node> node = this.nodes.findByName(cluster.id(), spec.name());
				if (node.isEmpty()) {
					this.nodes.insert(cluster.id(), spec, this.clock.instant());
					nodesAdded++;
				}
				else if (!sameConnection(node.get(), spec)) {
					this.nodes.updateConnection(node.get().id(), spec, this.clock.instant());
					nodesUpdated++;
				}
			}
			for (Node node : nodes(cluster)) {
				if (!named.contains(node.name())) {
					notInFile.add(entry.name() + "/" + node.name());
				}
			}
		}
		return new ImportSummary(created, updated, unchanged, nodesAdded, nodesUpdated, notInFile);
	}

	/** Records what a run saw of a node; used by the rollout as each chunk finishes. */
	@Transactional
	public void recordObservation(Node node, NodeObservation observation) {
		this.nodes.recordObservation(node.id(), observation, this.clock.instant());
	}

	/** Sets a node's state; within the caller's transaction if there is one. */
	@Transactional
	public void markState(Node node, NodeState state) {
		this.nodes.updateState(node.id(), state, this.clock.instant());
	}

	private Cluster cluster(String name, long id) {
		return this.clusters.findByName(name)
			.filter((cluster) -> cluster.id() == id)
			.orElseThrow(() -> new IllegalStateException("cluster " + name + " vanished while it was being written"));
	}

	private static boolean sameConnection(Node node, NodeSpec spec) {
		return node.address().equals(spec.address()) && node.sshPort() == spec.sshPort()
				&& node.role() == spec.role() && java.util.Objects.equals(node.sshKey(), spec.sshKey());
	}

	private static void checkEntry(FleetEntry entry) {
		InputRules.clusterName(entry.name());
		entry.nodes().forEach(FleetService::checkNode);
	}

	/** @return the spec with its key path made absolute */
	private static NodeSpec checkNode(NodeSpec spec) {
		InputRules.nodeName(spec.name());
		try {
			InputRules.address(spec.address());
			InputRules.port(spec.sshPort());
			if (spec.role() == null) {
				throw new InvalidInputException("a role is required (control-plane or worker)");
			}
			Path key = (spec.sshKey() != null) ? InputRules.keyFile(spec.sshKey()) : null;
			return new NodeSpec(spec.name(), spec.address(), spec.port(), spec.role(), key);
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("node '" + spec.name() + "': " + ex.getMessage());
		}
	}

	private static void checkUniqueNames(List<FleetEntry> entries) {
		Set<String> clusterNames = new HashSet<>();
		for (FleetEntry entry : entries) {
			if (!clusterNames.add(entry.name())) {
				throw new InvalidInputException("cluster '" + entry.name() + "' appears twice in the fleet file");
			}
			Set<String> nodeNames = new HashSet<>();
			for (NodeSpec node : entry.nodes()) {
				if (!nodeNames.add(node.name())) {
					throw new InvalidInputException(
							"node '" + node.name() + "' appears twice in cluster '" + entry.name() + "'");
				}
			}
		}
	}

}
