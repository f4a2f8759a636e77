package io.ospatch.web.runs;

import java.nio.file.Files;
import java.nio.file.Path;

import io.ospatch.report.RunReports;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunRepository.Run;
import io.ospatch.run.UnknownRunException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;

/**
 * A run's report as the server hands it out, for the console and the API alike: the files that the
 * run's end (or {@code ospatch report --run}) wrote where {@link RunReports} puts them, never rendered
 * in a request.
 */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RunReportFiles {

	/**
	 * The HTML report is self-contained with one inline stylesheet: that, and nothing else. It is
	 * sandboxed (no scripts, no forms, no same-origin access to the console even if it were ever
	 * opened in a frame) and may not be framed.
	 */
	static final String REPORT_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; "
			+ "base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";

	private final RunRepository runs;

	private final RunReports reports;

	RunReportFiles(RunRepository runs, RunReports reports) {
		this.runs = runs;
		this.reports = reports;
	}

	/**
	 * The run's report in {@code format}, with its content type, as a download named after the
	 * cluster and run (shown inline).
	 * @throws UnknownRunException for a run that is not recorded
	 * @throws ReportNotWrittenException for a report not on disk
	 */
	public ResponseEntity<Resource> response(long runId, ReportFormat format) {
		Run run = this.runs.find(runId).orElseThrow(() -> new UnknownRunException(runId));
		Path file = format.fileOf(this.reports.filesOf(run.clusterName(), runId));
		if (!Files.isRegularFile(file)) {
			throw new ReportNotWrittenException(notWritten(run));
		}
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.contentType(format.mediaType())
			.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
				.filename(run.clusterName() + "-run-" + runId + "." + format.extension())
				.build()
				.toString());
		if (format == ReportFormat.HTML) {
			// the console's own policy forbids inline styles, which the report needs
			response.header("Content-Security-Policy", REPORT_CONTENT_SECURITY_POLICY);
		}
		return response.body(new FileSystemResource(file));
	}

	/** Whether the run's HTML report is on disk (its JSON and CSV are written with it). */
	public boolean written(String clusterName, long runId) {
		return Files.isRegularFile(this.reports.filesOf(clusterName, runId).html());
	}

	private static String notWritten(Run run) {
		if (run.outcome() == RunOutcome.RUNNING) {
			return "the report of run " + run.id() + " is not written yet: it is written when the run ends";
		}
		return "the report of run " + run.id() + " is not on disk: 'ospatch report --run " + run.id()
				+ "' writes it again";
	}

}
