package io.ospatch.report;

import java.nio.file.Path;

/** The files of one run's report. */
public record ReportFiles(Path html, Path json, Path csv) {
}
