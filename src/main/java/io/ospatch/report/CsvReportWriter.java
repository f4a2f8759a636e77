package io.ospatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

import io.ospatch.run.NodeResult;
import io.ospatch.run.NodegroupResult;

import org.springframework.stereotype.Component;

/**
 * Writes a run's nodes as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, a
 * quote or a line break), one row per node as it is read. A cell that a spreadsheet would take for
 * a formula (starting with {@code = + - @}, a tab or a carriage return) gets a leading {@code '}, so
 * that opening the file never runs what a package name or an error text carries.
 */
@Component
class CsvReportWriter {

	static final List<String> HEADER = List.of("run_id", "cluster", "chunk", "node", "role", "status", "failure",
			"distribution", "os_version_before", "os_version_after", "target_version", "compliant", "kernel_before",
			"kernel_after", "packages_upgraded", "security_updates", "packages", "cves", "held_packages", "rebooted",
			"attempts", "started_at", "ended_at", "duration_seconds", "error");

	/** An EKS run's columns: it has node groups where other runs have nodes. */
	static final List<String> NODEGROUP_HEADER = List.of("run_id", "cluster", "nodegroup", "status", "release_before",
			"release_after", "update_id", "compliant", "started_at", "ended_at", "duration_seconds", "error");

	/**
	 * Writes the header row, then a row per node given; closing flushes (the caller closes {@code out}).
	 * An EKS run's file holds its node groups instead, all written at once.
	 */
	NodeSink open(RunReport report, Writer out) {
		if (report.ofNodegroups()) {
			write(out, NODEGROUP_HEADER);
			report.nodegroups().forEach((nodegroup) -> write(out, row(report, nodegroup)));
		}
		else {
			write(out, HEADER);
		}
		return new NodeSink() {

			@Override
			public void accept(ReportNode node) {
				write(out, row(report, node));
			}

			@Override
			public void close() {
				try {
					out.flush();
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}

		};
	}

	private static List<String> row(RunReport report, ReportNode node) {
		NodeResult result = node.result();
		return List.of(Long.toString(report.run().id()), report.clusterName(), Integer.toString(result.chunkNumber()),
				text(result.nodeName()), text(node.role()), result.status().value(), text(result.failure()),
				text(result.distribution()), text(result.versionBefore()), text(node.versionAfter()), text(node.target()),
				node.compliantLabel(), text(result.kernelBefore()), text(node.kernelAfter()),
				Integer.toString(result.packagesChanged()), Long.toString(node.securityUpdates()), node.packagesLine(),
				String.join(" ", node.cves()), node.heldLabel(), node.rebootedLabel(), Integer.toString(result.attempts()),
				text(JsonReportWriter.iso(result.startedAt())), text(JsonReportWriter.iso(result.endedAt())),
				text(JsonReportWriter.seconds(result)), text(result.error()));
	}

	private static List<String> row(RunReport report, NodegroupResult nodegroup) {
		return List.of(Long.toString(report.run().id()), report.clusterName(), text(nodegroup.nodegroup()),
				text(nodegroup.status()), text(nodegroup.releaseBefore()), text(nodegroup.releaseAfter()),
				text(nodegroup.updateId()), NodegroupFigures.compliant(nodegroup) ? "yes" : "no",
				text(JsonReportWriter.iso(nodegroup.startedAt())), text(JsonReportWriter.iso(nodegroup.endedAt())),
				text(JsonReportWriter.seconds(nodegroup.startedAt(), nodegroup.endedAt())), text(nodegroup.error()));
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : "";
	}

	private static void write(Writer out, List<String> cells) {
		try {
			for (int i = 0; i < cells.size(); i++) {
				if (i > 0) {
					out.write(',');
				}
				out.write(cell(cells.get(i)));
			}
			out.write("\r\n");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** One cell, defused and quoted as needed. */
	static String cell(String value) {
		String text = (value != null) ? value : "";
		if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
			text = "'" + text;
		}
		if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
			return '"' + text.replace("\"", "\"\"") + '"';
		}
		return text;
	}

}
