package io.ospatch.cluster;

import java.util.List;

/**
 * Which AWS EKS cluster a cluster of kind eks is, and how its node groups are updated.
 *
 * @param clusterName the EKS cluster's name
 * @param region its AWS region, e.g. eu-west-1
 * @param nodegroups the managed node groups to update; empty for every one of the EKS cluster
 * @param force whether an update may evict pods past their PodDisruptionBudgets (default false)
 */
public record EksTarget(String clusterName, String region, List<String> nodegroups, boolean force) {

	public EksTarget {
		nodegroups = (nodegroups != null) ? List.copyOf(nodegroups) : List.of();
	}

	/** Whether every managed node group of the EKS cluster is updated, rather than a chosen few. */
	public boolean allNodegroups() {
		return this.nodegroups.isEmpty();
	}

}
