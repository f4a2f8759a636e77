package io.ospatch.lease;

import java.time.Duration;
import java.time.Instant;

/**
 * Who holds a cluster's lease, as recorded.
 *
 * @param token the acquisition's token
 * @param runId the run holding it, once known
 * @param process the holding process
 * @param acquiredAt when it was acquired
 * @param heartbeatAt when it was last renewed
 */
public record LeaseHolder(String token, Long runId, ProcessIdentity process, Instant acquiredAt, Instant heartbeatAt) {

	/** Whether the heartbeat is older than {@code ttl} at {@code now}. */
	public boolean stale(Instant now, Duration ttl) {
		return this.heartbeatAt.isBefore(now.minus(ttl));
	}

	/** For operators: {@code run 12, pid 4242 on host-a, heartbeat 3 s ago}. */
	public String describe(Instant now) {
		long seconds = Math.max(0, Duration.between(this.heartbeatAt, now).toSeconds());
		return ((this.runId != null) ? "run " + this.runId + ", " : "") + this.process + ", heartbeat " + seconds
				+ " s ago";
	}

}
