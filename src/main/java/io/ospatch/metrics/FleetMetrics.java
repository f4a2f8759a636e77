package io.ospatch.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.report.FleetCompliance;
import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.run.RunOutcome;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;

/**
 * The fleet's state as Prometheus gauges, per cluster (labels {@code cluster} and {@code kind}),
 * read from the database — which every ospatch process writes to, whichever one patched — when
 * scraped, and at most once per {@link #MAX_AGE}, so that scrapes never load the database.
 *
 * <p>A Prometheus collector rather than Micrometer gauges: clusters come and go between scrapes, and
 * a collector builds each scrape's series from one reading, so a removed cluster is gone and a new
 * one there at the next scrape. Micrometer has no hook before a scrape: gauges registered from inside
 * one would show a new cluster a scrape late, and gauges registered at start would need the database
 * in every CLI command. Prometheus's advice for exporting another system's state is the same.
 *
 * <p>Compliance is {@link FleetCompliance}'s. When the database does not answer, the scrape carries
 * no fleet series (rather than stale ones) and the health endpoint says why.
 */
class FleetMetrics implements MultiCollector {

	static final String NODES = "ospatch_cluster_nodes";

	static final String NODES_COMPLIANT = "ospatch_cluster_nodes_compliant";

	static final String NODEGROUPS = "ospatch_cluster_nodegroups";

	static final String NODEGROUPS_COMPLIANT = "ospatch_cluster_nodegroups_compliant";

	static final String LAST_RUN_OUTCOME = "ospatch_cluster_last_run_outcome";

	static final String LAST_COMPLIANT_RUN = "ospatch_cluster_last_compliant_run_timestamp_seconds";

	static final String RUNS = "ospatch_runs";

	/** How long one reading of the database serves scrapes. */
	static final Duration MAX_AGE = Duration.ofSeconds(15);

	private static final Logger log = LoggerFactory.getLogger(FleetMetrics.class);

	private final FleetCompliance compliance;

	private final RunTallies tallies;

	private final Clock clock;

	/** Guarded by {@code this}: concurrent scrapes share one reading. */
	private FleetReading reading;

	FleetMetrics(FleetCompliance compliance, RunTallies tallies, Clock clock) {
		this.compliance = compliance;
		this.tallies = tallies;
		this.clock = clock;
	}

	@Override
	public MetricSnapshots collect() {
		FleetReading reading = reading();
		GaugeSnapshot.Builder nodes = gauge(NODES,
				"Nodes of the cluster: those of the run its compliance is measured on, else those registered");
		GaugeSnapshot.Builder compliant = gauge(NODES_COMPLIANT,
				"Nodes on the latest patch release of their OS stream after the cluster's measuring run; "
						+ "absent when not measured");
		GaugeSnapshot.Builder nodegroups = gauge(NODEGROUPS,
				"Managed node groups of an EKS cluster (which ospatch patches by node group): those of the run its "
						+ "compliance is measured on");
		GaugeSnapshot.Builder nodegroupsCompliant = gauge(NODEGROUPS_COMPLIANT,
				"Node groups of an EKS cluster on the latest AMI release after the cluster's measuring run; "
						+ "absent when not measured");
		GaugeSnapshot.Builder lastRunOutcome = gauge(LAST_RUN_OUTCOME,
				"1 for the outcome of the cluster's latest run (or missed fire time), 0 for the others; "
						+ "absent before its first run");
		GaugeSnapshot.Builder lastCompliantRun = gauge(LAST_COMPLIANT_RUN,
				"When the cluster's latest compliant run ended, in Unix time; absent when it never had one")
			.unit(Unit.SECONDS);
		GaugeSnapshot.Builder runs = gauge(RUNS,
				"Runs of the cluster (missed fire times included) by their outcome now, from the database");
		for (ClusterStanding cluster : reading.clusters()) {
			Labels labels = Labels.of("cluster", cluster.cluster(), "kind", cluster.kind().value());
			// an EKS cluster is counted in node groups: in its own gauges, as nodes and node groups do not add up
			GaugeSnapshot.Builder units = cluster.ofNodegroups() ? nodegroups : nodes;
			GaugeSnapshot.Builder compliantUnits = cluster.ofNodegroups() ? nodegroupsCompliant : compliant;
			units.dataPoint(point(labels, cluster.nodes()));
			if (cluster.compliant() != null) {
				compliantUnits.dataPoint(point(labels, cluster.compliant()));
			}
			if (cluster.latestRun() != null) {
				for (RunOutcome outcome : RunOutcome.values()) {
					lastRunOutcome.dataPoint(point(labels.add("outcome", outcome.value()),
							(outcome == cluster.latestRun().outcome()) ? 1 : 0));
				}
			}
			Instant lastCompliant = reading.lastCompliantRunEnds().get(cluster.cluster());
			if (lastCompliant != null) {
				lastCompliantRun.dataPoint(point(labels, lastCompliant.toEpochMilli() / 1000.0));
			}
			Map<RunOutcome, Long> runsByOutcome = reading.runs().getOrDefault(cluster.cluster(), Map.of());
			for (RunOutcome outcome : RunOutcome.values()) {
				runs.dataPoint(point(labels.add("outcome", outcome.value()), runsByOutcome.getOrDefault(outcome, 0L)));
			}
		}
		return MetricSnapshots.of(nodes.build(), compliant.build(), nodegroups.build(), nodegroupsCompliant.build(),
				lastRunOutcome.build(), lastCompliantRun.build(), runs.build());
	}

	/** The names registration checks against other collectors', so that no two produce the same metric. */
	@Override
	public List<String> getPrometheusNames() {
		return List.of(NODES, NODES_COMPLIANT, NODEGROUPS, NODEGROUPS_COMPLIANT, LAST_RUN_OUTCOME, LAST_COMPLIANT_RUN,
				RUNS);
	}

	private synchronized FleetReading reading() {
		Instant now = this.clock.instant();
		if (this.reading == null || !this.reading.freshAt(now, MAX_AGE)) {
			this.reading = read(now);
		}
		return this.reading;
	}

	private FleetReading read(Instant now) {
		try {
			return new FleetReading(now, this.compliance.standing().clusters(), this.tallies.byOutcome(),
					this.tallies.lastCompliantRunEnds());
		}
		catch (DataAccessException ex) {
			// kept for MAX_AGE like any reading: a database that is down is not asked at every scrape
			log.warn("fleet metrics not read: {}", firstLine(NestedExceptionUtils.getMostSpecificCause(ex)));
			log.debug("fleet metrics not read", ex);
			return FleetReading.unread(now);
		}
	}

	/** Drivers put whole SQL statements after the first line. */
	private static String firstLine(Throwable cause) {
		String message = cause.getMessage();
		if (message == null || message.isBlank()) {
			return cause.getClass().getName();
		}
		return message.strip().lines().findFirst().orElse("");
	}

	private static GaugeSnapshot.Builder gauge(String name, String help) {
		return GaugeSnapshot.builder().name(name).help(help);
	}

	private static GaugeDataPointSnapshot point(Labels labels, double value) {
		return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
	}

}
