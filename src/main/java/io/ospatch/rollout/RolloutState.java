package io.ospatch.rollout;

import java.nio.file.Path;

import io.ospatch.cluster.Cluster;
import org.slf4j.Logger;

/**
 * What opening and closing a cluster's run needs to know of its rollout, whatever it rolls out: a
 * cluster's nodes through Ansible ({@link ClusterRollout}) or an EKS cluster's node groups through AWS
 * ({@link NodegroupRollout}). One {@link ClusterRunListener} decides every run's outcome from it.
 */
interface RolloutState {

	long runId();

	Cluster cluster();

	/** Where the run's logs and errors go. */
	Path logDir();

	/** Says in the log what the run is about to do, or where it resumes. */
	void logStart(Logger log);

	boolean halted();

	String haltReason();

	/** Whether the maintenance window closed before everything was reached. */
	boolean deferred();

	String deferReason();

	/** Whether the rollout went on past something it did not patch: the run is partial, not compliant. */
	boolean partial();

	/** Why the rollout stopped before its end (a stop request, a lost lease), or {@code null}. */
	String stopReason();

	void stop(String reason);

}
