package io.ospatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.ospatch.report.RunReports;
import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunSummary;

/** Prints what a launch did: per cluster its outcome and every node's (or node group's) before → after. */
final class RunSummaryPrinter {

	private RunSummaryPrinter() {
	}

	static void print(PrintWriter out, LaunchOutcome outcome) {
		print(out, outcome, (run) -> Optional.empty());
	}

	/** With each run's report, where it was written. */
	static void print(PrintWriter out, LaunchOutcome outcome, RunReports reports) {
		print(out, outcome, (run) -> Optional.of(reports.filesOf(run.clusterName(), run.runId()).html())
			.filter(Files::isRegularFile));
	}

	private static void print(PrintWriter out, LaunchOutcome outcome, Function<RunSummary, Optional<Path>> reportOf) {
		Map<NodeResultStatus, Integer> totals = new EnumMap<>(NodeResultStatus.class);
		for (RunSummary run : outcome.runs()) {
			out.println();
			String took = (run.endedAt() != null) ? " in " + seconds(Duration.between(run.startedAt(), run.endedAt())) : "";
			out.printf("%s: %s (run %d%s%s)%s%n", run.clusterName(), run.outcome(), run.runId(),
					run.resumed() ? ", resumed," : "", took,
					(run.outcomeDetail() != null) ? ": " + run.outcomeDetail() : "");
			reportOf.apply(run).ifPresent((html) -> out.printf("  report: %s%n", html));
			if (run.ofNodegroups()) {
				printNodegroups(out, run);
				continue;
			}
			if (run.nodes().isEmpty()) {
				out.println("  no nodes");
				continue;
			}
			out.printf("  %-22s %-5s %-15s %-12s %-12s %-8s %-8s %-8s %s%n", "NODE", "CHUNK", "STATUS", "BEFORE",
					"AFTER", "PACKAGES", "REBOOTED", "ATTEMPTS", "DETAIL");
			for (NodeResult node : run.nodes()) {
				totals.merge(node.status(), 1, Integer::sum);
				out.printf("  %-22s %-5d %-15s %-12s %-12s %-8d %-8s %-8d %s%n", node.nodeName(), node.chunkNumber(),
						node.status(), orDash(node.versionBefore()), orDash(node.versionAfter()), node.packagesChanged(),
						node.rebooted() ? "yes" : "no", node.attempts(), detail(node));
			}
		}
		outcome.busy().forEach((cluster, why) -> out.printf("%n%s: busy, not patched: %s%n", cluster, why));
		outcome.notPatchable().forEach((cluster, why) -> out.printf("%n%s: not patched: %s%n", cluster, why));
		outcome.nothingToDo().forEach((cluster, why) -> out.printf("%n%s: nothing to patch: %s%n", cluster, why));
		out.println();
		out.println(summaryLine(outcome, totals));
	}

	/** An EKS run's units: each node group's release before → after, then the tally. */
	private static void printNodegroups(PrintWriter out, RunSummary run) {
		out.printf("  %-28s %-13s %-22s %-22s %-10s %s%n", "NODEGROUP", "STATUS", "BEFORE", "AFTER", "DURATION", "ERROR");
		for (NodegroupResult nodegroup : run.nodegroups()) {
			out.printf("  %-28s %-13s %-22s %-22s %-10s %s%n", nodegroup.nodegroup(), status(nodegroup),
					orDash(nodegroup.releaseBefore()), orDash(nodegroup.releaseAfter()), duration(nodegroup),
					oneLine(nodegroup.error()));
		}
		out.printf("  %s: run %d %s: %s%n", run.clusterName(), run.runId(), run.outcome(), nodegroupTally(run));
	}

	/** {@code 2 successful, 1 current}: the run's node groups by status, unfinished updates last. */
	static String nodegroupTally(RunSummary run) {
		Map<String, Long> counts = run.nodegroupsByStatus();
		return counts.isEmpty() ? "none recorded" : counts(counts);
	}

	/** A node group's status, or {@code unfinished} for an update still followed (or left by a killed run). */
	static String status(NodegroupResult nodegroup) {
		return nodegroup.unfinished() ? "unfinished" : nodegroup.status().value();
	}

	/** How long the node group's update took, or {@code -} while unfinished or when none was sent. */
	static String duration(NodegroupResult nodegroup) {
		return (nodegroup.startedAt() != null && nodegroup.endedAt() != null)
				? seconds(Duration.between(nodegroup.startedAt(), nodegroup.endedAt())) : "-";
	}

	static String oneLine(String error) {
		if (error == null) {
			return "";
		}
		String line = error.replaceAll("\\s+", " ").strip();
		return (line.length() > 160) ? line.substring(0, 157) + "..." : line;
	}

	/** Each cluster counted by what happened to it: a halted run is not "patched". */
	static String summaryLine(LaunchOutcome outcome, Map<NodeResultStatus, Integer> nodeTotals) {
		Map<RunOutcome, Integer> runs = new EnumMap<>(RunOutcome.class);
		outcome.runs().forEach((run) -> runs.merge(run.outcome(), 1, Integer::sum));
		StringBuilder line = new StringBuilder("summary: ").append(outcome.runs().size()).append(" cluster(s)");
		if (!runs.isEmpty()) {
			line.append(": ").append(counts(runs));
		}
		line.append("; ").append(outcome.busy().size()).append(" busy");
		if (!outcome.notPatchable().isEmpty()) {
			line.append("; ").append(outcome.notPatchable().size()).append(" not patchable");
		}
		if (!outcome.nothingToDo().isEmpty()) {
			line.append("; ").append(outcome.nothingToDo().size()).append(" with nothing to patch");
		}
		return line.append("; nodes: ").append(nodeTotals.isEmpty() ? "none" : counts(nodeTotals)).toString();
	}

	/** {@code 2 patched, 1 skipped}: each count and what it counts, in the map's order. */
	static String counts(Map<?, ? extends Number> counts) {
		return counts.entrySet()
			.stream()
			.map((count) -> count.getValue() + " " + count.getKey())
			.collect(Collectors.joining(", "));
	}

	private static String detail(NodeResult node) {
		StringBuilder detail = new StringBuilder();
		if (!node.heldPackages().isEmpty()) {
			detail.append("held ").append(String.join(",", node.heldPackages()));
		}
		if (node.error() != null) {
			if (!detail.isEmpty()) {
				detail.append("; ");
			}
			String error = node.error().replaceAll("\\s+", " ").strip();
			detail.append((node.failure() != null) ? node.failure() + ": " : "")
				.append((error.length() > 160) ? error.substring(0, 157) + "..." : error);
		}
		return detail.toString();
	}

	private static String orDash(String value) {
		return (value != null) ? value : "-";
	}

	static String seconds(Duration duration) {
		long seconds = duration.toSeconds();
		return (seconds >= 60) ? (seconds / 60) + "m " + (seconds % 60) + "s" : seconds + "s";
	}

}
