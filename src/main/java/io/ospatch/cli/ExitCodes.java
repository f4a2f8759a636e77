package io.ospatch.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunSummary;

/**
 * The exit codes: the contract with CronJobs, Jobs and scripts.
 *
 * <ul>
 * <li>0 — done; every node compliant (patched or already current)</li>
 * <li>1 — a cluster halted (failure budget exceeded, its canary failed, or the health gate between
 * chunks failed) or the run failed; for a plan, a cluster could not be planned</li>
 * <li>2 — bad input; nothing was changed; for a plan, a cluster was refused</li>
 * <li>3 — done, but not every node compliant: nodes skipped or failed within the failure budget, left
 * out (someone else cordoned them), or deferred because a cluster's maintenance window closed (the
 * next run starts with them); for a plan, nodes could not be read</li>
 * <li>75 — a cluster is busy with another run, or lost its lease to one (EX_TEMPFAIL: try again later);
 * for {@code cluster remove} and {@code node remove}: a run holds the cluster, nothing was removed</li>
 * <li>143 — stopped by SIGTERM or SIGINT before the end (128 + SIGTERM); the same command resumes it</li>
 * </ul>
 */
final class ExitCodes {

	static final int OK = 0;

	static final int FAILED = 1;

	static final int BAD_INPUT = 2;

	static final int WITHIN_BUDGET = 3;

	static final int BUSY = 75;

	static final int STOPPED = 143;

	/** For every command's {@code --help}: code and meaning. */
	static final Map<String, String> DESCRIPTIONS = descriptions();

	private ExitCodes() {
	}

	private static Map<String, String> descriptions() {
		Map<String, String> descriptions = new LinkedHashMap<>();
		descriptions.put("  " + OK, "done; every node compliant (patched or already current)");
		descriptions.put("  " + FAILED, "a cluster halted (failure budget exceeded, canary failed, health gate) or the run "
				+ "failed (plan: a cluster failed)");
		descriptions.put("  " + BAD_INPUT, "bad input; nothing was changed (plan: a cluster was refused)");
		descriptions.put("  " + WITHIN_BUDGET, "done, with nodes skipped or failed within the failure budget, or deferred by a "
				+ "closed maintenance window (plan: nodes not read)");
		descriptions.put(" " + BUSY, "a cluster is busy with another run (or lost its lease to one); try again later");
		descriptions.put(STOPPED + "", "stopped by SIGTERM/SIGINT before the end; the same command resumes it");
		return Collections.unmodifiableMap(descriptions);
	}

	/**
	 * The worst of the launch's runs: a halt or failure, then a stop, then busy clusters, then skips
	 * and deferrals.
	 */
	static int of(LaunchOutcome outcome) {
		boolean failed = outcome.runs()
			.stream()
			.map(RunSummary::outcome)
			.anyMatch((run) -> run == RunOutcome.HALTED || run == RunOutcome.FAILED || run == RunOutcome.RUNNING);
		if (failed) {
			return FAILED;
		}
		if (outcome.runs().stream().anyMatch((run) -> run.outcome() == RunOutcome.STOPPED)) {
			return STOPPED;
		}
		if (!outcome.busy().isEmpty()) {
			return BUSY;
		}
		boolean partial = outcome.runs()
			.stream()
			.anyMatch((run) -> run.outcome() == RunOutcome.PARTIAL || run.outcome() == RunOutcome.DEFERRED);
		return partial ? WITHIN_BUDGET : OK;
	}

}
