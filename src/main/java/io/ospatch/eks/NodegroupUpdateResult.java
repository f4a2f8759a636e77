package io.ospatch.eks;

import java.time.Duration;

/**
 * What became of one node group's update.
 *
 * @param nodegroup the node group
 * @param releaseBefore the AMI release it ran when the update started; {@code null} when a resumed run
 * only followed an update it had started before (the caller recorded it then)
 * @param releaseAfter the AMI release it runs now, as far as the update says: the new one after
 * {@link Status#SUCCESSFUL}, else the one before
 * @param updateId AWS's update id, {@code null} when none was started; kept whatever the status, so that
 * an update still running at AWS can be followed again
 * @param status how it ended
 * @param duration how long it was followed in this run
 * @param errors AWS's errors ({@code NodeCreationFailure: …}, several joined by {@code "; "}), why it
 * timed out or was left alone; {@code null} when all went well
 */
public record NodegroupUpdateResult(String nodegroup, String releaseBefore, String releaseAfter, String updateId,
		Status status, Duration duration, String errors) {

	/** How a node group's update ended. */
	public enum Status {

		/** AWS replaced the nodes with the new release. */
		SUCCESSFUL,
		/** AWS gave up, or refused to start; {@link NodegroupUpdateResult#errors()} says why. */
		FAILED,
		/** Cancelled at AWS. */
		CANCELLED,
		/** Still in progress at AWS when the timeout ran out; it goes on there and can be followed again. */
		TIMED_OUT,
		/**
		 * The thread was interrupted: following stopped, the update goes on at AWS and can be followed again by its
		 * id; without an id, it was interrupted while starting, and the same run asking again gets the same update.
		 */
		STOPPED,
		/** Already on the latest release: nothing was started. */
		CURRENT,
		/** Cannot be updated this way (custom AMI, Windows, …): nothing was started. */
		NOT_UPDATABLE;

		/** Whether the node group ended up on the latest release, now or before. */
		public boolean upToDate() {
			return this == SUCCESSFUL || this == CURRENT;
		}

		/** Whether the update may still be going on at AWS, to be followed again by its id. */
		public boolean unfinished() {
			return this == TIMED_OUT || this == STOPPED;
		}

	}

}
