package io.ospatch.kube;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

import org.springframework.stereotype.Component;

/**
 * Lists nodes with the fabric8 kubernetes-client, one short-lived client per call: a sync reads
 * each cluster once. A cluster whose API does not answer fails within the connection timeout
 * ({@link KubeClients}), so that one dead cluster does not hold up a fleet-wide sync.
 */
@Component
class Fabric8NodeLister implements NodeLister {

	private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

	private static final String MASTER = "node-role.kubernetes.io/master";

	@Override
	public List<KubeNode> nodes(KubeApi api) {
		Config config = KubeClients.config(api);
		try (KubernetesClient client = KubeClients.client(config)) {
			return client.nodes().list().getItems().stream().map(Fabric8NodeLister::kubeNode).toList();
		}
		catch (RuntimeException ex) {
			throw new KubeApiException("cannot list the nodes of " + config.getMasterUrl() + " with " + api + ": "
					+ KubeClients.rootCause(ex), ex);
		}
	}

	static KubeNode kubeNode(Node node) {
		Map<String, String> labels = (node.getMetadata().getLabels() != null) ? node.getMetadata().getLabels() : Map.of();
		String internalIp = null;
		NodeSystemInfo info = null;
		if (node.getStatus() != null) {
			info = node.getStatus().getNodeInfo();
			if (node.getStatus().getAddresses() != null) {
				internalIp = node.getStatus()
					.getAddresses()
					.stream()
					.filter((address) -> "InternalIP".equals(address.getType()))
					.map(NodeAddress::getAddress)
					.findFirst()
					.orElse(null);
			}
		}
		return new KubeNode(node.getMetadata().getName(), internalIp,
				labels.containsKey(CONTROL_PLANE) || labels.containsKey(MASTER),
				(info != null) ? info.getOsImage() : null, (info != null) ? info.getKernelVersion() : null);
	}

}
