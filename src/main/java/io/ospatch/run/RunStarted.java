package io.ospatch.run;

/**
 * Published when a launch opens a run or resumes an unfinished one, once it is recorded and its
 * cluster leased, before its job runs. Listeners run in the launching thread; they must not throw
 * or block.
 *
 * @param runId the run
 * @param clusterName its cluster
 * @param resumed whether an unfinished run was resumed rather than a new one opened
 */
public record RunStarted(long runId, String clusterName, boolean resumed) {
}
