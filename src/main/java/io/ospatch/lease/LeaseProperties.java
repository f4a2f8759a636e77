package io.ospatch.lease;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How cluster leases are kept ({@code ospatch.lease.*}, or {@code OSPATCH_LEASE_…} in the environment).
 *
 * @param ttl a lease whose heartbeat is older than this belongs to a dead run and may be taken over
 * (default 60s)
 * @param heartbeat how often a running rollout renews its leases; well below the TTL, so that a few
 * missed renewals (a slow database) do not lose the lease (default 5s)
 */
@ConfigurationProperties("ospatch.lease")
public record LeaseProperties(@DefaultValue("60s") Duration ttl, @DefaultValue("5s") Duration heartbeat) {

	public LeaseProperties {
		if (ttl.isNegative() || ttl.isZero()) {
			throw new IllegalArgumentException("ospatch.lease.ttl must be positive");
		}
		if (heartbeat.isNegative() || heartbeat.isZero() || heartbeat.compareTo(ttl) >= 0) {
			throw new IllegalArgumentException("ospatch.lease.heartbeat must be positive and shorter than ospatch.lease.ttl");
		}
	}

}
