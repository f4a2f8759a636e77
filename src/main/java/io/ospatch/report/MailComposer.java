package io.ospatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunRepository;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * Writes a run's mail: the subject, an HTML body made for mail clients (tables, inline styles, no
 * external resources) with its plain-text alternative, and the report's HTML and CSV attached. Only
 * the run, its node results and its report's files go in: nothing of the cluster's connection
 * settings. The templates escape every value.
 */
@Component
class MailComposer {

	/**
	 * Statuses that always need someone's attention; other nodes only when they are not compliant. A
	 * deferred node is still unpatched, and a left-out one is cordoned by someone who may have
	 * forgotten it: both are named, even where their old version happens to be current.
	 */
	private static final Set<NodeResultStatus> ATTENTION = EnumSet.of(NodeResultStatus.SKIPPED, NodeResultStatus.FAILED,
			NodeResultStatus.UNREACHABLE, NodeResultStatus.NOT_ATTEMPTED, NodeResultStatus.DEFERRED,
			NodeResultStatus.LEFT_OUT);

	/** Counted in the subject when not zero, in this order. */
	private static final List<NodeResultStatus> SUBJECT_COUNTS = List.of(NodeResultStatus.SKIPPED, NodeResultStatus.FAILED,
			NodeResultStatus.UNREACHABLE, NodeResultStatus.NOT_ATTEMPTED, NodeResultStatus.DEFERRED,
			NodeResultStatus.LEFT_OUT);

	/** The node groups of an EKS run that need someone: not updated, and not on their way to it. */
	private static final Set<NodegroupStatus> NODEGROUP_ATTENTION = EnumSet.of(NodegroupStatus.FAILED,
			NodegroupStatus.CANCELLED, NodegroupStatus.TIMED_OUT, NodegroupStatus.NOT_UPDATABLE,
			NodegroupStatus.NOT_ATTEMPTED, NodegroupStatus.DEFERRED);

	private static final Unit NODES = new Unit("nodes", "Nodes", "Node", "Version");

	private static final Unit NODEGROUPS = new Unit("node groups", "Node groups", "Node group", "Release");

	private static final int ERROR_LENGTH = 500;

	private final ITemplateEngine templates;

	private final MailProperties properties;

	MailComposer(ITemplateEngine templates, MailProperties properties) {
		this.templates = templates;
		this.properties = properties;
	}

	MailContent compose(RunRepository.Run run, List<NodeResult> results, ReportFiles files) {
		return compose(run, results, List.of(), files);
	}

	/** An EKS run (one with node-group results) gets its node groups where other runs have nodes. */
	MailContent compose(RunRepository.Run run, List<NodeResult> results, List<NodegroupResult> nodegroups,
			ReportFiles files) {
		if (!nodegroups.isEmpty()) {
			return composeNodegroups(run, nodegroups, files);
		}
		RunFigures.Builder builder = RunFigures.builder();
		results.forEach(builder::add);
		RunFigures figures = builder.build();
		List<Row> attention = new ArrayList<>();
		long needingAttention = 0;
		for (NodeResult node : results) {
			boolean compliant = figures.compliantAfter(node);
			if (ATTENTION.contains(node.status()) || !compliant) {
				needingAttention++;
				if (attention.size() < this.properties.maxListedNodes()) {
					attention.add(row(node, figures, compliant));
				}
			}
		}
		List<MailContent.Attachment> attachments = new ArrayList<>();
		List<String> notAttached = new ArrayList<>();
		attachReport(run, files, attachments, notAttached);
		View view = new View(run.clusterName(), run.id(), run.outcome().value(), run.outcomeDetail(),
				run.trigger().value() + ((run.launchedBy() != null) ? " by " + run.launchedBy() : ""), ReportTimes.time(run.startedAt()),
				ReportTimes.time(run.endedAt()), counts(figures), figures.total(), figures.compliantBefore(), figures.compliantAfter(),
				figures.targets().isEmpty() ? "unknown" : figures.targetsLabel(), attention,
				needingAttention - attention.size(), (files != null && files.html() != null) ? files.html().toString() : null,
				attachments.stream().map(MailContent.Attachment::name).toList(), notAttached, NODES);
		return content(subject(run, figures), view, attachments);
	}

