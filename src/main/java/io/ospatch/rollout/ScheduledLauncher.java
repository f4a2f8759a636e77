package io.ospatch.rollout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunSummary;
import io.ospatch.run.Trigger;
import io.ospatch.schedule.FireTimes;
import io.ospatch.schedule.Schedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * What {@code ospatch scheduled} does, like a runbook: find the due clusters (one indexed query) →
 * pass by those that cannot be patched, saying why → record fire times found too late as missed →
 * claim the others through their leases, a few at a time ({@code parallel-clusters}), and patch
 * them through the {@link PatchLauncher}, each run identified by its cluster and fire time → move
 * each handled cluster on to its next fire time.
 *
 * <p>Several processes may do this at once against one database: each claims what the others have
 * not leased, so they share the work, and a fire time that already has its run is never run again.
 */
@Service
public class ScheduledLauncher {

	private static final Logger log = LoggerFactory.getLogger(ScheduledLauncher.class);

	private final FireTimes fireTimes;

	private final PatchLauncher launcher;

	private final Preflight preflight;

	private final FleetService fleet;

	private final RunRepository runs;

	private final RolloutStop stop;

	private final RolloutProperties properties;

	private final Clock clock;

	ScheduledLauncher(FireTimes fireTimes, PatchLauncher launcher, Preflight preflight, FleetService fleet,
			RunRepository runs, RolloutStop stop, RolloutProperties properties, Clock clock) {
		this.fireTimes = fireTimes;
		this.launcher = launcher;
		this.preflight = preflight;
		this.fleet = fleet;
		this.runs = runs;
		this.stop = stop;
		this.properties = properties;
		this.clock = clock;
	}

	/**
	 * What a scheduled launch did.
	 *
	 * @param runs the runs this process started or resumed
	 * @param alreadyRun clusters whose fire time another process ran (or is running), with the run
	 * @param busy clusters held by a run of another fire time or an on-demand run: their fire time is
	 * still due, and caught up by a later {@code scheduled} inside the catch-up window
	 * @param missed clusters whose fire time was older than the catch-up window, with the fire time
	 * @param passedBy clusters that cannot be patched, with the reason
	 */
	public record Outcome(List<RunSummary> runs, Map<String, Long> alreadyRun, Map<String, String> busy,
			Map<String, ZonedDateTime> missed, Map<String, String> passedBy) {
	}

