package io.ospatch.rollout;

import io.ospatch.cluster.CountOrPercent;

/**
 * How many nodes a rollout may skip before it halts the cluster: the cluster's failure budget
 * (a count, or a percent of its nodes rounded down).
 *
 * @param allowedSkips nodes that may be skipped
 */
record FailureBudget(int allowedSkips) {

	static FailureBudget of(CountOrPercent budget, int nodeCount) {
		return new FailureBudget(budget.of(nodeCount));
	}

	/** Whether a rollout that has skipped {@code skipped} nodes may go on. */
	boolean allows(int skipped) {
		return skipped <= this.allowedSkips;
	}

}
