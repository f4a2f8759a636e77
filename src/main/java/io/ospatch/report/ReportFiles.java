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
}
