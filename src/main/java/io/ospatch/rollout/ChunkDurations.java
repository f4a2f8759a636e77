package io.ospatch.rollout;

import java.time.Duration;

/**
 * Where the time each rolling chunk took goes once its results are recorded: the {@code metrics}
 * package turns it into a histogram. The rollout only reports; it knows nothing of who listens.
 */
public interface ChunkDurations {

	/**
	 * A chunk of {@code cluster} was patched and recorded (whatever its nodes' outcomes), in
	 * {@code elapsed}: from its first Ansible run's start to its last one's end.
	 */
	void record(String cluster, Duration elapsed);

}
