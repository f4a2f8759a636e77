package io.ospatch.metrics;

import java.time.Duration;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Chunk durations become a Prometheus histogram per cluster, with buckets of minutes. */
class ChunkDurationHistogramTests {

	private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

	private final ChunkDurationHistogram histogram = new ChunkDurationHistogram(this.registry);

	@Test
	void eachChunkFallsInTheBucketsOfItsDurationPerCluster() {
		// when
		this.histogram.record("alpha", Duration.ofSeconds(45));
		this.histogram.record("alpha", Duration.ofMinutes(8));
		this.histogram.record("bravo", Duration.ofMinutes(90));

		// then
		Scrape scrape = Scrape.of(this.registry.scrape());
		assertThat(scrape.types()).containsEntry("ospatch_chunk_duration_seconds", "histogram");
		assertThat(scrape.startingWith("ospatch_chunk_duration_seconds_bucket{cluster=\"alpha\""))
			.containsExactly(entry(alphaBucket("10.0"), 0.0), entry(alphaBucket("30.0"), 0.0),
					entry(alphaBucket("60.0"), 1.0), entry(alphaBucket("120.0"), 1.0), entry(alphaBucket("300.0"), 1.0),
					entry(alphaBucket("600.0"), 2.0), entry(alphaBucket("1200.0"), 2.0),
					entry(alphaBucket("1800.0"), 2.0), entry(alphaBucket("3600.0"), 2.0),
					entry(alphaBucket("7200.0"), 2.0), entry(alphaBucket("+Inf"), 2.0));
		assertThat(scrape.samples()).containsEntry("ospatch_chunk_duration_seconds_count{cluster=\"alpha\"}", 2.0)
			.containsEntry("ospatch_chunk_duration_seconds_sum{cluster=\"alpha\"}", 525.0)
			.containsEntry("ospatch_chunk_duration_seconds_bucket{cluster=\"bravo\",le=\"3600.0\"}", 0.0)
			.containsEntry("ospatch_chunk_duration_seconds_bucket{cluster=\"bravo\",le=\"7200.0\"}", 1.0);
	}

	private static String alphaBucket(String le) {
		return "ospatch_chunk_duration_seconds_bucket{cluster=\"alpha\",le=\"" + le + "\"}";
	}

}
