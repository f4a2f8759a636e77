package io.ospatch.rollout;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the stack traces of a run's unexpected errors go: {@code errors.log} in the run's log
 * directory, so that the terminal gets one line and whoever debugs still gets everything.
 */
final class RunErrorLog {

	static final String FILE_NAME = "errors.log";

	private static final Logger log = LoggerFactory.getLogger(RunErrorLog.class);

	private RunErrorLog() {
	}

	/** The errors.log of the run whose log directory is {@code runLogDir}. */
	static Path in(Path runLogDir) {
		return runLogDir.resolve(FILE_NAME);
	}

	/** Appends the stack traces; should the file not be writable, they go to the log instead. */
	static void append(Path file, String what, List<Throwable> failures) {
		StringWriter text = new StringWriter();
		try (PrintWriter out = new PrintWriter(text)) {
			out.println("=== " + Instant.now() + " " + what);
			failures.forEach((failure) -> failure.printStackTrace(out));
		}
		try {
			Files.createDirectories(file.getParent());
			Files.writeString(file, text.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			log.warn("could not write {}: {}; the stack trace follows", file, ex.getMessage());
			log.warn(text.toString());
		}
	}

}
