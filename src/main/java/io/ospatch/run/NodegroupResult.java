package io.ospatch.run;

import java.time.Instant;

/**
 * What a run did to one EKS node group: written when AWS accepts its update, completed when the
 * update ends. A row without a status is an update still being followed, or one a killed run left:
 * the resumed run follows it again by its id.
 *
 * @param nodegroup the node group's name
 * @param releaseBefore the AMI release it ran before the update
 * @param releaseAfter the release it runs after, or {@code null} while unfinished
 * @param updateId AWS's id of the update
 * @param status how it ended, or {@code null} while unfinished
 * @param error AWS's error codes and messages, or why it was not updated; else {@code null}
 * @param startedAt when the update was started
 * @param endedAt when it ended, or {@code null} while unfinished
 */
public record NodegroupResult(String nodegroup, String releaseBefore, String releaseAfter, String updateId,
		NodegroupStatus status, String error, Instant startedAt, Instant endedAt) {

	/** Whether the update has no recorded end: a resumed run follows it by {@link #updateId()}. */
	public boolean unfinished() {
		return this.status == null;
	}

	/** Whether the run is done with the node group: a resumed run leaves it alone. */
	public boolean settled() {
		return this.status != null && this.status.settled();
	}

}
