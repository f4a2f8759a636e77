package io.ospatch.web.api;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/clusters/{name}/nodes}: a node as {@code ospatch node add} registers it.
 *
 * @param name its name, as in Kubernetes
 * @param address IP address or DNS name SSH connects to
 * @param role control-plane or worker
 * @param port SSH port, default 22
 * @param sshKey path of an SSH private key on the server for this node instead of the cluster's
 */
@Schema(name = "NodeRequest", description = "A node, as ospatch node add registers it")
record NodeRequest(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "w-1") String name,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "10.0.0.21") String address,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, allowableValues = { "control-plane", "worker" }) String role,
		@Schema(description = "SSH port (default 22)", example = "22") Integer port,
		@Schema(description = "path of an SSH private key on the server, instead of the cluster's") String sshKey) {
}
