/**
 * Talks to clusters' Kubernetes APIs with the fabric8 kubernetes-client: lists a cluster's nodes
 * ({@link io.ospatch.kube.NodeLister}), as a kubeconfig file or the pod's service account gives
 * access. The credentials a kubeconfig holds are read by the client when it connects and never
 * leave it: no message, log line or exception here carries a kubeconfig's content or a token.
 * <p>
 * {@link io.ospatch.kube.NodeLister} is the seam; nothing here knows the fleet or Spring Batch.
 */
package io.ospatch.kube;
