package io.ospatch.rollout;

import java.time.Instant;

import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.cluster.Node;

/**
 * How patching one node ended, after its retries, its drain and its return to service.
 *
 * @param node the node
 * @param failure {@code null} if it succeeded, else {@code failed} or {@code unreachable}; or
 * {@value #LEFT_OUT} for a node someone else cordoned, which was not touched
 * @param facts what the playbook reported of it on its last attempt, or {@code null}
 * @param error why it failed or was left out, or {@code null}
 * @param attempts Ansible runs it took part in
 * @param startedAt when its first attempt began
 * @param endedAt when its last attempt ended
 * @param notReady whether it did not come back Ready after the playbook: it stays cordoned, and is
 * recorded failed whatever the failure budget says, though it counts against it
 */
record NodePatchOutcome(Node node, String failure, OsPatchFacts facts, String error, int attempts, Instant startedAt,
		Instant endedAt, boolean notReady) {

	NodePatchOutcome(Node node, String failure, OsPatchFacts facts, String error, int attempts, Instant startedAt,
			Instant endedAt) {
		this(node, failure, facts, error, attempts, startedAt, endedAt, false);
	}

	static final String FAILED = "failed";

	static final String UNREACHABLE = "unreachable";

	/** Not a failure: the node was cordoned by someone else, so the rollout leaves it alone. */
	static final String LEFT_OUT = "left-out";

	/** Someone else cordoned it: not drained, not patched, not counted against the failure budget. */
	static NodePatchOutcome leftOut(Node node, String reason, Instant at) {
		return new NodePatchOutcome(node, LEFT_OUT, null, reason, 0, at, at);
	}

	/** Its drain was blocked (a PodDisruptionBudget): not patched, and it counts against the budget. */
	static NodePatchOutcome drainBlocked(Node node, String reason, Instant startedAt, Instant endedAt) {
		return new NodePatchOutcome(node, FAILED, null, reason, 0, startedAt, endedAt);
	}

	boolean succeeded() {
		return this.failure == null;
	}

	boolean leftOut() {
		return LEFT_OUT.equals(this.failure);
	}

	/** Counts against the failure budget. */
	boolean failed() {
		return !succeeded() && !leftOut();
	}

	/**
	 * This outcome for a node that did not come back Ready: a failure, whatever the playbook did,
	 * keeping what it reported.
	 */
	NodePatchOutcome notReady(String reason) {
		String why = (this.error != null) ? this.error + "; " + reason : reason;
		return new NodePatchOutcome(this.node, succeeded() ? FAILED : this.failure, this.facts, why, this.attempts,
				this.startedAt, this.endedAt, true);
	}

}
