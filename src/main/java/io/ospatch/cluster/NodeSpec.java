package io.ospatch.cluster;

import java.nio.file.Path;

/**
 * A node as an operator registers it.
 *
 * @param name name, unique within its cluster
 * @param address IP address or DNS name
 * @param port SSH port, or {@code null} for 22
 * @param role control plane or worker
 * @param sshKey private key overriding the cluster's, or {@code null}
 */
public record NodeSpec(String name, String address, Integer port, NodeRole role, Path sshKey) {

	public int sshPort() {
		return this.port == null ? 22 : this.port;
	}

}
