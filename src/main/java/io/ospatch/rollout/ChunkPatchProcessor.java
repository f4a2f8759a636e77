package io.ospatch.rollout;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeState;

import org.springframework.batch.infrastructure.item.ItemProcessor;

/**
 * Patches a rolling chunk. Its nodes are marked as being patched first, committed at once, so that
 * anyone looking sees it while the (long) Ansible run goes on.
 */
class ChunkPatchProcessor implements ItemProcessor<RollingChunk, ChunkOutcome> {

	private final ClusterRollout rollout;

	private final ChunkPatcher patcher;

	private final FleetService fleet;

	ChunkPatchProcessor(ClusterRollout rollout, ChunkPatcher patcher, FleetService fleet) {
		this.rollout = rollout;
		this.patcher = patcher;
		this.fleet = fleet;
	}

	@Override
	public ChunkOutcome process(RollingChunk chunk) throws InterruptedException {
		for (Node node : chunk.nodes()) {
			this.fleet.markState(node, NodeState.PATCHING);
		}
		return this.patcher.patch(this.rollout.cluster(), chunk, this.rollout.logDir());
	}

}