	/**
	 * The same mail for an EKS run, counted in node groups: "compliant" is up to date after the run
	 * ({@link NodegroupFigures}), and those that were current before are the ones AWS had no update for.
	 */
	private MailContent composeNodegroups(RunRepository.Run run, List<NodegroupResult> nodegroups, ReportFiles files) {
		NodegroupFigures figures = NodegroupFigures.of(nodegroups);
		List<Row> attention = new ArrayList<>();
		long needingAttention = 0;
		for (NodegroupResult nodegroup : nodegroups) {
			if (nodegroup.status() != null && NODEGROUP_ATTENTION.contains(nodegroup.status())) {
				needingAttention++;
				if (attention.size() < this.properties.maxListedNodes()) {
					attention.add(row(nodegroup));
				}
			}
		}
		List<MailContent.Attachment> attachments = new ArrayList<>();
		List<String> notAttached = new ArrayList<>();
		attachReport(run, files, attachments, notAttached);
		long currentBefore = nodegroups.stream().filter((nodegroup) -> nodegroup.status() == NodegroupStatus.CURRENT).count();
		View view = new View(run.clusterName(), run.id(), run.outcome().value(), run.outcomeDetail(),
				run.trigger().value() + ((run.launchedBy() != null) ? " by " + run.launchedBy() : ""), ReportTimes.time(run.startedAt()),
				ReportTimes.time(run.endedAt()), nodegroupCounts(nodegroups), figures.total(), currentBefore,
				figures.upToDate(), "the latest AMI release of each node group's Kubernetes version", attention,
				needingAttention - attention.size(), (files != null && files.html() != null) ? files.html().toString() : null,
				attachments.stream().map(MailContent.Attachment::name).toList(), notAttached, NODEGROUPS);
		return content(nodegroupSubject(run, figures), view, attachments);
	}

	private MailContent content(String subject, View view, List<MailContent.Attachment> attachments) {
		Context context = new Context(Locale.ROOT);
		context.setVariable("run", view);
		return new MailContent(subject, this.templates.process(MailTemplates.HTML, context),
				this.templates.process(MailTemplates.TEXT, context), attachments);
	}

	private void attachReport(RunRepository.Run run, ReportFiles files, List<MailContent.Attachment> attachments,
			List<String> notAttached) {
		if (files != null) {
			attach(files.html(), name(run, "html"), "text/html", attachments, notAttached);
			attach(files.csv(), name(run, "csv"), "text/csv", attachments, notAttached);
		}
	}

	/** For example {@code [ospatch] shop: 2/4 node groups up to date, 1 failed, 1 not updatable}. */
	static String nodegroupSubject(RunRepository.Run run, NodegroupFigures figures) {
		StringBuilder subject = new StringBuilder("[ospatch] ").append(run.clusterName())
			.append(": ")
			.append(figures.upToDate())
			.append('/')
			.append(figures.total())
			.append(" node groups up to date");
		if (figures.failed() > 0) {
			subject.append(", ").append(figures.failed()).append(" failed");
		}
		if (figures.notUpdatable() > 0) {
			subject.append(", ").append(figures.notUpdatable()).append(" not updatable");
		}
		return subject.toString().replaceAll("\\p{Cntrl}", " ");
	}

	private static Row row(NodegroupResult nodegroup) {
		String before = (nodegroup.releaseBefore() != null) ? nodegroup.releaseBefore() : "?";
		String after = nodegroup.releaseAfter();
		String release = (after == null || after.equals(before)) ? before : before + " → " + after;
		String error = (nodegroup.error() != null) ? nodegroup.error().replaceAll("\\s+", " ").strip() : "";
		if (error.length() > ERROR_LENGTH) {
			error = error.substring(0, ERROR_LENGTH - 3) + "...";
		}
		if (error.isEmpty() && nodegroup.status() == NodegroupStatus.DEFERRED) {
			error = "not reached before the maintenance window closed; the next run starts with it";
		}
		return new Row(nodegroup.nodegroup(), nodegroup.status().value().replace('-', ' '),
				NodegroupFigures.compliant(nodegroup) ? "yes" : "no", release, "latest", error);
	}

	private static String nodegroupCounts(List<NodegroupResult> nodegroups) {
		Map<NodegroupStatus, Long> counts = nodegroups.stream()
			.filter((nodegroup) -> nodegroup.status() != null)
			.collect(Collectors.groupingBy(NodegroupResult::status, () -> new EnumMap<>(NodegroupStatus.class),
					Collectors.counting()));
		String text = counts.entrySet()
			.stream()
			.map((count) -> count.getValue() + " " + count.getKey().value().replace('-', ' '))
			.collect(Collectors.joining(", "));
		return text.isEmpty() ? "none recorded" : text;
	}

	/** For example {@code [ospatch] prod-eu-1: 12/14 nodes compliant, 2 skipped (Debian 12.12)}. */
	static String subject(RunRepository.Run run, RunFigures figures) {
		StringBuilder subject = new StringBuilder("[ospatch] ").append(run.clusterName())
			.append(": ")
			.append(figures.compliantAfter())
			.append('/')
			.append(figures.total())
			.append(" nodes compliant");
		for (NodeResultStatus status : SUBJECT_COUNTS) {
			if (figures.count(status) > 0) {
				subject.append(", ").append(figures.count(status)).append(' ').append(label(status));
			}
		}
		if (!figures.targets().isEmpty()) {
			subject.append(" (")
				.append(figures.targets()
					.entrySet()
					.stream()
					.map((target) -> target.getKey().distribution() + " " + target.getValue())
					.collect(Collectors.joining(", ")))
				.append(')');
		}
		// a header is one line, whatever a name or a version holds
		return subject.toString().replaceAll("\\p{Cntrl}", " ");
	}

