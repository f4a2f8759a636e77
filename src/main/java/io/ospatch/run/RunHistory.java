package io.ospatch.run;

import java.util.List;
import java.util.Optional;

import org.springframework.stereotype.Service;

/** Reads runs back whole: the run, its node or node-group results and its events. */
@Service
public class RunHistory {

	private final RunRepository runs;

	private final NodeResultRepository results;

	private final NodegroupResultRepository nodegroups;

	private final RunEvents events;

	RunHistory(RunRepository runs, NodeResultRepository results, NodegroupResultRepository nodegroups,
			RunEvents events) {
		this.runs = runs;
		this.results = results;
		this.nodegroups = nodegroups;
		this.events = events;
	}

	public Optional<RunSummary> find(long runId) {
		return this.runs.find(runId).map(this::summary);
	}

	/** The newest runs first, of one cluster or, with {@code clusterName} {@code null}, of all. */
	public List<RunSummary> recent(String clusterName, int limit) {
		return recent(clusterName, null, limit);
	}

	/**
	 * The newest runs first below run {@code beforeId} (a page of the history), of one cluster or, with
	 * {@code clusterName} {@code null}, of all.
	 */
	public List<RunSummary> recent(String clusterName, Long beforeId, int limit) {
		return this.runs.recent(clusterName, beforeId, limit).stream().map(this::summary).toList();
	}

	/** @throws UnknownRunException {@code no run N}, the command line's message */
	public RunSummary get(long runId) {
		return find(runId).orElseThrow(() -> new UnknownRunException(runId));
	}

	public RunSummary summary(RunRepository.Run run) {
		return new RunSummary(run.id(), run.clusterName(), run.trigger(), run.launchedBy(), run.outcome(),
				run.outcomeDetail(), run.startedAt(), run.endedAt(), this.results.findByRun(run.id()),
				this.nodegroups.findByRun(run.id()), this.events.ofRun(run.id()));
	}

}
