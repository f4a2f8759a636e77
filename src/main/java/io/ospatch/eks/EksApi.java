package io.ospatch.eks;

import java.util.List;
import java.util.Objects;

/**
 * Which EKS cluster ospatch updates, as a cluster's settings hold it; credentials are not part of it.
 *
 * @param eksClusterName the cluster's name in EKS
 * @param region its AWS region ({@code eu-west-1})
 * @param nodegroups the managed node groups to keep up to date, or empty for all of them
 */
public record EksApi(String eksClusterName, String region, List<String> nodegroups) {

	public EksApi {
		if (eksClusterName == null || eksClusterName.isBlank()) {
			throw new IllegalArgumentException("an EKS cluster needs its name");
		}
		if (region == null || region.isBlank()) {
			throw new IllegalArgumentException("EKS cluster " + eksClusterName + " needs its AWS region");
		}
		nodegroups = List.copyOf(Objects.requireNonNullElse(nodegroups, List.of()));
	}

	public boolean allNodegroups() {
		return this.nodegroups.isEmpty();
	}

	@Override
	public String toString() {
		return "EKS cluster " + this.eksClusterName + " (" + this.region + ")";
	}

}
