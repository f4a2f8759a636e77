package io.ospatch.ansible;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log file a playbook run appends its stdout and stderr to, or nowhere when the request names
 * none.
 * <p>
 * stdout and stderr are pumped by two threads, so every write holds the log's lock: lines of the
 * two streams may interleave, the bytes of one write never do. Once the log is open, failing to
 * write it (a full disk) is logged and otherwise ignored: the log is for people, and losing it must
 * not lose the outcome of a run that patched nodes.
 */
final class RunLog implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(RunLog.class);

	private final Path path;

	private final OutputStream file;

	private boolean broken;

	private final OutputStream stream = new OutputStream() {

		@Override
		public void write(int b) {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int count) {
			append(bytes, offset, count);
		}

	};

	private RunLog(Path path, OutputStream file) {
		this.path = path;
		this.file = file;
	}

	/** Opens {@code file} for appending, creating it and its parents; {@code null} logs nowhere. */
	static RunLog open(Path file) {
		if (file == null) {
			return new RunLog(null, OutputStream.nullOutputStream());
		}
		try {
			Path parent = file.toAbsolutePath().getParent();
			if (parent != null) {
				Files.createDirectories(parent);
			}
			return new RunLog(file,
					Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the run log " + file, ex);
		}
	}

	/** The stream both process pumps write to. */
	OutputStream stream() {
		return this.stream;
	}

	/** Adds a line of ospatch's own, set apart from what ansible-playbook printed. */
	void note(String line) {
		byte[] bytes = ("=== " + line + " ===\n").getBytes(StandardCharsets.UTF_8);
		append(bytes, 0, bytes.length);
	}

	private synchronized void append(byte[] bytes, int offset, int count) {
		if (this.broken) {
			return;
		}
		try {
			this.file.write(bytes, offset, count);
		}
		catch (IOException ex) {
			this.broken = true;
			logger.warn("Could not write the run log {}; the rest of this run goes unlogged", this.path, ex);
		}
	}

	@Override
	public synchronized void close() {
		try {
			this.file.close();
		}
		catch (IOException ex) {
			logger.warn("Could not close the run log {}", this.path, ex);
		}
	}

}
