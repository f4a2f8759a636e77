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
 * @param nothingToDo clusters that had nothing to patch (a boot launch: no new nodes), with the reason
 * @param alreadyRun for a scheduled launch: clusters whose fire time already has its run (another
 * process ran it), with that run's id
 */
public record LaunchOutcome(String launchId, List<RunSummary> runs, Map<String, String> busy,
		Map<String, String> notPatchable, Map<String, String> nothingToDo, Map<String, Long> alreadyRun) {

	public LaunchOutcome {
		runs = List.copyOf(runs);
		busy = Map.copyOf(busy);
		notPatchable = Map.copyOf(notPatchable);
		nothingToDo = Map.copyOf(nothingToDo);
		alreadyRun = Map.copyOf(alreadyRun);
	}

	public LaunchOutcome(String launchId, List<RunSummary> runs, Map<String, String> busy,
			Map<String, String> notPatchable) {
		this(launchId, runs, busy, notPatchable, Map.of(), Map.of());
	}

}
