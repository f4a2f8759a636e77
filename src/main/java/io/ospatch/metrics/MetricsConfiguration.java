package io.ospatch.metrics;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.ospatch.report.FleetCompliance;
import io.ospatch.rollout.ChunkDurations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The metrics, in every process: the fleet's read nothing until scraped (a CLI command is never
 * scraped, so it never reads them), and a chunk's duration is recorded where it is patched.
 */
@Configuration(proxyBeanMethods = false)
class MetricsConfiguration {

	/** Registered with the Prometheus registry {@code /actuator/prometheus} scrapes, when there is one. */
	@Bean
	FleetMetrics fleetMetrics(FleetCompliance compliance, RunTallies tallies, Clock clock,
			ObjectProvider<PrometheusRegistry> prometheus) {
		FleetMetrics metrics = new FleetMetrics(compliance, tallies, clock);
		prometheus.ifAvailable((registry) -> registry.register(metrics));
		return metrics;
	}

	/**
	 * The histogram where a meter registry is set up ({@code serve}); a command's process is never
	 * scraped, and has none: its chunk times go nowhere.
	 */
	@Bean
	ChunkDurations chunkDurations(ObjectProvider<MeterRegistry> registry) {
		MeterRegistry meters = registry.getIfAvailable();
		return (meters != null) ? new ChunkDurationHistogram(meters) : (cluster, elapsed) -> {
		};
	}

}
