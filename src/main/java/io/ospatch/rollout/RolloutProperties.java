package io.ospatch.rollout;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How rollouts run ({@code ospatch.rollout.*}, or {@code OSPATCH_ROLLOUT_…} in the environment).
 *
 * @param parallelClusters clusters of one launch patched at the same time (default 4)
 * @param maxAttempts attempts per node for transient failures (unreachable, dpkg lock held, mirror
 * timeout), the first one included (default 3)
 * @param retryDelay wait before the first retry (default 10s)
 * @param retryMultiplier factor applied to the wait after each retry (default 2)
 * @param retryMaxDelay longest wait between retries (default 2m)
 * @param stopGrace after a stop request (SIGTERM), how long chunks already running may take to
 * finish before their playbooks are stopped; keep a pod's {@code terminationGracePeriodSeconds}
 * above it (default 5m)
 * @param canary whether the first worker chunk of a rollout is a single node, the canary, whose
 * failure halts the cluster before any other worker is touched, whatever the failure budget allows
 * (default true)
 * @param pauseBetweenChunks how long to soak after a chunk before the health gate and the next
 * chunk, for {@code scheduled} and {@code boot} (and {@code patch} without
 * {@code --pause-between-chunks}); a stop request ends it (default 0s)
 */
@ConfigurationProperties("ospatch.rollout")
public record RolloutProperties(@DefaultValue("4") int parallelClusters, @DefaultValue("3") int maxAttempts,
		@DefaultValue("10s") Duration retryDelay, @DefaultValue("2") double retryMultiplier,
		@DefaultValue("2m") Duration retryMaxDelay, @DefaultValue("5m") Duration stopGrace,
		@DefaultValue("true") boolean canary, @DefaultValue("0s") Duration pauseBetweenChunks) {

	public RolloutProperties {
		if (parallelClusters < 1) {
			throw new IllegalArgumentException("ospatch.rollout.parallel-clusters must be at least 1");
		}
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("ospatch.rollout.max-attempts must be at least 1");
		}
		if (pauseBetweenChunks.isNegative()) {
			throw new IllegalArgumentException("ospatch.rollout.pause-between-chunks must not be negative");
		}
	}

}
