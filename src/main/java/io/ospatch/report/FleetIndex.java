package io.ospatch.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.ospatch.OspatchProperties;
import io.ospatch.report.FleetCompliance.ClusterStanding;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunRepository.Run;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.stereotype.Component;

/**
 * The fleet index, {@code <reports-dir>/index.html}: every cluster with its latest run, its
 * compliance, its next scheduled patch and links to its reports, those whose latest run failed,
 * halted or was missed first; then the clusters never patched and the kinds ospatch does not patch.
 *
 * <p>Rewritten whole from the database after each run. Several ospatch processes may rewrite it at
 * once: each writes a file of its own beside it and moves it into place in one step, so a reader
 * sees one whole index or the other, never a mix.
 */
@Component
public class FleetIndex {

	/** The file's name in the reports directory. */
	public static final String FILE_NAME = "index.html";

	/** Reports linked per cluster, newest first. */
	static final int REPORTS_PER_CLUSTER = 10;

	/** Runs looked at for those reports: runs without a report (missed fire times) are passed over. */
	private static final int RUNS_LOOKED_AT = 3 * REPORTS_PER_CLUSTER;

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '('VV')'");

	private final FleetCompliance compliance;

	private final RunRepository runs;

	private final ITemplateEngine templates;

	private final Path reportsDir;

	private final Clock clock;

	FleetIndex(FleetCompliance compliance, RunRepository runs, ITemplateEngine templates, OspatchProperties properties,
			Clock clock) {
		this.compliance = compliance;
		this.runs = runs;
		this.templates = templates;
		this.reportsDir = properties.reportsDir();
		this.clock = clock;
	}

	/** Where the index is. */
	public Path path() {
		return this.reportsDir.resolve(FILE_NAME);
	}

	/**
	 * Writes the index anew from the database.
	 * @return its path
	 * @throws java.io.UncheckedIOException if the reports directory cannot be written; the index
	 * there, if any, is left as it was
	 */
	public Path rewrite() {
		FleetCompliance.Standing standing = this.compliance.standing();
		Context context = new Context();
		context.setVariable("page", page(standing));
		String html = this.templates.process("index/index", context);
		return writeAtomically(html);
	}

	private FleetIndexPage page(FleetCompliance.Standing standing) {
		List<FleetIndexPage.Line> measured = standing.clusters()
			.stream()
			.filter((cluster) -> cluster.patchable() && !cluster.neverPatched())
			.map(this::line)
			.toList();
		List<FleetIndexPage.Unpatched> never = standing.clusters()
			.stream()
			.filter(ClusterStanding::neverPatched)
			.map((cluster) -> new FleetIndexPage.Unpatched(cluster.cluster(), cluster.kind().value(), cluster.nodes(),
					schedule(cluster), nextUtc(cluster), nextLocal(cluster), null))
			.toList();
		List<FleetIndexPage.Unpatched> refused = standing.clusters()
			.stream()
			.filter((cluster) -> !cluster.patchable())
			.map((cluster) -> new FleetIndexPage.Unpatched(cluster.cluster(), cluster.kind().value(), cluster.nodes(),
					"-", "-", "-", cluster.refusal()))
			.toList();
		String fleet = FleetCompliance.fleetLine(standing);
		return new FleetIndexPage(time(this.clock.instant()), fleet, measured, never, refused);
	}

	private FleetIndexPage.Line line(ClusterStanding cluster) {
		Run latest = cluster.latestRun();
		return new FleetIndexPage.Line(cluster.cluster(), cluster.kind().value(), cluster.needsAttention(),
				cluster.compliant() != null, cluster.nodes(), (cluster.compliant() != null) ? cluster.compliant().toString() : "-",
				FleetCompliance.percent(cluster.share()),
				(cluster.figuresRun() != null && cluster.figuresRun() != latest.id()) ? "measured by run " + cluster.figuresRun() : "",
				latest.id(), latest.outcome().value(), (latest.outcomeDetail() != null) ? latest.outcomeDetail() : "",
				time(latest.endedAt()), schedule(cluster), nextUtc(cluster),
				nextLocal(cluster), reports(cluster.cluster()), cluster.ofNodegroups() ? cluster.unit() : "");
	}

	/** The cluster's reports on disk, newest first, as links relative to the index. */
	private List<FleetIndexPage.Report> reports(String cluster) {
		return this.runs.recent(cluster, RUNS_LOOKED_AT)
			.stream()
			.filter((run) -> Files.isRegularFile(ReportFiles.of(this.reportsDir, cluster, run.id()).html()))
			.limit(REPORTS_PER_CLUSTER)
			.map((run) -> new FleetIndexPage.Report(cluster + "/" + run.id() + ".html", "run " + run.id(),
					run.outcome().value(), time((run.endedAt() != null) ? run.endedAt() : run.startedAt())))
			.toList();
	}

	private Path writeAtomically(String html) {
		Path index = path();
		try {
			Files.createDirectories(this.reportsDir);
			// not createTempFile: its owner-only mode would differ from the reports' beside it
			Path temporary = this.reportsDir.resolve(".index-" + UUID.randomUUID() + ".html.tmp");
			try {
				Files.writeString(temporary, html, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
						StandardOpenOption.WRITE);
				try {
					Files.move(temporary, index, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
				}
				catch (AtomicMoveNotSupportedException ex) {
					// same directory, so this is rare (some network file systems): the best that remains
					Files.move(temporary, index, StandardCopyOption.REPLACE_EXISTING);
				}
			}
			finally {
				Files.deleteIfExists(temporary);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write the fleet index " + index + ": " + ex.getMessage(), ex);
		}
		return index;
	}

	private static String schedule(ClusterStanding cluster) {
		return (cluster.schedule() != null) ? cluster.schedule() + " (" + cluster.timezone().getId() + ")" : "none";
	}

	private static String nextUtc(ClusterStanding cluster) {
		return (cluster.nextPatch() != null) ? time(cluster.nextPatch().toInstant()) : "-";
	}

	private static String nextLocal(ClusterStanding cluster) {
		ZonedDateTime next = cluster.nextPatch();
		return (next != null) ? LOCAL.format(next) : "-";
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString().replace('T', ' ').replace("Z", "") : "-";
	}

}
