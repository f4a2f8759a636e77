package io.ospatch.schedule;

import java.time.Clock;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterScheduleChanged;
import io.ospatch.cluster.InvalidInputException;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Checks a cluster's new schedule and sets its next fire time: the first after the change, so a
 * schedule set on a Tuesday first fires on its next Sunday, not on the one that has passed.
 */
@Component
class ScheduleArming {

	private final NextFireTimes nextFireTimes;

	private final Clock clock;

	ScheduleArming(NextFireTimes nextFireTimes, Clock clock) {
		this.nextFireTimes = nextFireTimes;
		this.clock = clock;
	}

	/** Runs in the transaction that changes the cluster: a refused schedule undoes the change. */
	@EventListener
	void scheduleChanged(ClusterScheduleChanged event) {
		Cluster cluster = event.cluster();
		if (cluster.schedule() == null) {
			this.nextFireTimes.disarm(cluster.id());
			return;
		}
		Schedule schedule;
		try {
			schedule = Schedule.parse(cluster.schedule());
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("cluster '" + cluster.name() + "': " + ex.getMessage());
		}
		this.nextFireTimes.arm(cluster.id(), schedule.nextAfter(this.clock.instant(), cluster.timezone()).toInstant());
	}

}
