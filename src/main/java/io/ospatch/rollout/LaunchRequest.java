package io.ospatch.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.run.Trigger;

/**
 * A request to patch clusters now.
 *
 * @param clusters names of the clusters to patch; empty with {@code all}
 * @param all patch every cluster that can be patched
 * @param fresh abandon a cluster's unfinished run and start a new one, instead of resuming it
 * @param trigger what launches it
 * @param launchedBy who or what launches it (user@host, a CronJob's name)
 * @param fireTimes for a scheduled launch, each cluster's fire time: part of its run's identity, so
 * that a fire time is run at most once however often it is launched
 * @param pauseBetweenChunks how long to soak between rolling chunks, or {@code null} for the
 * setting {@code ospatch.rollout.pause-between-chunks}; a resumed run keeps the pause it was
 * launched with
 */
public record LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy,
		Map<String, Instant> fireTimes, Duration pauseBetweenChunks) {

	public LaunchRequest {
		clusters = List.copyOf(clusters);
		fireTimes = Map.copyOf(fireTimes);
	}

	/** A launch with the pause between chunks the settings give. */
	public LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy,
			Map<String, Instant> fireTimes) {
		this(clusters, all, fresh, trigger, launchedBy, fireTimes, null);
	}

	/** A launch that no schedule made. */
	public LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy) {
		this(clusters, all, fresh, trigger, launchedBy, Map.of());
	}

	/** This launch, soaking {@code pause} between chunks instead of what the settings say. */
	public LaunchRequest withPauseBetweenChunks(Duration pause) {
		return new LaunchRequest(this.clusters, this.all, this.fresh, this.trigger, this.launchedBy, this.fireTimes, pause);
	}

}
