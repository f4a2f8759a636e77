package io.ospatch.cluster;

import java.time.Instant;

/**
 * What a run saw of a node at its end. {@code null} components leave the stored value as it is
 * (an unreachable node tells us nothing new about its OS).
 *
 * @param state the node's state after the run
 * @param osFamily OS family, or {@code null}
 * @param osVersion full OS version, or {@code null}
 * @param kernel kernel release, or {@code null}
 * @param patchedAt when it was patched, or {@code null} if it was not
 * @param distribution distribution ({@code Debian}, {@code Ubuntu}, …), or {@code null}
 */
public record NodeObservation(NodeState state, String osFamily, String osVersion, String kernel, Instant patchedAt,
		String distribution) {
}
