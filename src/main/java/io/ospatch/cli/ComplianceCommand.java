package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ospatch.report.FleetCompliance;
import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.report.FleetCompliance.Standing;
import io.ospatch.run.RunRepository.Run;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code ospatch compliance [--format text|json]}. */
@Command(name = "compliance", mixinStandardHelpOptions = true,
		description = { "Print the fleet's compliance. Per cluster: its nodes, those on the latest patch",
				"release of their OS stream after its latest run of all its nodes, its latest run",
				"and outcome, its next scheduled patch. Clusters whose latest run failed, halted or",
				"was missed come first, then by name; then the fleet total (compliant nodes over nodes of the",
				"clusters measured). Clusters never patched and kinds ospatch does not patch are",
				"listed with their registered nodes, and count in no total. Changes nothing.", "",
				"JSON keys (--format json), times ISO-8601:",
				"  clusters: [{cluster, kind, nodes, compliant (null: not measured),",
				"    share (0-1; null: not measured), complianceRun (the run measured),",
				"    latestRun ({id, outcome, detail, ended} or null), schedule, timezone,",
				"    nextPatch (UTC), nextPatchLocal (with the timezone's offset),",
				"    refusal (why ospatch does not patch its kind, or null)}]",
				"  fleet: {clusters (measured), nodes, compliant, share}" })
class ComplianceCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
			description = "text (default) or json: the same figures, keys as above.")
	RunsCommand.Format format;

	ComplianceCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		Standing standing = this.beans.get(FleetCompliance.class).standing();
		if (this.format == RunsCommand.Format.json) {
			out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json(standing)));
			return ExitCodes.OK;
		}
		if (standing.clusters().isEmpty()) {
			out.println("no clusters");
			return ExitCodes.OK;
		}
		String row = "%-20s %-11s %5s %9s %6s %6s %-13s %s%n";
		out.printf(row, "CLUSTER", "KIND", "NODES", "COMPLIANT", "SHARE", "RUN", "OUTCOME", "NEXT PATCH");
		for (ClusterStanding cluster : standing.clusters()) {
			Run latest = cluster.latestRun();
			out.printf(row, cluster.cluster(), cluster.kind(), cluster.nodes(),
					(cluster.compliant() != null) ? cluster.compliant() : "-", FleetCompliance.percent(cluster.share()),
					(latest != null) ? latest.id() : "-", outcome(cluster),
					(cluster.nextPatch() != null) ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(cluster.nextPatch()) : "-");
		}
		out.println("fleet: " + FleetCompliance.fleetLine(standing));
		for (ClusterStanding cluster : standing.clusters()) {
			if (cluster.ofNodegroups() && cluster.patchable()) {
				out.printf("counted in node groups (compliant: up to date): %s (%s)%n", cluster.cluster(), cluster.kind());
			}
		}
		for (ClusterStanding cluster : standing.clusters()) {
			if (!cluster.patchable()) {
				out.printf("not patched by ospatch: %s (%s): %s%n", cluster.cluster(), cluster.kind(), cluster.refusal());
			}
		}
		return ExitCodes.OK;
	}

	private static String outcome(ClusterStanding cluster) {
		if (!cluster.patchable()) {
			return "not patched";
		}
		return (cluster.latestRun() != null) ? cluster.latestRun().outcome().value() : "never patched";
	}

	private static long measured(Standing standing) {
		return standing.clusters().stream().filter((cluster) -> cluster.compliant() != null).count();
	}

	/** The JSON shape: plain maps, so the keys are the documented ones. */
	static Map<String, Object> json(Standing standing) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("clusters", standing.clusters().stream().map(ComplianceCommand::json).toList());
		Map<String, Object> fleet = new LinkedHashMap<>();
		fleet.put("clusters", measured(standing));
		fleet.put("nodes", standing.nodes());
		fleet.put("compliant", standing.compliant());
		fleet.put("share", standing.share().orElse(null));
		fleet.put("nodegroups", standing.nodegroups());
		fleet.put("compliantNodegroups", standing.compliantNodegroups());
		fleet.put("nodegroupShare", standing.nodegroupShare().orElse(null));
		object.put("fleet", fleet);
		return object;
	}

	private static Map<String, Object> json(ClusterStanding cluster) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("cluster", cluster.cluster());
		object.put("kind", cluster.kind().value());
		object.put("nodes", cluster.nodes());
		object.put("compliant", cluster.compliant());
		object.put("share", cluster.share().orElse(null));
		object.put("complianceRun", cluster.figuresRun());
		Run latest = cluster.latestRun();
		if (latest != null) {
			Map<String, Object> run = new LinkedHashMap<>();
			run.put("id", latest.id());
			run.put("outcome", latest.outcome().value());
			run.put("detail", latest.outcomeDetail());
			run.put("ended", text(latest.endedAt()));
			object.put("latestRun", run);
		}
		else {
			object.put("latestRun", null);
		}
		object.put("schedule", cluster.schedule());
		object.put("timezone", cluster.timezone().getId());
		object.put("nextPatch", (cluster.nextPatch() != null) ? text(cluster.nextPatch().toInstant()) : null);
		object.put("nextPatchLocal",
				(cluster.nextPatch() != null) ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(cluster.nextPatch()) : null);
		object.put("refusal", cluster.refusal());
		object.put("unit", cluster.unit());
		return object;
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
