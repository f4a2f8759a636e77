package io.ospatch.kube;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How long draining and the return of a patched node may take ({@code ospatch.drain.*}, or
 * {@code OSPATCH_DRAIN_…} in the environment).
 *
 * @param timeout how long evictions refused by a PodDisruptionBudget (HTTP 429) are retried, and
 * evicted pods waited for, before the node's drain counts as blocked: the node is then not patched
 * (default 10m)
 * @param readyTimeout how long a patched node may take to report Ready again before it is left
 * cordoned, with the reason on it (default 10m)
 */
@ConfigurationProperties("ospatch.drain")
public record DrainProperties(@DefaultValue("10m") Duration timeout, @DefaultValue("10m") Duration readyTimeout) {

	public DrainProperties {
		if (timeout.isNegative() || timeout.isZero()) {
			throw new IllegalArgumentException("ospatch.drain.timeout must be positive");
		}
		if (readyTimeout.isNegative() || readyTimeout.isZero()) {
			throw new IllegalArgumentException("ospatch.drain.ready-timeout must be positive");
		}
	}

}
