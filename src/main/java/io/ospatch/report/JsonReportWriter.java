package io.ospatch.report;

import java.io.Writer;
import java.time.Duration;
import java.time.Instant;

import io.ospatch.ansible.PackageChange;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * Writes a run's report as JSON with Jackson's streaming generator: the run, its summary, the CVEs
 * it fixed, an EKS run's node groups ({@code nodegroups}, by name; empty for other runs), then its
 * nodes one by one as they are read ({@code nodes}, in rolling order), then its
 * node events ({@code node_events}, in time order: {@code time}, {@code node}, {@code role},
 * {@code event}, {@code detail}; one array for the run rather than one per node, so that it also
 * holds the events of a node a stopped run cut off before recording its result, and reads as the
 * proof of what was out of service when). Times are ISO-8601 UTC, durations seconds.
 */
@Component
class JsonReportWriter {

	private final JsonMapper json = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/**
	 * Writes all but the nodes, then a node per node given, then a node event per event given;
	 * closing ends the document and closes {@code out}.
	 */
	NodeSink open(RunReport report, Writer out) {
		JsonGenerator json = this.json.createGenerator(out);
		json.writeStartObject();
		run(json, report);
		summary(json, report);
		json.writeArrayPropertyStart("cves_fixed");
		for (CveFix cve : report.cves()) {
			json.writeStartObject();
			json.writeStringProperty("id", cve.id());
			json.writeArrayPropertyStart("packages");
			cve.packages().forEach(json::writeString);
			json.writeEndArray();
			json.writeNumberProperty("nodes", cve.nodes());
			json.writeEndObject();
		}
		json.writeEndArray();
		nodegroups(json, report);
		json.writeArrayPropertyStart("nodes");
		return new NodeSink() {

			private boolean events;

			@Override
			public void accept(ReportNode node) {
				node(json, node);
			}

			@Override
			public void accept(NodeEvent event) {
				startEvents();
				JsonReportWriter.event(json, event);
			}

			@Override
			public void close() {
				try (json) {
					startEvents();
					json.writeEndArray();
					json.writeEndObject();
				}
			}

			/** The nodes end where the first node event, or the end of the document, comes. */
			private void startEvents() {
				if (!this.events) {
					this.events = true;
					json.writeEndArray();
					json.writeArrayPropertyStart("node_events");
				}
			}

		};
	}

	/** The same object as a line of {@code ospatch runs --id N --events --format json}. */
	private static void event(JsonGenerator json, NodeEvent event) {
		json.writeStartObject();
		json.writeStringProperty("time", iso(event.at()));
		json.writeStringProperty("node", event.nodeName());
		json.writeStringProperty("role", event.role());
		json.writeStringProperty("event", event.kind().value());
		json.writeStringProperty("detail", event.detail());
		json.writeEndObject();
	}

	private static void run(JsonGenerator json, RunReport report) {
		json.writeNumberProperty("run_id", report.run().id());
		json.writeStringProperty("cluster", report.clusterName());
		json.writeStringProperty("kind", report.clusterKind());
		json.writeStringProperty("trigger", report.run().trigger().value());
		json.writeStringProperty("launched_by", report.run().launchedBy());
		json.writeStringProperty("fire_time", iso(report.run().fireTime()));
		json.writeStringProperty("started_at", iso(report.run().startedAt()));
		json.writeStringProperty("ended_at", iso(report.run().endedAt()));
		Long seconds = seconds(report.run().startedAt(), report.run().endedAt());
		if (seconds != null) {
			json.writeNumberProperty("duration_seconds", seconds);
		}
		else {
			json.writeNullProperty("duration_seconds");
		}
		json.writeStringProperty("outcome", report.outcome());
		json.writeStringProperty("outcome_detail", report.reason());
		json.writeArrayPropertyStart("interruptions");
		for (RunReport.Interruption interruption : report.interruptions()) {
			json.writeStartObject();
			json.writeStringProperty("kind", interruption.kind());
			json.writeStringProperty("at", iso(interruption.at()));
			json.writeStringProperty("detail", interruption.detail());
			json.writeStringProperty("resumed_at", iso(interruption.resumedAt()));
			json.writeEndObject();
		}
		json.writeEndArray();
		json.writeStringProperty("generated_at", iso(report.generatedAt()));
	}

