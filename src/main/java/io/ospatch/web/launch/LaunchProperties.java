package io.ospatch.web.launch;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many on-demand launches {@code ospatch serve} runs at once, and how many more it accepts to
 * wait for a free worker; beyond those it answers 503 and leases nothing.
 *
 * @param workers launches patching at the same time (default 2); each patches its clusters with
 * {@code ospatch.rollout.parallel-clusters} threads of its own
 * @param queue launches accepted to wait for a free worker (default 4), their clusters leased
 * and their runs open meanwhile
 */
@ConfigurationProperties("ospatch.web.launch")
public record LaunchProperties(@DefaultValue("2") int workers, @DefaultValue("4") int queue) {

	public LaunchProperties {
		if (workers < 1) {
			throw new IllegalArgumentException("ospatch.web.launch.workers must be at least 1, not " + workers);
		}
		if (queue < 0) {
			throw new IllegalArgumentException("ospatch.web.launch.queue must be 0 or more, not " + queue);
		}
	}

}
