package io.ospatch.eks;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How node-group updates of EKS clusters are followed ({@code ospatch.eks.*}, or {@code OSPATCH_EKS_…}
 * in the environment).
 *
 * @param updateTimeout how long one node group's update is followed before it counts as timed out; the
 * update itself goes on at AWS and its id is kept, so a later run can follow it again (default 60m)
 * @param pollInterval how often the update's status is asked for (default 30s)
 * @param parallelNodegroups node groups of one cluster updated at the same time; AWS replaces each node
 * group's nodes within its own update configuration (default 1, one after the other)
 */
@ConfigurationProperties("ospatch.eks")
public record EksProperties(@DefaultValue("60m") Duration updateTimeout, @DefaultValue("30s") Duration pollInterval,
		@DefaultValue("1") int parallelNodegroups) {

	public EksProperties {
		if (updateTimeout == null || updateTimeout.isNegative() || updateTimeout.isZero()) {
			throw new IllegalArgumentException("ospatch.eks.update-timeout must be positive");
		}
		if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
			throw new IllegalArgumentException("ospatch.eks.poll-interval must be positive");
		}
		if (parallelNodegroups < 1) {
			throw new IllegalArgumentException("ospatch.eks.parallel-nodegroups must be at least 1");
		}
	}

}
