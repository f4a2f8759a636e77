package io.ospatch.rollout;

/** Ends a cluster's rollout once its skipped nodes are past the failure budget. */
class FailureBudgetExceededException extends RuntimeException {

	FailureBudgetExceededException(String message) {
		super(message);
	}

}
