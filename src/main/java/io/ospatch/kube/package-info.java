/**
 * Talks to clusters' Kubernetes APIs with the fabric8 kubernetes-client: lists a cluster's nodes
 * ({@link io.ospatch.kube.NodeLister}), and takes nodes out of service and back around their patch
 * ({@link io.ospatch.kube.NodeMaintenance}: cordon, drain through the Eviction API, wait until
 * Ready, uncordon only what ospatch cordoned), as a kubeconfig file or the pod's service account
 * gives access ({@link io.ospatch.kube.KubeApi}). How long draining may take is
 * {@link io.ospatch.kube.DrainProperties}. {@link io.ospatch.kube.PatchJobs} creates the Job that
 * patches a cluster from the on-demand template, for {@code ospatch serve}. The credentials a kubeconfig holds are read by the client
 * when it connects and never leave it: no message, log line or exception here carries a
 * kubeconfig's content or a token.
 * <p>
 * {@link io.ospatch.kube.NodeLister} and {@link io.ospatch.kube.NodeMaintenance} are the seams;
 * nothing here knows the fleet or Spring Batch.
 */
package io.ospatch.kube;
