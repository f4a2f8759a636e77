package io.ospatch.rollout;

import java.util.List;
import java.util.Map;

import io.ospatch.run.RunSummary;

/**
 * What a launch did.
 *
 * @param launchId the launch
 * @param runs the run of each cluster that was patched (started or resumed by this launch)
 * @param busy clusters left alone because another run holds them, or whose lease was lost on the
 * way, with the reason
 * @param notPatchable with {@code --all}: clusters passed over, with the reason
 */
public record LaunchOutcome(String launchId, List<RunSummary> runs, Map<String, String> busy,
		Map<String, String> notPatchable) {

	public LaunchOutcome {
		runs = List.copyOf(runs);
		busy = Map.copyOf(busy);
		notPatchable = Map.copyOf(notPatchable);
	}

}
