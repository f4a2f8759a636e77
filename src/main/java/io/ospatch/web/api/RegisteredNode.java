package io.ospatch.web.api;

import io.ospatch.cluster.Node;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A node as registered, as {@code ospatch node list} shows it.
 *
 * @param name its name
 * @param address the address SSH connects to
 * @param port its SSH port
 * @param role control-plane or worker
 * @param sshKey the path of its own SSH key, or {@code null} for the cluster's
 * @param state what ospatch last knew of it (new for a node just added)
 */
@Schema(name = "RegisteredNode")
record RegisteredNode(@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String name,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String address,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) int port,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String role, String sshKey,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED) String state) {

	static RegisteredNode of(Node node) {
		return new RegisteredNode(node.name(), node.address(), node.sshPort(), node.role().value(),
				(node.sshKey() != null) ? node.sshKey().toString() : null, node.state().value());
	}

}
