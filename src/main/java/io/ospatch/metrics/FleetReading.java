package io.ospatch.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.run.RunOutcome;

/**
 * The fleet as the metrics show it, read from the database at one moment.
 *
 * @param readAt when it was read
 * @param clusters every cluster's standing; empty when the database could not be read
 * @param runs per cluster name, its runs by outcome
 * @param lastCompliantRunEnds per cluster name, when its latest compliant run ended
 */
record FleetReading(Instant readAt, List<ClusterStanding> clusters, Map<String, Map<RunOutcome, Long>> runs,
		Map<String, Instant> lastCompliantRunEnds) {

	FleetReading {
		clusters = List.copyOf(clusters);
		runs = Map.copyOf(runs);
		lastCompliantRunEnds = Map.copyOf(lastCompliantRunEnds);
	}

	/** Nothing, because the database did not answer at {@code readAt}. */
	static FleetReading unread(Instant readAt) {
		return new FleetReading(readAt, List.of(), Map.of(), Map.of());
	}

	/** Whether it is younger than {@code maxAge} at {@code now} (a clock set back makes it old). */
	boolean freshAt(Instant now, Duration maxAge) {
		return !now.isBefore(this.readAt) && now.isBefore(this.readAt.plus(maxAge));
	}

}
