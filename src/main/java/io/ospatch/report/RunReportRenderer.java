package io.ospatch.report;

import java.nio.file.Path;
import java.util.List;

/**
 * Renders one run's report from the database: what {@code ospatch report} needs of the per-run
 * report, and no more, so the fleet index and the command do not depend on how it is rendered.
 */
@FunctionalInterface
public interface RunReportRenderer {

	/**
	 * Writes the run's report files ({@code <reports-dir>/<cluster>/<run>.html}, {@code .json},
	 * {@code .csv}) anew.
	 * @return the files written, the HTML report first
	 */
	List<Path> render(long runId);

}
