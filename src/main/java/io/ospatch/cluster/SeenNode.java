package io.ospatch.cluster;

/**
 * A node as its cluster's Kubernetes API lists it.
 *
 * @param name its Kubernetes name, also its name here
 * @param address its InternalIP, or {@code null} if the API gives none
 * @param role control plane when its labels say so, worker otherwise
 * @param osImage {@code status.nodeInfo.osImage}, or {@code null}
 * @param kernel {@code status.nodeInfo.kernelVersion}, or {@code null}
 */
public record SeenNode(String name, String address, NodeRole role, String osImage, String kernel) {
}
