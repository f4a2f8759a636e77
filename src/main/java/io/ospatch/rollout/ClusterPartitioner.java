package io.ospatch.rollout;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.batch.core.partition.Partitioner;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * One partition per cluster of a launch. Each partition's execution context holds:
 * <ul>
 * <li>{@value #RUN_ID} (long): the cluster's patch run, from which everything else is read;</li>
 * <li>{@value #CLUSTER_NAME} (String): the cluster's name, for people reading the metadata.</li>
 * </ul>
 */
class ClusterPartitioner implements Partitioner {

	static final String RUN_ID = "run.id";

	static final String CLUSTER_NAME = "cluster.name";

	private final String launchId;

	private final PatchRunRepository runs;

	ClusterPartitioner(String launchId, PatchRunRepository runs) {
		this.launchId = launchId;
		this.runs = runs;
	}

	@Override
	public Map<String, ExecutionContext> partition(int gridSize) {
		Map<String, ExecutionContext> partitions = new LinkedHashMap<>();
		for (PatchRunRepository.Run run : this.runs.findByLaunch(this.launchId)) {
			ExecutionContext context = new ExecutionContext();
			context.putLong(RUN_ID, run.id());
			context.putString(CLUSTER_NAME, run.clusterName());
			partitions.put("cluster:" + run.clusterName(), context);
		}
		return partitions;
	}

}
