package io.ospatch.web.api;

import io.ospatch.web.launch.OnDemandLaunches;

/**
 * A run just launched on demand, as the API answers the launch.
 *
 * @param id the run; {@code GET /api/v1/runs/{id}} follows it
 * @param cluster its cluster
 * @param trigger what launched it: {@code on-demand}
 * @param launchedBy who launched it, e.g. {@code otto (api)}
 * @param state its outcome so far: {@code running} when handed to a worker
 * @param resumed whether an unfinished run of the cluster was resumed rather than a new one opened
 * @param startedAt when the run started (a resumed one: when it first started), ISO-8601 UTC
 */
public record LaunchedRunResource(long id, String cluster, String trigger, String launchedBy, String state,
		boolean resumed, String startedAt) {

	static LaunchedRunResource of(OnDemandLaunches.Launched launched) {
		return new LaunchedRunResource(launched.run().id(), launched.run().clusterName(), launched.run().trigger().value(),
				launched.run().launchedBy(), launched.run().outcome().value(), launched.resumed(),
				launched.run().startedAt().toString());
	}

}
