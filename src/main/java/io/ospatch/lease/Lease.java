package io.ospatch.lease;

/**
 * A cluster held by this process: what a rollout checks before each chunk. The heartbeat marks it
 * lost when a renewal finds it gone (released by hand, or taken over by another run).
 */
public final class Lease {

	private final long clusterId;

	private final String token;

	private final LeaseHolder takenOverFrom;

	private volatile String lostReason;

	Lease(long clusterId, String token, LeaseHolder takenOverFrom) {
		this.clusterId = clusterId;
		this.token = token;
		this.takenOverFrom = takenOverFrom;
	}

	public long clusterId() {
		return this.clusterId;
	}

	String token() {
		return this.token;
	}

	/** The dead holder this lease was taken over from, or {@code null} if the cluster was free. */
	public LeaseHolder takenOverFrom() {
		return this.takenOverFrom;
	}

	public boolean lost() {
		return this.lostReason != null;
	}

	/** Why the lease was lost, or {@code null} while it is held. */
	public String lostReason() {
		return this.lostReason;
	}

	void markLost(String reason) {
		if (this.lostReason == null) {
			this.lostReason = reason;
		}
	}

}
