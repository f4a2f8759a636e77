package io.ospatch.eks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.stereotype.Component;

/**
 * Plans an EKS cluster's update: per managed node group, what it runs, the latest release AWS publishes
 * for its Kubernetes version and AMI type, and whether it would be updated. Never a Kubernetes upgrade:
 * the latest release is looked up for the node group's own Kubernetes version.
 */
@Component
public class NodegroupPlanner {

	private static final Set<String> NOT_UPDATABLE_STATUSES = Set.of("CREATING", "CREATE_FAILED", "DELETING",
			"DELETE_FAILED");

	private final EksNodegroups aws;

	public NodegroupPlanner(EksNodegroups aws) {
		this.aws = aws;
	}

	/**
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	public List<NodegroupPlan> plan(EksApi api) {
		Map<String, Optional<String>> latest = new HashMap<>();
		return this.aws.nodegroups(api).stream().map((nodegroup) -> plan(api, nodegroup, latest)).toList();
	}

	/**
	 * @throws EksApiException when AWS refuses or cannot be reached
	 */
	public NodegroupPlan plan(EksApi api, EksNodegroup nodegroup) {
		return plan(api, nodegroup, new HashMap<>());
	}

	private NodegroupPlan plan(EksApi api, EksNodegroup nodegroup, Map<String, Optional<String>> latest) {
		String parameter;
		try {
			parameter = ReleaseParameters.latestReleaseParameter(nodegroup.kubernetesVersion(), nodegroup.amiType());
		}
		catch (ReleaseParameters.NotUpdatableException ex) {
			return plan(nodegroup, null, NodegroupPlan.Action.NOT_UPDATABLE, ex.getMessage());
		}
		if (nodegroup.releaseVersion() != null && nodegroup.releaseVersion().startsWith("ami-")) {
			// A launch template naming an image should make the AMI type CUSTOM; the release says so too.
			return plan(nodegroup, null, NodegroupPlan.Action.NOT_UPDATABLE, "custom AMI " + nodegroup.releaseVersion()
					+ " from its launch template: update the image in a new launch template version");
		}
		if (!updatableStatus(nodegroup.status())) {
			return plan(nodegroup, null, NodegroupPlan.Action.NOT_UPDATABLE, "node group is " + nodegroup.status());
		}
		Optional<String> release = latest.computeIfAbsent(parameter, (name) -> this.aws.publicParameter(api, name));
		if (release.isEmpty()) {
			return plan(nodegroup, null, NodegroupPlan.Action.NOT_UPDATABLE, "AWS publishes no release for Kubernetes "
					+ nodegroup.kubernetesVersion() + " on " + nodegroup.amiType() + " (no SSM parameter " + parameter + ")");
		}
		if (ReleaseVersions.atLeast(nodegroup.releaseVersion(), release.get())) {
			return plan(nodegroup, release.get(), NodegroupPlan.Action.CURRENT, null);
		}
		return plan(nodegroup, release.get(), NodegroupPlan.Action.UPDATE, null);
	}

	/** A node group being created, deleted or broken by either cannot take an update. */
	private static boolean updatableStatus(String status) {
		return !NOT_UPDATABLE_STATUSES.contains(status);
	}

	private static NodegroupPlan plan(EksNodegroup nodegroup, String latestRelease, NodegroupPlan.Action action,
			String reason) {
		return new NodegroupPlan(nodegroup.name(), nodegroup.kubernetesVersion(), nodegroup.amiType(),
				nodegroup.releaseVersion(), latestRelease, action, reason);
	}

}
