package io.ospatch.kube;

/**
 * A node as the Kubernetes API lists it.
 *
 * @param name {@code metadata.name}
 * @param internalIp its {@code InternalIP} address, or {@code null} if it reports none
 * @param controlPlane whether its labels make it a control-plane node
 * ({@code node-role.kubernetes.io/control-plane}, or the older {@code …/master})
 * @param osImage {@code status.nodeInfo.osImage}, or {@code null}
 * @param kernelVersion {@code status.nodeInfo.kernelVersion}, or {@code null}
 */
public record KubeNode(String name, String internalIp, boolean controlPlane, String osImage, String kernelVersion) {
}
