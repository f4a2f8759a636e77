package io.ospatch.rollout;

import java.util.List;
import java.util.Map;

/**
 * What a launch did.
 *
 * @param launchId the launch, shared by its runs
 * @param runs the run of each cluster that was patched
 * @param busy clusters left alone because another run holds them, with the holder
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
