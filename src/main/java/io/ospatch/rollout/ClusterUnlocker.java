package io.ospatch.rollout;

import java.time.Clock;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.lease.ClusterLeases;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;

import org.springframework.stereotype.Service;

/**
 * Releases a cluster's lease by hand ({@code ospatch unlock}), and records who did it on the run
 * that held it. A lease whose holder is alive is released only when forced.
 */
@Service
public class ClusterUnlocker {

	private final FleetService fleet;

	private final ClusterLeases leases;

	private final RunEvents events;

	private final Clock clock;

	ClusterUnlocker(FleetService fleet, ClusterLeases leases, RunEvents events, Clock clock) {
		this.fleet = fleet;
		this.leases = leases;
		this.events = events;
		this.clock = clock;
	}

	/** @throws io.ospatch.cluster.InvalidInputException for an unknown cluster */
	public ClusterLeases.Unlock unlock(String clusterName, boolean force, String by) {
		Cluster cluster = this.fleet.cluster(clusterName);
		ClusterLeases.Unlock unlock = this.leases.unlock(cluster.id(), force);
		if (unlock.result() == ClusterLeases.Unlock.Result.RELEASED && unlock.holder().runId() != null) {
			this.events.record(unlock.holder().runId(), RunEvent.Kind.UNLOCKED,
					"lease released by hand by " + by + (force ? " (forced)" : "") + "; it was held by "
							+ unlock.holder().describe(this.clock.instant()),
					this.clock.instant());
		}
		return unlock;
	}

	/** For messages: how the holder looks now. */
	public String describe(ClusterLeases.Unlock unlock) {
		return unlock.holder().describe(this.clock.instant());
	}

}
