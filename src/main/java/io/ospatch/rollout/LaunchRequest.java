package io.ospatch.rollout;

import java.util.List;

import io.ospatch.run.Trigger;

/**
 * A request to patch clusters now.
 *
 * @param clusters names of the clusters to patch; empty with {@code all}
 * @param all patch every cluster that can be patched
 * @param fresh abandon a cluster's unfinished run and start a new one, instead of resuming it
 * @param trigger what launches it
 * @param launchedBy who or what launches it (user@host, a CronJob's name)
 */
public record LaunchRequest(List<String> clusters, boolean all, boolean fresh, Trigger trigger, String launchedBy) {

	public LaunchRequest {
		clusters = List.copyOf(clusters);
	}

}
