package io.ospatch.rollout;

import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;

/**
 * A node's failed attempt, in the form Spring's {@link org.springframework.core.retry.RetryPolicy}
 * judges: the retry policy decides from it whether the node is worth another attempt.
 */
final class NodeFailure extends RuntimeException {

	private final HostOutcome outcome;

	NodeFailure(HostOutcome outcome) {
		super(outcome.error(), null, false, false);
		this.outcome = outcome;
	}

	HostOutcome outcome() {
		return this.outcome;
	}

	boolean unreachable() {
		return this.outcome.status() == HostStatus.UNREACHABLE;
	}

}
