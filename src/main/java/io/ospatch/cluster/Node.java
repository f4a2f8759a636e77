package io.ospatch.cluster;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A node as stored.
 *
 * @param id database id
 * @param clusterId the cluster it belongs to
 * @param name name, unique within its cluster; also its Ansible inventory name
 * @param address IP address or DNS name that SSH connects to
 * @param sshPort SSH port
 * @param sshKey private key overriding the cluster's, or {@code null}
 * @param role control plane or worker
 * @param osFamily OS family as last seen (Debian, RedHat, …), or {@code null} if never seen
 * @param osVersion full OS version as last seen (e.g. 12.12), or {@code null}
 * @param kernel kernel release as last seen, or {@code null}
 * @param state what ospatch last knew of it
 * @param lastPatchedAt when a run last patched it, or {@code null}
 * @param osImage the OS image its kubelet last reported to a sync ({@code status.nodeInfo.osImage}), or
 * {@code null} if never synced
 * @param distribution distribution as last seen ({@code Debian}, {@code Ubuntu}, …), or {@code null}
 */
public record Node(long id, long clusterId, String name, String address, int sshPort, Path sshKey, NodeRole role,
		String osFamily, String osVersion, String kernel, NodeState state, Instant lastPatchedAt, String osImage,
		String distribution) {
}
