package io.ospatch.rollout;

import org.springframework.core.retry.RetryPolicy;

/** Retry transient node failures only, with exponential backoff, up to the configured attempts. */
final class NodeRetryPolicy {

	private NodeRetryPolicy() {
	}

	static RetryPolicy of(RolloutProperties properties) {
		return RetryPolicy.builder()
			.maxRetries(properties.maxAttempts() - 1)
			.delay(properties.retryDelay())
			.multiplier(properties.retryMultiplier())
			.maxDelay(properties.retryMaxDelay())
			.predicate((failure) -> failure instanceof NodeFailure nodeFailure
					&& TransientFailures.isTransient(nodeFailure.outcome()))
			.build();
	}

}
