package io.ospatch.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.ospatch.OspatchProperties;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEventPages;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.NodeResultPages;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunRepository;

import org.springframework.stereotype.Service;

/**
 * Renders a run's report from the database: {@code <reportsDir>/<cluster>/<runId>.html}, with the
 * same data as {@code .json} and {@code .csv} beside it.
 *
 * <p>Runs of any size render in a small heap: a first pass over the nodes gathers the summary and
 * the CVEs fixed (counts only), then the three files are written in one more pass, the nodes, then
 * the node events, read a page at a time. A reader never sees a half-written file: each is written beside its final name and moved
 * over it.
 */
@Service
public class RunReports {

	private final RunRepository runs;

	private final RunEvents events;

	private final NodeResultPages nodes;

	private final NodeEventPages nodeEvents;

	private final NodegroupResultRepository nodegroups;

	private final HtmlReportWriter html;

	private final JsonReportWriter json;

	private final CsvReportWriter csv;

	private final Path reportsDir;

	private final Clock clock;

	RunReports(RunRepository runs, RunEvents events, NodeResultPages nodes, NodeEventPages nodeEvents,
			NodegroupResultRepository nodegroups, HtmlReportWriter html, JsonReportWriter json, CsvReportWriter csv,
			OspatchProperties properties, Clock clock) {
		this.runs = runs;
		this.events = events;
		this.nodes = nodes;
		this.nodeEvents = nodeEvents;
		this.nodegroups = nodegroups;
		this.html = html;
		this.json = json;
		this.csv = csv;
		this.reportsDir = properties.reportsDir().toAbsolutePath().normalize();
		this.clock = clock;
	}

	/**
	 * Renders the run's report into {@code <reportsDir>/<cluster>/<runId>.{html,json,csv}}, each
	 * written to a temporary file in the same directory, then moved over its name at once.
	 * @return where the files are
	 * @throws IllegalArgumentException if there is no such run
	 * @throws UncheckedIOException if a file cannot be written
	 */
	public ReportFiles render(long runId) {
		RunRepository.Run run = this.runs.find(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
		RunReport report = report(run);
		ReportFiles files = filesOf(run.clusterName(), runId);
		List<Path> temps = new ArrayList<>();
		try {
			Files.createDirectories(files.html().getParent());
			Path html = temp(files.html(), temps);
			Path json = temp(files.json(), temps);
			Path csv = temp(files.csv(), temps);
			try (Writer htmlOut = open(html); Writer jsonOut = open(json); Writer csvOut = open(csv);
					NodeSink jsonNodes = this.json.open(report, jsonOut); NodeSink csvNodes = this.csv.open(report, csvOut)) {
				Nodes nodes = new Nodes(runId, report.figures(), List.of(jsonNodes, csvNodes));
				Events events = new Events(runId, report.nodeEvents(), List.of(jsonNodes, csvNodes));
				this.html.write(report, nodes, events, htmlOut);
				if (!report.ofNodegroups()) {
					nodes.requireAllRead(); // an EKS run has no nodes: its report lists its node groups instead
				}
				events.requireAllRead();
			}
			move(csv, files.csv());
			move(json, files.json());
			move(html, files.html());
			return files;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the report of run " + runId + " in " + files.html().getParent() + ": "
					+ ex.getMessage(), ex);
		}
		finally {
			for (Path temp : temps) {
				try {
					Files.deleteIfExists(temp);
				}
				catch (IOException ex) {
					// a leftover temporary file is harmless: its name starts with a dot and ends in .tmp
				}
			}
		}
	}

	/** Where the run's report is (absolute paths), whether or not it has been rendered. */
	public ReportFiles filesOf(String clusterName, long runId) {
		return ReportFiles.of(this.reportsDir, clusterName, runId);
	}

	/** The first pass: summary and CVEs, keeping counts, never the nodes. */
	private RunReport report(RunRepository.Run run) {
		RunFigures.Builder figures = RunFigures.builder();
		CveFixes cves = new CveFixes();
		for (NodeResultDetail node : this.nodes.withCvePackages(run.id())) {
			figures.add(node.result());
			cves.add(node.packages());
		}
		return new RunReport(run, this.nodes.clusterKind(run.id()).orElse("unknown"),
				RunReport.interruptions(this.events.ofRun(run.id())), figures.build(),
				this.nodegroups.findByRun(run.id()), cves.fixes(),
				this.nodeEvents.count(run.id()), this.clock.instant());
	}

	private static Path temp(Path file, List<Path> temps) throws IOException {
		Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
		temps.add(temp);
		return temp;
	}

	private static Writer open(Path file) throws IOException {
		return new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 64 * 1024);
	}

	private static void move(Path temp, Path file) throws IOException {
		Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}

	/**
	 * The nodes as the HTML template iterates them, read once from the database: each node read is
	 * also handed to the JSON and CSV files, so the three files take one pass.
	 */
	private final class Nodes implements Iterable<ReportNode> {

		private final long runId;

		private final RunFigures figures;

		private final List<NodeSink> sinks;

		private Iterator<NodeResultDetail> details;

		Nodes(long runId, RunFigures figures, List<NodeSink> sinks) {
			this.runId = runId;
			this.figures = figures;
			this.sinks = sinks;
		}

		@Override
		public Iterator<ReportNode> iterator() {
			if (this.details != null) {
				throw new IllegalStateException("the nodes of a report are read once");
			}
			this.details = RunReports.this.nodes.inRollingOrder(this.runId).iterator();
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return Nodes.this.details.hasNext();
				}

				@Override
				public ReportNode next() {
					ReportNode node = ReportNode.of(Nodes.this.details.next(), Nodes.this.figures);
					Nodes.this.sinks.forEach((sink) -> sink.accept(node));
					return node;
				}

			};
		}

		/** The JSON and CSV files are complete only if the template went through every node. */
		void requireAllRead() {
			if (this.details == null || this.details.hasNext()) {
				throw new IllegalStateException("the report template did not list every node");
			}
		}

	}

	/**
	 * The node events as the HTML template iterates them, after the nodes, read once from the
	 * database in time order: each is also handed to the JSON file.
	 */
	private final class Events implements Iterable<ReportEvent> {

		private final long runId;

		private final long counted;

		private final List<NodeSink> sinks;

		private Iterator<NodeEvent> events;

		Events(long runId, long counted, List<NodeSink> sinks) {
			this.runId = runId;
			this.counted = counted;
			this.sinks = sinks;
		}

		@Override
		public Iterator<ReportEvent> iterator() {
			if (this.events != null) {
				throw new IllegalStateException("the node events of a report are read once");
			}
			this.events = RunReports.this.nodeEvents.inTimeOrder(this.runId).iterator();
			return new Iterator<>() {

				@Override
				public boolean hasNext() {
					return Events.this.events.hasNext();
				}

				@Override
				public ReportEvent next() {
					NodeEvent event = Events.this.events.next();
					Events.this.sinks.forEach((sink) -> sink.accept(event));
					return new ReportEvent(event);
				}

			};
		}

		/** The template lists the events unless there are none; when it does, it lists them all. */
		void requireAllRead() {
			if ((this.events == null) ? this.counted > 0 : this.events.hasNext()) {
				throw new IllegalStateException("the report template did not list every node event");
			}
		}

	}

}