	private static Row row(NodeResult node, RunFigures figures, boolean compliant) {
		String before = (node.versionBefore() != null) ? node.versionBefore() : "?";
		String after = RunFigures.versionAfter(node);
		String version = (after == null || after.equals(before)) ? before : before + " → " + after;
		String error = (node.error() != null) ? node.error().replaceAll("\\s+", " ").strip() : "";
		if (error.length() > ERROR_LENGTH) {
			error = error.substring(0, ERROR_LENGTH - 3) + "...";
		}
		String why = (node.failure() != null && !error.isEmpty()) ? node.failure() + ": " + error : error;
		if (why.isEmpty()) {
			why = switch (node.status()) {
				case DEFERRED -> "not reached before the maintenance window closed; the next run starts with it";
				case LEFT_OUT -> "cordoned by someone else: not touched";
				default -> why;
			};
		}
		return new Row(node.nodeName(), label(node.status()), compliant ? "yes" : "no", version,
				figures.target(node).orElse("unknown"), why);
	}

	private void attach(Path file, String name, String contentType, List<MailContent.Attachment> attachments,
			List<String> notAttached) {
		if (file == null) {
			return;
		}
		long size;
		try {
			size = Files.size(file);
		}
		catch (IOException ex) {
			notAttached.add(name + ": not found at " + file);
			return;
		}
		DataSize limit = this.properties.attachmentMaxSize();
		if (size > limit.toBytes()) {
			notAttached.add(name + ": " + megabytes(size) + ", over the " + megabytes(limit.toBytes())
					+ " attachment limit; it is at " + file);
			return;
		}
		attachments.add(new MailContent.Attachment(name, file, contentType));
	}

	/** For example {@code prod-eu-1-run-42.html}. */
	static String name(RunRepository.Run run, String extension) {
		return run.clusterName() + "-run-" + run.id() + "." + extension;
	}

	private static String counts(RunFigures figures) {
		String counts = EnumSet.allOf(NodeResultStatus.class)
			.stream()
			.filter((status) -> figures.count(status) > 0)
			.map((status) -> figures.count(status) + " " + label(status))
			.collect(Collectors.joining(", "));
		return counts.isEmpty() ? "none recorded" : counts;
	}

	private static String label(NodeResultStatus status) {
		return status.value().replace('-', ' ');
	}

	private static String megabytes(long bytes) {
		return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}

	/**
	 * What the templates show, every value already text.
	 *
	 * @param cluster the cluster's name
	 * @param id the run's id
	 * @param outcome how it ended
	 * @param reason why it halted, or {@code null}
	 * @param trigger what launched it, by whom
	 * @param started when it started
	 * @param ended when it ended
	 * @param counts nodes per status
	 * @param total nodes in the run
	 * @param compliantBefore nodes compliant when it started
	 * @param compliantAfter nodes compliant when it ended
	 * @param targets target release per OS stream
	 * @param attention the nodes that need attention, as many as listed
	 * @param more those needing attention beyond the ones listed
	 * @param report the path of the HTML report, or {@code null}
	 * @param attached names of the attached files
	 * @param notAttached report files not attached, each with why and where it is
	 * @param unit what the run counts: nodes, or an EKS run's node groups
	 */
	record View(String cluster, long id, String outcome, String reason, String trigger, String started, String ended,
			String counts, long total, long compliantBefore, long compliantAfter, String targets, List<Row> attention,
			long more, String report, List<String> attached, List<String> notAttached, Unit unit) {
	}

	/**
	 * The words for what a run counts.
	 *
	 * @param plural in a sentence ({@code 12 of 14 nodes compliant})
	 * @param title as a heading
	 * @param column heading of the attention table's name column
	 * @param version heading of its version column
	 */
	record Unit(String plural, String title, String column, String version) {

		/** The plain-text mail's label of the counts line, padded to line up with the others. */
		public String textLabel() {
			return String.format(Locale.ROOT, "%-13s", this.title + ":");
		}

		/** The plain-text mail's word for the version of a listed node or node group. */
		public String textVersion() {
			return this.version.toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * A node that needs attention.
	 *
	 * @param node its name
	 * @param status what the run did to it
	 * @param compliant {@code yes} or {@code no}, after the run
	 * @param version its OS version, before → after
	 * @param target the latest patch release of its stream
	 * @param error why it failed, or empty
	 */
	record Row(String node, String status, String compliant, String version, String target, String error) {
	}

}
