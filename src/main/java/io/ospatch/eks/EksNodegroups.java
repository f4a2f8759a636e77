package io.ospatch.eks;

import java.util.List;
import java.util.Optional;

/** What ospatch asks of AWS about an EKS cluster's managed node groups. */
public interface EksNodegroups {

	/**
	 * The cluster's managed node groups: those {@link EksApi#nodegroups()} names, or all of them.
	 * @throws EksApiException when AWS refuses or cannot be reached, or a named node group does not exist
	 */
	List<EksNodegroup> nodegroups(EksApi api);

	/**
	 * One managed node group.
	 * @throws EksApiException when AWS refuses or cannot be reached, or it does not exist
	 */
	EksNodegroup nodegroup(EksApi api, String nodegroup);

	/**
	 * The value of a public SSM parameter in the cluster's region, or empty when AWS publishes none by that name.
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	Optional<String> publicParameter(EksApi api, String name);

	/**
	 * Starts updating the node group to {@code releaseVersion} of its current Kubernetes version.
	 * @param force whether AWS may replace nodes whose pods a PodDisruptionBudget keeps
	 * @param clientRequestToken the same token for the same update, so that a repeated call starts nothing new
	 * @return the update's id
	 * @throws EksApiException when AWS refuses (another update running, an invalid release) or cannot be reached
	 */
	String startUpdate(EksApi api, String nodegroup, String releaseVersion, boolean force, String clientRequestToken);

	/**
	 * Where an update of the node group is.
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	EksUpdate update(EksApi api, String nodegroup, String updateId);

}
