package io.ospatch.eks;

/**
 * Where AWS publishes the latest AMI release of each EKS AMI type, as public SSM parameters (EKS User
 * Guide: "Retrieve recommended Amazon Linux AMI IDs" and "Retrieve recommended Bottlerocket AMI IDs").
 * Amazon Linux publishes {@code release_version} under {@code /aws/service/eks/optimized-ami}, in the form
 * a node group's {@code releaseVersion} takes ({@code 1.31.0-20241024}); Bottlerocket publishes
 * {@code image_version} under {@code /aws/service/bottlerocket}, which is also what a Bottlerocket node
 * group's {@code releaseVersion} holds ({@code 1.47.0-6154605b}).
 */
final class ReleaseParameters {

	private ReleaseParameters() {
	}

	/**
	 * The SSM parameter holding the latest release for the AMI type at the Kubernetes version.
	 * @throws NotUpdatableException for AMI types ospatch cannot update this way, saying why
	 */
	static String latestReleaseParameter(String kubernetesVersion, String amiType) {
		String amazonLinux = "/aws/service/eks/optimized-ami/" + kubernetesVersion + "/";
		String bottlerocket = "/aws/service/bottlerocket/aws-k8s-" + kubernetesVersion;
		return switch (amiType) {
			case "AL2_x86_64" -> amazonLinux + "amazon-linux-2/recommended/release_version";
			case "AL2_x86_64_GPU" -> amazonLinux + "amazon-linux-2-gpu/recommended/release_version";
			case "AL2_ARM_64" -> amazonLinux + "amazon-linux-2-arm64/recommended/release_version";
			case "AL2023_x86_64_STANDARD" -> amazonLinux + "amazon-linux-2023/x86_64/standard/recommended/release_version";
			case "AL2023_ARM_64_STANDARD" -> amazonLinux + "amazon-linux-2023/arm64/standard/recommended/release_version";
			case "AL2023_x86_64_NVIDIA" -> amazonLinux + "amazon-linux-2023/x86_64/nvidia/recommended/release_version";
			case "AL2023_ARM_64_NVIDIA" -> amazonLinux + "amazon-linux-2023/arm64/nvidia/recommended/release_version";
			case "AL2023_x86_64_NEURON" -> amazonLinux + "amazon-linux-2023/x86_64/neuron/recommended/release_version";
			case "BOTTLEROCKET_x86_64" -> bottlerocket + "/x86_64/latest/image_version";
			case "BOTTLEROCKET_ARM_64" -> bottlerocket + "/arm64/latest/image_version";
			case "BOTTLEROCKET_x86_64_FIPS" -> bottlerocket + "-fips/x86_64/latest/image_version";
			case "BOTTLEROCKET_ARM_64_FIPS" -> bottlerocket + "-fips/arm64/latest/image_version";
			case "BOTTLEROCKET_x86_64_NVIDIA" -> bottlerocket + "-nvidia/x86_64/latest/image_version";
			case "BOTTLEROCKET_ARM_64_NVIDIA" -> bottlerocket + "-nvidia/arm64/latest/image_version";
			case "BOTTLEROCKET_x86_64_NVIDIA_FIPS" -> bottlerocket + "-nvidia-fips/x86_64/latest/image_version";
			case "BOTTLEROCKET_ARM_64_NVIDIA_FIPS" -> bottlerocket + "-nvidia-fips/arm64/latest/image_version";
			case "CUSTOM" -> throw new NotUpdatableException(
					"custom AMI from its launch template: update the image in a new launch template version");
			default -> throw new NotUpdatableException(amiType.startsWith("WINDOWS_")
					? "Windows AMI type " + amiType + " is not supported by ospatch"
					: "AMI type " + amiType + " unknown to ospatch");
		};
	}

	/** An AMI type ospatch cannot update through {@code UpdateNodegroupVersion}; the message says why. */
	static final class NotUpdatableException extends RuntimeException {

		NotUpdatableException(String reason) {
			super(reason, null, false, false);
		}

	}

}
