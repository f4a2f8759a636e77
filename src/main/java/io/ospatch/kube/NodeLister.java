package io.ospatch.kube;

import java.util.List;

/** Lists a cluster's nodes from its Kubernetes API. */
@FunctionalInterface
public interface NodeLister {

	/**
	 * @return every node the API lists, in the API's order
	 * @throws KubeApiException when the API cannot be reached or read, or the access given to it is unusable
	 */
	List<KubeNode> nodes(KubeApi api);

}
