package io.ospatch.rollout;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.eks.EksApi;

/** Where a cluster's EKS settings meet the eks feature, which knows nothing of clusters. */
final class EksClusters {

	private EksClusters() {
	}

	/** @throws InvalidInputException when the cluster is not of kind eks or lacks its EKS cluster's name or region */
	static EksApi api(Cluster cluster) {
		if (cluster.kind() != ClusterKind.EKS) {
			throw new InvalidInputException("cluster '" + cluster.name() + "' is of kind " + cluster.kind()
					+ ", not eks: it has no node groups");
		}
		if (cluster.eks() == null) {
			// a row written by hand, or before the rule
			throw new InvalidInputException("cluster '" + cluster.name() + "': kind eks needs the EKS cluster's name and region; "
					+ "'ospatch cluster set " + cluster.name() + " --eks-cluster NAME --region REGION'");
		}
		return new EksApi(cluster.eks().clusterName(), cluster.eks().region(), cluster.eks().nodegroups());
	}

}
