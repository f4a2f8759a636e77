/**
 * Keeps the node groups of EKS clusters on the latest AMI release of their Kubernetes version,
 * through the AWS API: no Ansible, no SSH, AWS replaces the nodes itself.
 * {@link io.ospatch.eks.NodegroupPlanner} says per managed node group what it runs, what AWS
 * publishes as latest (the public SSM parameters), and whether it would be updated;
 * {@link io.ospatch.eks.NodegroupUpdater} starts one node group's update ({@code UpdateNodegroupVersion},
 * never a Kubernetes upgrade) or resumes following one by its id, until AWS reports its end.
 * <p>
 * {@link io.ospatch.eks.EksNodegroups} is the seam to AWS. Credentials come from the AWS SDK's default
 * provider chain (environment, profile, web identity in a pod) and never pass through ospatch; endpoints
 * are the SDK's own, so {@code AWS_ENDPOINT_URL_EKS}, {@code AWS_ENDPOINT_URL_SSM} and
 * {@code AWS_ENDPOINT_URL} reach a private endpoint or a stand-in. Nothing here knows the fleet,
 * the database or Spring Batch.
 */
package io.ospatch.eks;
