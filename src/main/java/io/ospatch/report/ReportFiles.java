package io.ospatch.report;

import java.nio.file.Path;

/**
 * Where one run's report is: the same data as HTML (to read), JSON and CSV (to process).
 *
 * @param html {@code <reportsDir>/<cluster>/<runId>.html}
 * @param json {@code <reportsDir>/<cluster>/<runId>.json}
 * @param csv {@code <reportsDir>/<cluster>/<runId>.csv}
 */
public record ReportFiles(Path html, Path json, Path csv) {

	/**
	 * Where a run's report is under {@code reportsDir} (absolute paths), whether or not it has been
	 * rendered: the one place that names report files.
	 */
	public static ReportFiles of(Path reportsDir, String clusterName, long runId) {
		Path root = reportsDir.toAbsolutePath().normalize();
		Path dir = root.resolve(clusterName).normalize();
		if (clusterName.isBlank() || !root.equals(dir.getParent())) {
			// cluster names are checked when clusters are added; this keeps a bad one out of other directories
			throw new IllegalArgumentException("not a cluster name for a report directory: " + clusterName);
		}
		return new ReportFiles(dir.resolve(runId + ".html"), dir.resolve(runId + ".json"), dir.resolve(runId + ".csv"));
	}

}