	/**
	 * @param now the instant to find due fire times at (the clock's, unless given for a test or a replay)
	 * @param only only clusters on this schedule, or {@code null} for all
	 * @param launchedBy who runs it (the pod, user@host)
	 */
	public Outcome launchDue(Instant now, Schedule only, String launchedBy) {
		List<RunSummary> started = new ArrayList<>();
		Map<String, Long> alreadyRun = new LinkedHashMap<>();
		Map<String, String> busy = new LinkedHashMap<>();
		Map<String, ZonedDateTime> missed = new LinkedHashMap<>();
		Map<String, String> passedBy = new LinkedHashMap<>();
		List<FireTimes.Due> toPatch = new ArrayList<>();
		String launchId = UUID.randomUUID().toString();
		List<FireTimes.Due> due = this.fireTimes.due(now, only);
		log.info("{} cluster(s) due at {}{}", due.size(), now, (only != null) ? " on schedule " + only : "");
		for (FireTimes.Due cluster : due) {
			String name = cluster.cluster().name();
			Optional<RunRepository.Run> run = (cluster.passedBy() == null) ? runOf(cluster) : Optional.empty();
			if (cluster.passedBy() != null) {
				passedBy.put(name, cluster.passedBy());
				log.warn("{}: passed by, not patched on its schedule: {}", name, cluster.passedBy());
			}
			else if (run.isPresent() && run.get().outcome().finished()) {
				// run to its end (or recorded as missed) by a process that stopped before moving the cluster on
				this.fireTimes.handled(cluster.cluster(), cluster.fireTime());
			}
			else if (run.isEmpty() && cluster.missed()) {
				recordMissed(cluster, launchId, launchedBy);
				missed.put(name, cluster.fireTime());
			}
			else {
				// a fire time's unfinished run is resumed however late: its nodes may be half done
				try {
					this.preflight.checkConnection(cluster.cluster(), this.fleet.nodes(cluster.cluster()));
					toPatch.add(cluster);
				}
				catch (InvalidInputException ex) {
					passedBy.put(name, ex.getMessage());
					log.warn("{}: passed by, not patched on its schedule: {}", name, ex.getMessage());
				}
			}
		}
		// one launch running for the whole claim loop: a stop between batches ends it after the batch
		try (RolloutStop.Running running = this.stop.launchRunning()) {
			int batch = Math.max(1, this.properties.parallelClusters());
			for (int from = 0; from < toPatch.size() && !this.stop.requested(); from += batch) {
				List<FireTimes.Due> claim = toPatch.subList(from, Math.min(toPatch.size(), from + batch));
				LaunchOutcome outcome = this.launcher.launch(request(claim, launchedBy));
				started.addAll(outcome.runs());
				alreadyRun.putAll(outcome.alreadyRun());
				busy.putAll(outcome.busy());
				for (FireTimes.Due cluster : claim) {
					if (runOf(cluster).filter((run) -> run.outcome().finished()).isPresent()) {
						this.fireTimes.handled(cluster.cluster(), cluster.fireTime());
					}
				}
			}
		}
		// a cluster another process leased for the same fire time is shared work, not a busy cluster
		for (FireTimes.Due cluster : toPatch) {
			String name = cluster.cluster().name();
			if (busy.containsKey(name)) {
				Optional<RunRepository.Run> run = runOf(cluster);
				if (run.isPresent()) {
					busy.remove(name);
					alreadyRun.put(name, run.get().id());
				}
			}
		}
		return new Outcome(started, alreadyRun, busy, missed, passedBy);
	}

	private static LaunchRequest request(List<FireTimes.Due> claim, String launchedBy) {
		Map<String, Instant> fires = new LinkedHashMap<>();
		claim.forEach((cluster) -> fires.put(cluster.cluster().name(), cluster.fireTime().toInstant()));
		return new LaunchRequest(List.copyOf(fires.keySet()), false, false, Trigger.SCHEDULED, launchedBy, fires);
	}

	private void recordMissed(FireTimes.Due cluster, String launchId, String launchedBy) {
		String detail = "fire time " + cluster.fireTime().toOffsetDateTime() + " found " + duration(cluster.late())
				+ " late, past the catch-up window of " + duration(this.fireTimes.catchUpWindow())
				+ " (ospatch.schedule.catch-up-window); not run"
				+ ((cluster.skipped() > 0) ? "; " + ((cluster.skipped() >= FireTimes.MOST_SKIPPED_COUNTED) ? "at least " : "")
						+ cluster.skipped() + " earlier fire time(s) passed with no 'scheduled' running" : "");
		boolean recorded = this.runs.recordMissed(launchId, cluster.cluster().id(), cluster.fireTime().toInstant(),
				launchedBy, detail, this.clock.instant());
		if (recorded) {
			log.warn("{}: missed: {}", cluster.cluster().name(), detail);
		}
		this.fireTimes.handled(cluster.cluster(), cluster.fireTime());
	}

	private Optional<RunRepository.Run> runOf(FireTimes.Due cluster) {
		return this.runs.findByFireTime(cluster.cluster().id(), cluster.fireTime().toInstant());
	}

	static String duration(java.time.Duration duration) {
		long minutes = duration.toMinutes();
		if (minutes < 120) {
			return minutes + " min";
		}
		long hours = duration.toHours();
		return (hours < 72) ? hours + " h" : duration.toDays() + " d";
	}

}