	private static void summary(JsonGenerator json, RunReport report) {
		RunFigures figures = report.figures();
		json.writeObjectPropertyStart("summary");
		json.writeNumberProperty("nodes", figures.total());
		for (NodeResultStatus status : NodeResultStatus.values()) {
			json.writeNumberProperty(status.value().replace('-', '_'), figures.count(status));
		}
		if (report.ofNodegroups()) {
			NodegroupFigures nodegroups = report.nodegroupFigures();
			json.writeNumberProperty("nodegroups", nodegroups.total());
			json.writeNumberProperty("nodegroups_up_to_date", nodegroups.upToDate());
			json.writeNumberProperty("nodegroups_failed", nodegroups.failed());
			json.writeNumberProperty("nodegroups_not_updatable", nodegroups.notUpdatable());
		}
		json.writeNumberProperty("compliant_before", figures.compliantBefore());
		json.writeNumberProperty("compliant_after", figures.compliantAfter());
		json.writeStringProperty("compliance", report.complianceLabel());
		json.writeArrayPropertyStart("targets");
		figures.targets().forEach((stream, target) -> {
			json.writeStartObject();
			json.writeStringProperty("distribution", stream.distribution());
			json.writeStringProperty("release", stream.release());
			json.writeStringProperty("target_version", target);
			json.writeEndObject();
		});
		json.writeEndArray();
		json.writeEndObject();
	}

	/** An EKS run's node groups, by name: the same fields as {@code ospatch runs --id N --format json}. */
	private static void nodegroups(JsonGenerator json, RunReport report) {
		json.writeArrayPropertyStart("nodegroups");
		for (NodegroupResult nodegroup : report.nodegroups()) {
			json.writeStartObject();
			json.writeStringProperty("name", nodegroup.nodegroup());
			json.writeStringProperty("status", (nodegroup.status() != null) ? nodegroup.status().value() : null);
			json.writeStringProperty("release_before", nodegroup.releaseBefore());
			json.writeStringProperty("release_after", nodegroup.releaseAfter());
			json.writeStringProperty("update_id", nodegroup.updateId());
			json.writeBooleanProperty("compliant", NodegroupFigures.compliant(nodegroup));
			json.writeStringProperty("started_at", iso(nodegroup.startedAt()));
			json.writeStringProperty("ended_at", iso(nodegroup.endedAt()));
			Long seconds = seconds(nodegroup.startedAt(), nodegroup.endedAt());
			if (seconds != null) {
				json.writeNumberProperty("duration_seconds", seconds);
			}
			else {
				json.writeNullProperty("duration_seconds");
			}
			json.writeStringProperty("error", nodegroup.error());
			json.writeEndObject();
		}
		json.writeEndArray();
	}

	private static void node(JsonGenerator json, ReportNode node) {
		NodeResult result = node.result();
		json.writeStartObject();
		json.writeNumberProperty("chunk", result.chunkNumber());
		json.writeStringProperty("node", result.nodeName());
		json.writeStringProperty("role", node.role());
		json.writeStringProperty("status", result.status().value());
		json.writeStringProperty("failure", result.failure());
		json.writeStringProperty("distribution", result.distribution());
		json.writeStringProperty("os_version_before", result.versionBefore());
		json.writeStringProperty("os_version_after", node.versionAfter());
		json.writeStringProperty("target_version", node.target());
		json.writeBooleanProperty("compliant", node.compliant());
		json.writeStringProperty("kernel_before", result.kernelBefore());
		json.writeStringProperty("kernel_after", node.kernelAfter());
		json.writeNumberProperty("packages_upgraded", result.packagesChanged());
		json.writeNumberProperty("security_updates", node.securityUpdates());
		json.writeArrayPropertyStart("packages");
		for (PackageChange change : node.packages()) {
			json.writeStartObject();
			json.writeStringProperty("name", change.name());
			json.writeStringProperty("from", change.from());
			json.writeStringProperty("to", change.to());
			json.writeBooleanProperty("security", change.security());
			json.writeArrayPropertyStart("cves");
			change.cves().forEach(json::writeString);
			json.writeEndArray();
			json.writeEndObject();
		}
		json.writeEndArray();
		json.writeArrayPropertyStart("held_packages");
		result.heldPackages().forEach(json::writeString);
		json.writeEndArray();
		json.writeBooleanProperty("rebooted", result.rebooted());
		json.writeNumberProperty("attempts", result.attempts());
		json.writeStringProperty("started_at", iso(result.startedAt()));
		json.writeStringProperty("ended_at", iso(result.endedAt()));
		Long seconds = seconds(result);
		if (seconds != null) {
			json.writeNumberProperty("duration_seconds", seconds);
		}
		else {
			json.writeNullProperty("duration_seconds");
		}
		json.writeStringProperty("error", result.error());
		json.writeEndObject();
	}

	/** ISO-8601 in UTC ({@code 2026-11-26T14:03:07Z}), or {@code null}. */
	static String iso(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	static Long seconds(NodeResult result) {
		return seconds(result.startedAt(), result.endedAt());
	}

	static Long seconds(Instant start, Instant end) {
		return (start != null && end != null) ? Duration.between(start, end).getSeconds() : null;
	}

}
