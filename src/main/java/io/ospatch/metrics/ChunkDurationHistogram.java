package io.ospatch.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ospatch.rollout.ChunkDurations;

/**
 * How long rolling chunks took, per cluster: {@code ospatch_chunk_duration_seconds} in Prometheus, a
 * histogram. Only the chunks this process patched: a CronJob pod's chunks end with its pod.
 */
class ChunkDurationHistogram implements ChunkDurations {

	/** Micrometer's name; Prometheus's is {@code ospatch_chunk_duration_seconds}. */
	static final String NAME = "ospatch.chunk.duration";

	/**
	 * Bucket bounds: a chunk is an Ansible run of minutes (drain, upgrade, maybe a reboot, Ready
	 * again), not the milliseconds of Micrometer's default buckets.
	 */
	static final Duration[] BUCKETS = { Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1),
			Duration.ofMinutes(2), Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(20),
			Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(2) };

	private final MeterRegistry registry;

	ChunkDurationHistogram(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void record(String cluster, Duration elapsed) {
		Timer.builder(NAME)
			.description("Time a rolling chunk took, from its first Ansible run's start to its last one's end")
			.tag("cluster", cluster)
			.serviceLevelObjectives(BUCKETS)
			.register(this.registry)
			.record(elapsed);
	}

}
