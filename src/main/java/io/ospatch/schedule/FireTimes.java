package io.ospatch.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What is due: the clusters whose latest fire time at or before now has not been handled, each
 * with that fire time and whether it is still inside the catch-up window.
 */
@Service
public class FireTimes {

	private static final Logger log = LoggerFactory.getLogger(FireTimes.class);

	private final NextFireTimes nextFireTimes;

	private final FleetService fleet;

	private final ScheduleProperties properties;

	FireTimes(NextFireTimes nextFireTimes, FleetService fleet, ScheduleProperties properties) {
		this.nextFireTimes = nextFireTimes;
		this.fleet = fleet;
		this.properties = properties;
	}

	/**
	 * A cluster's due fire time.
	 *
	 * @param cluster the cluster
	 * @param fireTime its latest fire time at or before now, in its timezone
	 * @param late how long before now that was
	 * @param missed whether that is longer than the catch-up window: then it is recorded, not run
	 * @param passedBy why the cluster cannot be patched on its schedule, or {@code null}
	 * @param skipped fire times before {@code fireTime} that were never handled either (no
	 * {@code scheduled} ran while they were the latest), at most {@value #MOST_SKIPPED_COUNTED}
	 */
	public record Due(Cluster cluster, ZonedDateTime fireTime, Duration late, boolean missed, String passedBy,
			int skipped) {
	}

	/** Skipped fire times are counted for the record up to this many (a minutely schedule down for days). */
	public static final int MOST_SKIPPED_COUNTED = 1000;

	public Duration catchUpWindow() {
		return this.properties.catchUpWindow();
	}

	/**
	 * The due clusters, earliest fire time first.
	 * @param only only clusters on this schedule, or {@code null} for all
	 */
	@Transactional
	public List<Due> due(Instant now, Schedule only) {
		armUnarmed(now);
		List<NextFireTimes.Due> dueFound = this.nextFireTimes.due(now, (only != null) ? only.text() : null);
		// one read for all of them: a fleet has hundreds due at once
		Map<String, Cluster> clusters = new HashMap<>();
		this.fleet.clusters(dueFound.stream().map(NextFireTimes.Due::cluster).toList())
			.forEach((cluster) -> clusters.put(cluster.name(), cluster));
		List<Due> due = new ArrayList<>();
		for (NextFireTimes.Due found : dueFound) {
			Cluster cluster = clusters.get(found.cluster());
			if (cluster == null) {
				continue; // removed since the query: nothing to patch
			}
			if (cluster.schedule() == null) {
				this.nextFireTimes.disarm(cluster.id());
				continue;
			}
			Schedule schedule;
			try {
				schedule = Schedule.parse(cluster.schedule());
			}
			catch (InvalidInputException ex) {
				// stored by hand or by an older ospatch: say so every time, until someone fixes it
				due.add(new Due(cluster, null, Duration.ZERO, false, ex.getMessage(), 0));
				continue;
			}
			Optional<ZonedDateTime> latest = schedule.latestAtOrBefore(now, cluster.timezone());
			if (latest.isEmpty()) {
				this.nextFireTimes.arm(cluster.id(), schedule.nextAfter(now, cluster.timezone()).toInstant());
				continue;
			}
			Duration late = Duration.between(latest.get().toInstant(), now);
			String passedBy = cluster.kind().patchRefusal().orElse(null);
			due.add(new Due(cluster, latest.get(), late, late.compareTo(catchUpWindow()) > 0, passedBy,
					skipped(schedule, cluster, found.fireTime(), latest.get().toInstant())));
		}
		return due;
	}

	/** Fire times from {@code first} (included) up to {@code latest} (excluded), counted up to a limit. */
	private static int skipped(Schedule schedule, Cluster cluster, Instant first, Instant latest) {
		int skipped = 0;
		Instant fire = first;
		while (fire.isBefore(latest) && skipped < MOST_SKIPPED_COUNTED) {
			skipped++;
			fire = schedule.nextAfter(fire, cluster.timezone()).toInstant();
		}
		return skipped;
	}

	/**
	 * A cluster scheduled before ospatch kept fire times (or by hand) gets its next one as if its
	 * schedule were set now: it first fires at its next fire time, never at one already past.
	 */
	private void armUnarmed(Instant now) {
		for (String name : this.nextFireTimes.unarmed()) {
			try {
				Cluster cluster = this.fleet.cluster(name);
				ZonedDateTime next = Schedule.parse(cluster.schedule()).nextAfter(now, cluster.timezone());
				this.nextFireTimes.arm(cluster.id(), next.toInstant());
				log.info("{}: its schedule '{}' had no next fire time; its next is {}", name, cluster.schedule(),
						next.toOffsetDateTime());
			}
			catch (InvalidInputException ex) {
				log.warn("{}: passed by, not patched on its schedule: {}", name, ex.getMessage());
			}
		}
	}

	/** The fire time is handled (run to its end, or recorded as missed): the cluster waits for its next one. */
	@Transactional
	public void handled(Cluster cluster, ZonedDateTime fireTime) {
		Schedule schedule = Schedule.parse(cluster.schedule());
		ZonedDateTime next = schedule.nextAfter(fireTime.toInstant(), cluster.timezone());
		this.nextFireTimes.moveOn(cluster.id(), next.toInstant());
		log.debug("{}: fire time {} handled; next {}", cluster.name(), fireTime, next);
	}

	/** The cluster's next fire time not yet handled (in the past while it is due), if it has a schedule. */
	@Transactional(readOnly = true)
	public Optional<ZonedDateTime> next(Cluster cluster) {
		return this.nextFireTimes.next(cluster.id()).map((fire) -> fire.atZone(cluster.timezone()));
	}

}
