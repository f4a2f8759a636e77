package io.ospatch.eks;

/**
 * A managed node group as EKS describes it.
 *
 * @param name its name
 * @param kubernetesVersion its Kubernetes version ({@code 1.31})
 * @param amiType its AMI type ({@code AL2023_x86_64_STANDARD}; {@code CUSTOM} when its launch template
 * names an image)
 * @param releaseVersion the AMI release it runs ({@code 1.31.0-20241024}, Bottlerocket {@code 1.47.0-6154605b});
 * for a custom AMI, the image id
 * @param status {@code ACTIVE}, {@code UPDATING}, {@code DEGRADED}, …
 */
public record EksNodegroup(String name, String kubernetesVersion, String amiType, String releaseVersion,
		String status) {
}
