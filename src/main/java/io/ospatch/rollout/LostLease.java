package io.ospatch.rollout;

import io.ospatch.lease.Lease;
import io.ospatch.lease.LeaseHeartbeat;

/** Whether this process still holds a cluster, as the tasklet and the listener both ask. */
final class LostLease {

	private LostLease() {
	}

	/** Why the cluster's lease is not this process's any more, or {@code null} while it is. */
	static String reason(LeaseHeartbeat heartbeat, long clusterId) {
		Lease lease = heartbeat.held(clusterId).orElse(null);
		if (lease == null) {
			return "this process does not hold the cluster's lease";
		}
		return lease.lostReason();
	}

}
