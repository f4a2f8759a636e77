package io.ospatch.rollout;

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
 */
public record LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy,
		Map<String, Instant> fireTimes) {

	public LaunchRequest {
		clusters = List.copyOf(clusters);
		fireTimes = Map.copyOf(fireTimes);
	}

	/** A launch that no schedule made. */
	public LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy) {
		this(clusters, all, fresh, trigger, launchedBy, Map.of());
	}

}
