/**
 * Node discovery: brings each cluster's registered nodes in line with what its Kubernetes API
 * lists ({@link io.ospatch.discovery.NodeDiscovery}), reading the API through {@code kube} and
 * writing through {@code cluster}. New nodes arrive in state new, for patch on boot to find; nodes
 * that left are marked gone and kept with their history.
 */
package io.ospatch.discovery;
