package io.ospatch.rollout;

import java.util.List;

/**
 * A request to patch clusters now.
 *
 * @param clusters names of the clusters to patch; empty with {@code all}
 * @param all patch every cluster that can be patched
 * @param trigger what launches it
 * @param launchedBy who or what launches it (user@host, a CronJob's name)
 */
public record LaunchRequest(List<String> clusters, boolean all, Trigger trigger, String launchedBy) {

	public LaunchRequest {
		clusters = List.copyOf(clusters);
	}

}
