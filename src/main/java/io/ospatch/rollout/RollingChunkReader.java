package io.ospatch.rollout;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Hands out a cluster's rolling chunks in order, and remembers in the step's execution context
 * which chunk comes next, so a restarted step resumes after the last committed chunk. Once the
 * failure budget is spent it ends the step with {@link FailureBudgetExceededException}: the chunk
 * that spent it is committed by then, with its results.
 */
class RollingChunkReader implements ItemStreamReader<RollingChunk> {

	/** Execution context key: index of the next chunk to read. */
	static final String NEXT_CHUNK = "rolling.next-chunk";

	private final ClusterRollout rollout;

	private int next;

	RollingChunkReader(ClusterRollout rollout) {
		this.rollout = rollout;
	}

	@Override
	public void open(ExecutionContext context) {
		this.next = context.containsKey(NEXT_CHUNK) ? context.getInt(NEXT_CHUNK) : 0;
	}

	@Override
	public void update(ExecutionContext context) {
		context.putInt(NEXT_CHUNK, this.next);
	}

	@Override
	public RollingChunk read() {
		if (this.rollout.halted()) {
			throw new FailureBudgetExceededException(this.rollout.haltReason());
		}
		return (this.next < this.rollout.chunks().size()) ? this.rollout.chunks().get(this.next++) : null;
	}

}
