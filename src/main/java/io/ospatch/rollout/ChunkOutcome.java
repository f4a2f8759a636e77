package io.ospatch.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A patched chunk: how each of its nodes ended.
 *
 * @param chunk the chunk
 * @param nodes one outcome per node of the chunk, in its order
 * @param startedAt when its first Ansible run began
 * @param endedAt when its last one ended
 */
record ChunkOutcome(RollingChunk chunk, List<NodePatchOutcome> nodes, Instant startedAt, Instant endedAt) {

	ChunkOutcome {
		nodes = List.copyOf(nodes);
	}

	Duration elapsed() {
		return Duration.between(this.startedAt, this.endedAt);
	}

}
