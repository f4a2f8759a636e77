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
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import io.ospatch.OspatchProperties;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.NodeResultPages;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunRepository;

import org.springframework.stereotype.Service;

/**
 * Renders a run's report from the database: {@code <reportsDir>/<cluster>/<runId>.html}, with the
 * same data as {@code .json} and {@code .csv} beside it.
 *
 * <p>Runs of any size render in a small heap: a first pass over the nodes gathers the summary and
 * the CVEs fixed (counts only), then each file is written while the nodes are read again, a page at
 * a time. A reader never sees a half-written file: each is written beside its final name and moved
 * over it.
 */
@Service
public class RunReports {

	private final RunRepository runs;

	private final RunEvents events;

	private final NodeResultPages nodes;

	private final HtmlReportWriter html;

	private final JsonReportWriter json;

	private final CsvReportWriter csv;

	private final Path reportsDir;

	private final Clock clock;

	RunReports(RunRepository runs, RunEvents events, NodeResultPages nodes, HtmlReportWriter html, JsonReportWriter json,
			CsvReportWriter csv, OspatchProperties properties, Clock clock) {
		this.runs = runs;
		this.events = events;
		this.nodes = nodes;
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
		Iterable<ReportNode> rows = () -> StreamSupport.stream(this.nodes.inRollingOrder(runId).spliterator(), false)
			.map((detail) -> ReportNode.of(detail, report.figures()))
			.iterator();
		ReportFiles files = filesOf(run.clusterName(), runId);
		write(files.html(), (out) -> this.html.write(report, rows, out));
		write(files.json(), (out) -> this.json.write(report, rows, out));
		write(files.csv(), (out) -> this.csv.write(report, rows, out));
		return files;
	}

	/** Where the run's report is (absolute paths), whether or not it has been rendered. */
	public ReportFiles filesOf(String clusterName, long runId) {
		Path dir = this.reportsDir.resolve(clusterName).normalize();
		if (clusterName.isBlank() || !this.reportsDir.equals(dir.getParent())) {
			// cluster names are checked when clusters are added; this keeps a bad one out of other directories
			throw new IllegalArgumentException("not a cluster name for a report directory: " + clusterName);
		}
		return new ReportFiles(dir.resolve(runId + ".html"), dir.resolve(runId + ".json"), dir.resolve(runId + ".csv"));
	}

	/** The first pass: summary and CVEs, keeping counts, never the nodes. */
	private RunReport report(RunRepository.Run run) {
		RunFigures.Builder figures = RunFigures.builder();
		CveFixes cves = new CveFixes();
		for (NodeResultDetail node : this.nodes.inRollingOrder(run.id())) {
			figures.add(node.result());
			cves.add(node.packages());
		}
		return new RunReport(run, this.nodes.clusterKind(run.id()).orElse("unknown"),
				RunReport.interruptions(this.events.ofRun(run.id())), figures.build(), cves.fixes(), this.clock.instant());
	}

	private static void write(Path file, Consumer<Writer> content) {
		try {
			Files.createDirectories(file.getParent());
			Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
			try {
				try (Writer out = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 64 * 1024)) {
					content.accept(out);
				}
				Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the report " + file + ": " + ex.getMessage(), ex);
		}
	}

}
