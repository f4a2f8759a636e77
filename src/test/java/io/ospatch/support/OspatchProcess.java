package io.ospatch.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * One {@code java -jar target/ospatch.jar ARGS...} running as a process of its own, as an operator
 * or a CronJob runs it, for {@code *ProcessTests} (run by failsafe, after the jar is packaged).
 * <p>
 * Its stdout and stderr (where ospatch logs) go to files in the working directory,
 * {@code NN-<args>.stdout} and {@code .stderr}, readable while it runs. It inherits the test's
 * environment except for variables that would configure ospatch ({@code SPRING_…},
 * {@code OSPATCH_…}, {@code LOGGING_…}), so it runs on its defaults plus exactly the environment
 * given. {@link #close()} kills it if it is still alive: a test never leaves one behind.
 * <p>
 * Between {@link #start} and {@link #close()}: {@link #awaitLine} to wait for a log line,
 * {@link #waitFor} for the exit code, {@link #kill()} (SIGKILL) and {@link #terminate()} (SIGTERM)
 * to end it as a crash or Kubernetes would.
 */
public final class OspatchProcess implements AutoCloseable {

	/** The packaged jar: failsafe passes its path as {@code ospatch.jar}. */
	public static final Path JAR = Path.of(System.getProperty("ospatch.jar", "target/ospatch.jar")).toAbsolutePath();

	private static final List<String> CONFIGURING_PREFIXES = List.of("SPRING_", "OSPATCH_", "LOGGING_");

	private static final AtomicInteger STARTED = new AtomicInteger();

	private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

	private final Process process;

	private final List<String> args;

	private final Path stdout;

	private final Path stderr;

	private OspatchProcess(Process process, List<String> args, Path stdout, Path stderr) {
		this.process = process;
		this.args = args;
		this.stdout = stdout;
		this.stderr = stderr;
	}

	/**
	 * Starts {@code java -jar ospatch.jar args...}.
	 * @param dir its working directory (where the embedded database's {@code ./data} is), also
	 * where its output files are written
	 * @param environment added to the inherited environment, whose ospatch settings are removed
	 * @param args ospatch's arguments
	 */
	public static OspatchProcess start(Path dir, Map<String, String> environment, String... args) {
		if (!Files.isRegularFile(JAR)) {
			throw new IllegalStateException(JAR + " is missing: package the jar first (failsafe runs after package)");
		}
		// a short-lived CLI on a 2-core machine, often two at once: C1 alone and the serial collector
		// start it in about two thirds of the time and half the CPU; the jar and its code are the same
		List<String> command = new ArrayList<>(
				List.of(javaBinary(), "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", JAR.toString()));
		command.addAll(List.of(args));
		String name = String.format("%02d-%s", STARTED.incrementAndGet(),
				String.join("-", args).replaceAll("[^A-Za-z0-9._-]+", "_"));
		name = name.substring(0, Math.min(name.length(), 80));
		Path stdout = dir.resolve(name + ".stdout");
		Path stderr = dir.resolve(name + ".stderr");
		ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
			.redirectOutput(stdout.toFile())
			.redirectError(stderr.toFile())
			.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
		builder.environment().keySet().removeIf((variable) -> CONFIGURING_PREFIXES.stream().anyMatch(variable::startsWith));
		builder.environment().putAll(environment);
		try {
			return new OspatchProcess(builder.start(), List.of(args), stdout, stderr);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start " + String.join(" ", command), ex);
		}
	}

	/**
	 * Runs one command to its end.
	 * @return the ended process, to read its exit code and output from
	 */
	public static OspatchProcess run(Path dir, Map<String, String> environment, Duration timeout, String... args) {
		OspatchProcess process = start(dir, environment, args);
		try {
			process.waitFor(timeout);
			return process;
		}
		finally {
			process.close();
		}
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** What it printed on stdout so far. */
	public String stdout() {
		return read(this.stdout);
	}

	/** What it printed on stderr (its log) so far. */
	public String stderr() {
		return read(this.stderr);
	}

	/**
	 * Waits until a line of its stdout or stderr contains a match of {@code regex}.
	 * @return that line
	 * @throws IllegalStateException if it ends, or {@code timeout} passes, without printing one
	 */
	public String awaitLine(String regex, Duration timeout) {
		Pattern pattern = Pattern.compile(regex);
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			// read after the liveness check, so that the last output of a process that just ended is seen
			boolean alive = this.process.isAlive();
			Optional<String> line = (stdout() + "\n" + stderr()).lines().filter((l) -> pattern.matcher(l).find()).findFirst();
			if (line.isPresent()) {
				return line.get();
			}
			if (!alive) {
				throw new IllegalStateException(describe() + " exited " + this.process.exitValue()
						+ " without printing a line matching /" + regex + "/" + output());
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(
						describe() + " printed no line matching /" + regex + "/ within " + timeout + output());
			}
			sleep(POLL_INTERVAL);
		}
	}

	/**
	 * Waits for it to end.
	 * @return its exit code
	 * @throws IllegalStateException if it is still running after {@code timeout} (it is left running:
	 * {@link #close()} kills it)
	 */
	public int waitFor(Duration timeout) {
		try {
			if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IllegalStateException(describe() + " did not end within " + timeout + output());
			}
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + describe(), ex);
		}
	}

	/** Its exit code; it must have ended. */
	public int exitCode() {
		return this.process.exitValue();
	}

	/** SIGKILL to the JVM, as a crash or an OOM kill; what it started (ansible-playbook) lives on. */
	public void kill() {
		this.process.destroyForcibly();
	}

	/** SIGTERM to the JVM, as Kubernetes stops a pod; its shutdown hooks run. */
	public void terminate() {
		this.process.destroy();
	}

	/**
	 * Kills it if it is still running, with what it started (a playbook run), and waits until it has
	 * gone. What a {@link #kill() killed} process left running is no longer its own: the test that
	 * killed it sees to it.
	 */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.descendants().forEach(ProcessHandle::destroyForcibly);
			this.process.destroyForcibly();
			try {
				this.process.waitFor(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public String toString() {
		return describe();
	}

	private String describe() {
		return "ospatch " + String.join(" ", this.args) + " (pid " + pid() + ")";
	}

	private String output() {
		return "\n--- stdout:\n" + stdout() + "\n--- stderr:\n" + stderr();
	}

	private static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	private static String read(Path file) {
		try {
			// bytes, not readString: a file still being written may end inside a character
			return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
