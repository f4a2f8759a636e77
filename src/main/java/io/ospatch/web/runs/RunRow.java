package io.ospatch.web.runs;

import io.ospatch.run.RunSummary;

/**
 * One run in the runs list, as shown.
 *
 * @param id the run's id
 * @param cluster its cluster
 * @param trigger what launched it
 * @param launchedBy who or what launched it
 * @param started when it started (UTC)
 * @param ended when it ended (UTC), or {@code -}
 * @param outcome how it ended, or {@code running}
 * @param outcomeStyle the CSS class of the outcome
 * @param tally its nodes (or node groups) by status
 */
record RunRow(long id, String cluster, String trigger, String launchedBy, String started, String ended, String outcome,
		String outcomeStyle, String tally) {

	static RunRow of(RunSummary run) {
		return new RunRow(run.runId(), run.clusterName(), run.trigger().value(), run.launchedBy(),
				RunText.time(run.startedAt()), RunText.time(run.endedAt()), run.outcome().value(),
				RunText.style(run.outcome()), RunText.tally(run));
	}

}
