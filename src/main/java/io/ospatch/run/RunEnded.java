package io.ospatch.run;

/**
 * Published when a launch's piece of a run has ended and its outcome is recorded: finished for good
 * (compliant, partial, halted) or left to be resumed (stopped, failed). Not published for a run that
 * lost its lease, whose records another process may own by now. Listeners (the report, the mail)
 * run in the thread that ended the run, while its cluster is still leased; they must not throw.
 *
 * @param runId the run
 * @param clusterName its cluster
 * @param outcome how this piece of it ended
 */
public record RunEnded(long runId, String clusterName, RunOutcome outcome) {
}
