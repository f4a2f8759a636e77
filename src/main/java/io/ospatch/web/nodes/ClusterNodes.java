package io.ospatch.web.nodes;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.run.LatestNodeResults;
import io.ospatch.run.LatestNodeResults.LatestResult;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/** A cluster's nodes with their last patch, from {@link FleetService} and {@link LatestNodeResults}. */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ClusterNodes {

	private final FleetService fleet;

	private final LatestNodeResults latest;

	ClusterNodes(FleetService fleet, LatestNodeResults latest) {
		this.fleet = fleet;
		this.latest = latest;
	}

	/**
	 * The cluster's nodes, gone ones too (kept with their history), control plane first, then by name.
	 * @throws UnknownClusterException with the command line's message
	 */
	public List<NodeStanding> of(String clusterName) {
		return of(this.fleet.cluster(clusterName));
	}

	public List<NodeStanding> of(Cluster cluster) {
		Map<Long, LatestResult> results = this.latest.ofCluster(cluster.id());
		return this.fleet.nodesWithGone(cluster)
			.stream()
			.sorted(Comparator.comparing(Node::role).thenComparing(Node::name))
			.map((node) -> standing(node, results.get(node.id())))
			.toList();
	}

	private static NodeStanding standing(Node node, LatestResult result) {
		return new NodeStanding(node.name(), node.role().value(), node.state().value(), node.distribution(),
				node.osVersion(), node.kernel(), node.lastPatchedAt(), (result != null) ? result.runId() : null,
				(result != null) ? result.status().value() : null, (result != null) ? result.at() : null);
	}

}
