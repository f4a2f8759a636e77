package io.ospatch.eks;

/**
 * What an update would do to one managed node group.
 *
 * @param nodegroup the node group's name
 * @param kubernetesVersion its Kubernetes version, which an update keeps
 * @param amiType its AMI type
 * @param currentRelease the AMI release it runs (for a custom AMI, the image id)
 * @param latestRelease the latest release AWS publishes for its Kubernetes version and AMI type, or
 * {@code null} when there is none to compare with
 * @param action what an update does
 * @param reason why, when it is left alone; else {@code null}
 */
public record NodegroupPlan(String nodegroup, String kubernetesVersion, String amiType, String currentRelease,
		String latestRelease, Action action, String reason) {

	/** What an update does to a node group. */
	public enum Action {

		/** Updated to {@link NodegroupPlan#latestRelease()}. */
		UPDATE,
		/** Already on the latest release: left alone. */
		CURRENT,
		/** Cannot be updated this way ({@link NodegroupPlan#reason()} says why): left alone. */
		NOT_UPDATABLE

	}

}
