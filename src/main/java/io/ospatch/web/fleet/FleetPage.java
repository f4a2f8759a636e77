package io.ospatch.web.fleet;

import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.ospatch.report.FleetCompliance;
import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.report.FleetCompliance.Standing;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository.Run;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/**
 * What the fleet page shows, from {@link FleetCompliance}: the same clusters, order and figures as
 * {@code ospatch compliance}, those that need attention (latest run failed, halted or missed) first.
 */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FleetPage {

	/**
	 * The page's content.
	 *
	 * @param clusters every cluster, those that need attention first
	 * @param fleet for example {@code 5 of 8 nodes compliant (62.5%) in 1 measured cluster}
	 * @param needingAttention how many clusters need attention
	 */
	record Content(List<FleetRow> clusters, String fleet, long needingAttention) {
	}

	private final FleetCompliance compliance;

	private final Clock clock;

	FleetPage(FleetCompliance compliance, Clock clock) {
		this.compliance = compliance;
		this.clock = clock;
	}

	Content content() {
		Standing standing = this.compliance.standing();
		List<FleetRow> rows = standing.clusters().stream().map(this::row).toList();
		return new Content(rows, FleetCompliance.fleetLine(standing),
				rows.stream().filter(FleetRow::needsAttention).count());
	}

	private FleetRow row(ClusterStanding cluster) {
		Run latest = cluster.latestRun();
		String compliance = (cluster.compliant() != null)
				? cluster.compliant() + " of " + cluster.nodes() + " (" + FleetCompliance.percent(cluster.share()) + ")"
				: "not measured";
		String latestRun = (latest != null) ? "#" + latest.id() + ((latest.endedAt() != null) ? ", ended " + latest.endedAt()
				: (latest.startedAt() != null) ? ", started " + latest.startedAt() : "") : "none";
		return new FleetRow(cluster.cluster(), cluster.kind().value(), cluster.nodes(), compliance, latestRun,
				(latest != null) ? latest.id() : null,
				outcome(cluster), style(cluster), nextPatch(cluster), cluster.needsAttention(), cluster.refusal());
	}

	private static String outcome(ClusterStanding cluster) {
		if (!cluster.patchable()) {
			return "not patched";
		}
		return (cluster.latestRun() != null) ? cluster.latestRun().outcome().value() : "never patched";
	}

	private static String style(ClusterStanding cluster) {
		if (cluster.needsAttention()) {
			return "bad";
		}
		if (!cluster.patchable() || cluster.latestRun() == null) {
			return "muted";
		}
		RunOutcome outcome = cluster.latestRun().outcome();
		return (outcome == RunOutcome.COMPLIANT) ? "ok" : "warn";
	}

	/** As {@code cluster list} shows it: in the cluster's timezone, {@code (due)} once past. */
	private String nextPatch(ClusterStanding cluster) {
		if (cluster.nextPatch() == null) {
			return "-";
		}
		return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(cluster.nextPatch())
				+ (cluster.nextPatch().toInstant().isAfter(this.clock.instant()) ? "" : " (due)");
	}

}
