package io.ospatch.discovery;

import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.KubeAccess;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.SeenNode;
import io.ospatch.cluster.SyncSummary;
import io.ospatch.kube.KubeApi;
import io.ospatch.kube.KubeApiException;
import io.ospatch.kube.KubeNode;
import io.ospatch.kube.NodeLister;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * Syncs a cluster's nodes from its Kubernetes API: list them (no transaction, no connection held
 * while the API answers), then write what changed in one transaction. A cluster whose API cannot
 * be read is not touched.
 */
@Service
public class NodeDiscovery {

	private static final Logger log = LoggerFactory.getLogger(NodeDiscovery.class);

	private final FleetService fleet;

	private final NodeLister lister;

	NodeDiscovery(FleetService fleet, NodeLister lister) {
		this.fleet = fleet;
		this.lister = lister;
	}

	/**
	 * @throws InvalidInputException if the cluster has no Kubernetes API configured, or keeps no nodes (kind eks)
	 * @throws KubeApiException if its API cannot be read, or lists no node at all while the
	 * cluster has some: nothing is changed then
	 */
	public SyncSummary sync(Cluster cluster) {
		cluster.requireOwnNodes();
		KubeAccess access = cluster.kubeAccess();
		if (access == null) {
			throw new InvalidInputException("cluster '" + cluster.name() + "' has no Kubernetes API to sync from; "
					+ "give it one with 'ospatch cluster set " + cluster.name() + " --kubeconfig FILE' (or in-cluster)");
		}
		KubeApi api = access.inCluster() ? KubeApi.inCluster() : new KubeApi(access.kubeconfig(), access.context());
		List<KubeNode> listed = this.lister.nodes(api);
		// a live cluster always has nodes: an empty list is a wrong context or a broken API, not a
		// reason to mark every node gone
		if (listed.isEmpty() && !this.fleet.nodes(cluster).isEmpty()) {
			throw new KubeApiException("the API (" + api + ") lists no nodes at all; nothing changed. "
					+ "Check that it is the API of cluster '" + cluster.name() + "'");
		}
		SyncSummary summary = this.fleet.syncNodes(cluster, listed.stream().map(NodeDiscovery::seen).toList());
		if (!summary.nothingChanged()) {
			log.info("{}: synced from its Kubernetes API: {} added, {} back, {} changed, {} gone", cluster.name(),
					summary.added().size(), summary.returned().size(), summary.changed().size(), summary.gone().size());
		}
		return summary;
	}

	private static SeenNode seen(KubeNode node) {
		return new SeenNode(node.name(), node.internalIp(), node.controlPlane() ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
				node.osImage(), node.kernelVersion());
	}

}
