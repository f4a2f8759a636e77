package io.ospatch.rollout;

import java.util.List;
import java.util.Set;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.run.NodeResult;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunSummary;

import org.springframework.stereotype.Service;

/**
 * How far a run of nodes has come: chunks and nodes recorded out of those of its rollout. Results are
 * recorded after each chunk, so the chunks done are those with results; the chunks of a run still
 * going are the rolling order's for its nodes (the same the rollout computes), those of a finished one
 * the chunks its results name (every node gets one: not attempted ones too).
 */
@Service
public class RunProgress {

	/**
	 * A run's progress.
	 *
	 * @param chunksDone chunks whose results are recorded
	 * @param chunks chunks of the rollout
	 * @param nodesDone nodes with a result
	 * @param nodes nodes of the rollout
	 */
	public record Progress(int chunksDone, int chunks, int nodesDone, int nodes) {
	}

	private final RunRepository runs;

	private final FleetService fleet;

	private final RolloutProperties properties;

	RunProgress(RunRepository runs, FleetService fleet, RolloutProperties properties) {
		this.runs = runs;
		this.fleet = fleet;
		this.properties = properties;
	}

	/** The progress of a run of nodes (an EKS run's node groups are counted by their results). */
	public Progress of(RunSummary run) {
		int chunksDone = run.nodes().stream().mapToInt(NodeResult::chunkNumber).max().orElse(0);
		if (run.outcome().finished()) {
			return new Progress(chunksDone, chunksDone, run.nodes().size(), run.nodes().size());
		}
		Cluster cluster = this.fleet.cluster(run.clusterName());
		List<Node> clusterNodes = this.fleet.nodes(cluster);
		Set<Long> limitedTo = this.runs.nodesLimitedTo(run.runId());
		List<Node> nodes = limitedTo.isEmpty() ? clusterNodes
				: clusterNodes.stream().filter((node) -> limitedTo.contains(node.id())).toList();
		int chunks = RollingOrder
			.chunks(nodes, cluster.maxUnavailable(), clusterNodes.size(), this.properties.canary(), Set.of())
			.size();
		return new Progress(chunksDone, Math.max(chunks, chunksDone), run.nodes().size(),
				Math.max(nodes.size(), run.nodes().size()));
	}

}
