package io.ospatch.ansible;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * What the tests ask {@code /proc} about the processes a test started. A zombie has ended: it
 * counts as gone (the init of a test machine may never reap it).
 */
final class Processes {

	private Processes() {
	}

	/** Whether the process is still running: not ended, and its pid not given to another process. */
	static boolean running(ProcessTable.Entry process) {
		return ProcessTable.read(process.pid())
			.filter((now) -> !now.zombie() && now.startTicks() == process.startTicks())
			.isPresent();
	}

	/** The running processes with {@code marker} in their command line. */
	static List<ProcessTable.Entry> mentioning(String marker) {
		return ProcessTable.all()
			.stream()
			.filter((process) -> !process.zombie() && String.join(" ", process.arguments()).contains(marker))
			.toList();
	}

	/** The running processes with {@code variable} in their environment. */
	static List<ProcessTable.Entry> withEnvironment(String variable) {
		return ProcessTable.all().stream().filter((process) -> !process.zombie() && environment(process).contains(variable)).toList();
	}

	private static List<String> environment(ProcessTable.Entry process) {
		try {
			byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
			return List.of(new String(environ, StandardCharsets.UTF_8).split("\0"));
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	/** Polls {@code condition} until it holds, failing after {@code timeout}. */
	static void await(String what, Duration timeout, BooleanSupplier condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within " + timeout + ": " + what);
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted while waiting for: " + what, ex);
			}
		}
	}

}
