package io.ospatch.rollout;

import java.time.Instant;

import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.cluster.Node;

/**
 * How patching one node ended, after its retries.
 *
 * @param node the node
 * @param failure {@code null} if it succeeded, else {@code failed} or {@code unreachable}
 * @param facts what the playbook reported of it on its last attempt, or {@code null}
 * @param error why it failed, or {@code null}
 * @param attempts Ansible runs it took part in
 * @param startedAt when its first attempt began
 * @param endedAt when its last attempt ended
 */
record NodePatchOutcome(Node node, String failure, OsPatchFacts facts, String error, int attempts, Instant startedAt,
		Instant endedAt) {

	static final String FAILED = "failed";

	static final String UNREACHABLE = "unreachable";

	boolean succeeded() {
		return this.failure == null;
	}

}
