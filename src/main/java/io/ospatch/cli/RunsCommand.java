package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.notify.WebhookDeliveries;
import io.ospatch.notify.WebhookDelivery;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEventPages;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunHistory;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunSummary;
import io.ospatch.run.UnknownRunException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code ospatch runs [--cluster NAME] [--limit N] | --id N [--events] [--format text|json]}. */
@Command(name = "runs", mixinStandardHelpOptions = true,
		description = "List patch runs, newest first: id, cluster, trigger, started, ended, outcome and nodes by "
				+ "status; or show one run whole (--id) with its events and every node's result (an EKS run's node "
				+ "groups); or a run's node events "
				+ "(--id N --events): every state change of every node, in the order they happened.")
class RunsCommand implements Callable<Integer> {

	/** Output formats. */
	enum Format {

		text, json

	}

	private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster's runs.")
	String cluster;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N runs (default ${DEFAULT-VALUE}).")
	int limit;

	@Option(names = "--id", paramLabel = "N", description = "Show this run whole.")
	Long id;

	@Option(names = "--events", description = "With --id: the run's node events in time order (cordoned, drained, "
			+ "patching, rebooted, patched, ready, uncordoned, skipped, failed, deferred, left-out).")
	boolean events;

	@Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
			description = "text (default) or json: one object per run, with its nodes (or nodegroups) and events; "
					+ "with --events, "
					+ "JSON Lines: one object per node event, {time, node, role, event, detail}.")
	Format format;

	RunsCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		if (this.limit < 1) {
			throw new InvalidInputException("--limit must be at least 1, not " + this.limit);
		}
		if (this.id != null && this.cluster != null) {
			throw new InvalidInputException("--id shows one run: give --id or --cluster, not both");
		}
		if (this.events && this.id == null) {
			throw new InvalidInputException("--events shows one run's node events: give --id N");
		}
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.events) {
			this.beans.get(RunRepository.class).find(this.id).orElseThrow(() -> new UnknownRunException(this.id));
			printNodeEvents(out, this.beans.get(NodeEventPages.class).inTimeOrder(this.id), this.format);
			return ExitCodes.OK;
		}
		RunHistory history = this.beans.get(RunHistory.class);
		if (this.id != null) {
			RunSummary run = history.find(this.id).orElseThrow(() -> new UnknownRunException(this.id));
			RunMails.MailState mail = this.beans.get(RunMails.class).find(this.id).orElse(null);
			if (this.format == Format.json) {
				Map<String, Object> json = json(run);
				json.put("mail", json(mail));
				json.put("webhooks", webhooksJson(this.id));
				out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(json));
			}
			else {
				printRun(out, run, mail);
				printWebhooks(out, this.id);
			}
			return ExitCodes.OK;
		}
		if (this.cluster != null) {
			this.beans.get(FleetService.class).cluster(this.cluster); // an unknown cluster is bad input, not "no runs"
		}
		List<RunSummary> runs = history.recent(this.cluster, this.limit);
		if (this.format == Format.json) {
			out.println(JsonMapper.builder()
				.build()
				.writerWithDefaultPrettyPrinter()
				.writeValueAsString(runs.stream().map(RunsCommand::json).toList()));
		}
		else if (runs.isEmpty()) {
			out.println("no runs");
		}
		else {
			String row = "%-6s %-20s %-10s %-20s %-20s %-10s %s%n";
			out.printf(row, "RUN", "CLUSTER", "TRIGGER", "STARTED", "ENDED", "OUTCOME", "NODES");
			for (RunSummary run : runs) {
				out.printf(row, run.runId(), run.clusterName(), run.trigger(), time(run.startedAt()), time(run.endedAt()),
						run.outcome(), tally(run));
			}
		}
		return ExitCodes.OK;
	}

	private static void printRun(PrintWriter out, RunSummary run, RunMails.MailState mail) {
		out.printf("run %d of %s: %s%s%n", run.runId(), run.clusterName(), run.outcome(),
				(run.outcomeDetail() != null) ? ": " + run.outcomeDetail() : "");
		out.printf("  trigger:  %s by %s%n", run.trigger(), run.launchedBy());
		out.printf("  started:  %s%n  ended:    %s%n", time(run.startedAt()), time(run.endedAt()));
		if (run.ofNodegroups()) {
			out.printf("  node groups: %s%n", RunSummaryPrinter.nodegroupTally(run));
		}
		else {
			out.printf("  nodes:    %s%n", tally(run));
		}
		out.printf("  mail:     %s%n", mail(mail));
		out.println("  events:");
		for (RunEvent event : run.events()) {
			out.printf("    %s  %-12s %s%n", time(event.at()), event.kind(), (event.detail() != null) ? event.detail() : "");
		}
		if (run.ofNodegroups()) {
			out.printf("  %-28s %-13s %-22s %-22s %-36s %-10s %s%n", "NODEGROUP", "STATUS", "BEFORE", "AFTER",
					"UPDATE", "DURATION", "ERROR");
			for (NodegroupResult nodegroup : run.nodegroups()) {
				out.printf("  %-28s %-13s %-22s %-22s %-36s %-10s %s%n", nodegroup.nodegroup(),
						RunSummaryPrinter.status(nodegroup), dash(nodegroup.releaseBefore()), dash(nodegroup.releaseAfter()),
						dash(nodegroup.updateId()), RunSummaryPrinter.duration(nodegroup),
						RunSummaryPrinter.oneLine(nodegroup.error()));
			}
		}
		if (!run.nodes().isEmpty()) {
			out.printf("  %-22s %-5s %-15s %-12s %-12s %-8s %-8s %s%n", "NODE", "CHUNK", "STATUS", "BEFORE", "AFTER",
					"PACKAGES", "ATTEMPTS", "ERROR");
			for (NodeResult node : run.nodes()) {
				out.printf("  %-22s %-5d %-15s %-12s %-12s %-8d %-8d %s%n", node.nodeName(), node.chunkNumber(),
						node.status(), dash(node.versionBefore()), dash(node.versionAfter()), node.packagesChanged(),
						node.attempts(), (node.error() != null) ? node.error().replaceAll("\\s+", " ").strip() : "");
			}
		}
	}

	/**
	 * The run's webhook calls, their webhooks redacted, e.g.
	 * {@code 2026-11-25T02:00:01Z  halted  https://hooks.example.com/…  failed  3 attempts  HTTP 500: …};
	 * nothing for a run without any.
	 */
	private void printWebhooks(PrintWriter out, long runId) {
		List<WebhookDelivery> deliveries = this.beans.get(WebhookDeliveries.class).ofRun(runId);
		if (deliveries.isEmpty()) {
			return;
		}
		out.println("  webhooks:");
		for (WebhookDelivery delivery : deliveries) {
			out.printf("    %s  %-8s %-40s %-9s %d %-8s %s%n", time(delivery.at()), delivery.event(), delivery.target(),
					delivery.status(), delivery.attempts(), (delivery.attempts() == 1) ? "attempt" : "attempts",
					(delivery.error() != null) ? delivery.error().replaceAll("\\s+", " ").strip()
							: (delivery.httpStatus() != null) ? "HTTP " + delivery.httpStatus() : "");
		}
	}

	private List<Map<String, Object>> webhooksJson(long runId) {
		return this.beans.get(WebhookDeliveries.class).ofRun(runId).stream().map((delivery) -> {
			Map<String, Object> object = new LinkedHashMap<>();
			object.put("event", delivery.event());
			object.put("target", delivery.target());
			object.put("status", delivery.status());
			object.put("attempts", delivery.attempts());
			object.put("httpStatus", delivery.httpStatus());
			object.put("error", delivery.error());
			object.put("at", text(delivery.at()));
			return object;
		}).toList();
	}

	/**
	 * In text a table (time UTC to the millisecond, as their order within a second matters); in JSON
	 * one object per line and nothing else, so that {@code jq} and log shippers read it as it comes.
	 */
	private static void printNodeEvents(PrintWriter out, Iterable<NodeEvent> events, Format format) {
		JsonMapper mapper = JsonMapper.builder().build();
		String row = "%-24s %-22s %-13s %-10s %s";
		boolean any = false;
		for (NodeEvent event : events) {
			if (format == Format.json) {
				out.println(mapper.writeValueAsString(json(event)));
				continue;
			}
			if (!any) {
				out.println(String.format(row, "TIME (UTC)", "NODE", "ROLE", "EVENT", "DETAIL"));
			}
			out.println(String.format(row, EVENT_TIME.format(event.at()), event.nodeName(), event.role(), event.kind(),
					(event.detail() != null) ? event.detail().replaceAll("\\s+", " ").strip() : "").stripTrailing());
			any = true;
		}
		if (!any && format == Format.text) {
			out.println("no node events");
		}
		out.flush();
	}

	/** The JSON shape of a node event, the same as in the report's JSON. */
	private static Map<String, Object> json(NodeEvent event) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("time", text(event.at()));
		object.put("node", event.nodeName());
		object.put("role", event.role());
		object.put("event", event.kind().value());
		object.put("detail", event.detail());
		return object;
	}

	/** For example {@code sent 2026-11-29T00:41:02Z to sec@example.com (1 attempt)}, or {@code none}. */
	private static String mail(RunMails.MailState mail) {
		return (mail != null) ? mail.summary() : "none";
	}

	private static Map<String, Object> json(RunMails.MailState mail) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("status", (mail != null) ? mail.status() : null);
		object.put("detail", (mail != null) ? mail.detail() : null);
		object.put("at", (mail != null) ? text(mail.at()) : null);
		object.put("attempts", (mail != null) ? mail.attempts() : 0);
		return object;
	}

	/** The run's nodes by status; an EKS run's node groups, so named. */
	private static String tally(RunSummary run) {
		if (run.ofNodegroups()) {
			return "node groups: " + RunSummaryPrinter.nodegroupTally(run);
		}
		Map<NodeResultStatus, Long> counts = run.nodesByStatus();
		return counts.isEmpty() ? "none recorded" : RunSummaryPrinter.counts(counts);
	}

	/** The JSON shape of a run: plain maps, so the field names are the documented ones. */
	static Map<String, Object> json(RunSummary run) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("id", run.runId());
		object.put("cluster", run.clusterName());
		object.put("trigger", run.trigger().value());
		object.put("launchedBy", run.launchedBy());
		object.put("started", text(run.startedAt()));
		object.put("ended", text(run.endedAt()));
		object.put("outcome", run.outcome().value());
		object.put("detail", run.outcomeDetail());
		Map<String, Long> byStatus = new LinkedHashMap<>();
		for (NodeResultStatus status : NodeResultStatus.values()) {
			byStatus.put(status.value(), run.count(status));
		}
		object.put("nodesByStatus", byStatus);
		object.put("nodes", run.nodes().stream().map(RunsCommand::json).toList());
		object.put("nodegroups", run.nodegroups().stream().map(RunsCommand::json).toList());
		object.put("events", run.events().stream().map((event) -> {
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("at", text(event.at()));
			json.put("event", event.kind().value());
			json.put("detail", event.detail());
			return json;
		}).toList());
		return object;
	}

	private static Map<String, Object> json(NodegroupResult nodegroup) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("name", nodegroup.nodegroup());
		object.put("status", (nodegroup.status() != null) ? nodegroup.status().value() : null);
		object.put("releaseBefore", nodegroup.releaseBefore());
		object.put("releaseAfter", nodegroup.releaseAfter());
		object.put("updateId", nodegroup.updateId());
		object.put("error", nodegroup.error());
		object.put("started", text(nodegroup.startedAt()));
		object.put("ended", text(nodegroup.endedAt()));
		return object;
	}

	private static Map<String, Object> json(NodeResult node) {
		Map<String, Object> object = new LinkedHashMap<>();
		object.put("name", node.nodeName());
		object.put("chunk", node.chunkNumber());
		object.put("status", node.status().value());
		object.put("versionBefore", node.versionBefore());
		object.put("versionAfter", node.versionAfter());
		object.put("kernelBefore", node.kernelBefore());
		object.put("kernelAfter", node.kernelAfter());
		object.put("targetVersion", node.targetVersion());
		object.put("packagesChanged", node.packagesChanged());
		object.put("heldPackages", node.heldPackages());
		object.put("rebooted", node.rebooted());
		object.put("attempts", node.attempts());
		object.put("error", node.error());
		object.put("started", text(node.startedAt()));
		object.put("ended", text(node.endedAt()));
		return object;
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

	private static String dash(String value) {
		return (value != null) ? value : "-";
	}

}
