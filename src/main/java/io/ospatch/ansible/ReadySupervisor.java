package io.ospatch.ansible;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.PumpStreamHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * One playbook run's supervisor ({@code ansible-supervisor.py --ready}), started before its run is
 * known: it loads ansible's playbook command while the previous chunk still patches, in its own
 * private work directory, and runs the command it is then given at once. Its stdout and stderr go
 * to the run's streams from then on (what it wrote before is kept for them).
 * <p>
 * Closing it ends the supervisor if it still runs (it has run nothing unless given a command) and
 * deletes its work directory.
 */
final class ReadySupervisor implements AutoCloseable {

	/**
	 * How long a stopped supervisor may take to end: its grace period for ansible-playbook (3s), then
	 * SIGKILL, with room for a loaded machine.
	 */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

	private final PrivateWorkDir workDir;

	private final Finished finished = new Finished();

	private final ExecuteWatchdog watchdog = ExecuteWatchdog.builder()
		.setTimeout(ExecuteWatchdog.INFINITE_TIMEOUT_DURATION)
		.get();

	private final LaterOutput stdout = new LaterOutput();

	private final LaterOutput stderr = new LaterOutput();

	private final CountDownLatch inputOpen = new CountDownLatch(1);

	private final long startedNanos = System.nanoTime();

	private volatile OutputStream commandInput;

	private volatile boolean given;

	private boolean leftoversEnded;

	private ReadySupervisor(PrivateWorkDir workDir) {
		this.workDir = workDir;
	}

	/**
	 * Starts a supervisor for runs of {@code binary}.
	 * @param command the supervisor's command line for a work directory
	 * @param environment the runs' environment for a work directory
	 * @param workingDir where the run runs
	 * @param streamsCloseTimeout how long to wait for stdout and stderr to close once it has ended
	 */
	static ReadySupervisor start(Path workDirParent, Function<PrivateWorkDir, List<String>> command,
			Function<PrivateWorkDir, Map<String, String>> environment, Path workingDir, Duration streamsCloseTimeout,
			ProcessDestroyer destroyer) {
		PrivateWorkDir workDir = PrivateWorkDir.createIn(workDirParent);
		try {
			ReadySupervisor supervisor = new ReadySupervisor(workDir);
			supervisor.execute(command.apply(workDir), environment.apply(workDir), workingDir, streamsCloseTimeout,
					destroyer);
			return supervisor;
		}
		catch (IOException ex) {
			workDir.close();
			throw new UncheckedIOException("cannot start ansible-supervisor.py: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			workDir.close();
			throw ex;
		}
	}

	private void execute(List<String> arguments, Map<String, String> environment, Path workingDir,
			Duration streamsCloseTimeout, ProcessDestroyer destroyer) throws IOException {
		CommandLine line = new CommandLine(arguments.get(0));
		arguments.subList(1, arguments.size()).forEach((argument) -> line.addArgument(argument, false));
		PumpStreamHandler streams = new PumpStreamHandler(this.stdout, this.stderr) {

			@Override
			public void setProcessInputStream(OutputStream input) {
				// kept open for the command, which is written when the run is known
				ReadySupervisor.this.commandInput = input;
				ReadySupervisor.this.inputOpen.countDown();
			}

		};
		streams.setStopTimeout(streamsCloseTimeout);
		DefaultExecutor executor = DefaultExecutor.builder()
			.setWorkingDirectory(workingDir.toFile())
			.setExecuteStreamHandler(streams)
			.get();
		executor.setWatchdog(this.watchdog);
		executor.setProcessDestroyer(destroyer);
		// Every exit code is an answer to look at, not an exception.
		executor.setExitValues(null);
		// Commons Exec starts the process from a thread of its own that waits for it, so the
		// supervisor's parent-death signal comes when the JVM dies, not earlier.
		executor.execute(line, environment, this.finished);
	}

	PrivateWorkDir workDir() {
		return this.workDir;
	}

	/** Whether it still waits for a command; false once it ended or was given one. */
	boolean waiting() {
		return !this.given && !this.finished.hasResult();
	}

	Duration age() {
		return Duration.ofNanos(System.nanoTime() - this.startedNanos);
	}

	/**
	 * Gives it its command; its output goes to {@code out} and {@code err} from now on.
	 * @throws IOException when it cannot take the command (it ended, or could not be started)
	 */
	void run(List<String> command, ObjectMapper json, OutputStream out, OutputStream err) throws IOException {
		this.given = true;
		this.stdout.sendTo(out);
		this.stderr.sendTo(err);
		OutputStream input = awaitInput();
		if (input == null) {
			ExecuteException failure = this.finished.getException();
			if (failure != null) {
				Throwable cause = (failure.getCause() != null) ? failure.getCause() : failure;
				throw new IOException(cause.getMessage(), failure);
			}
			throw new IOException("ansible-supervisor.py ended (exit code " + this.finished.getExitValue()
					+ ") before it was given its command");
		}
		try (input) {
			input.write(json.writeValueAsBytes(command));
			input.write('\n');
			input.flush();
		}
	}

	/** Its stdin, once Commons Exec has started it (a matter of milliseconds); null if it ended. */
	private OutputStream awaitInput() {
		boolean interrupted = false;
		try {
			while (true) {
				try {
					if (this.inputOpen.await(50, TimeUnit.MILLISECONDS) || this.finished.hasResult()) {
						break;
					}
				}
				catch (InterruptedException ex) {
					// a stop: the run starts, and is stopped with everything it started by the caller
					interrupted = true;
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		return this.finished.hasResult() ? null : this.commandInput;
	}

	Finished finished() {
		return this.finished;
	}

	/**
	 * Stops the supervisor (SIGTERM: it ends its run's process group, then itself) and waits for it,
	 * deaf to interrupts, which are kept for the caller; the last resort kills it.
	 */
	void stop() {
		this.watchdog.destroyProcess();
		boolean interrupted = false;
		long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
		while (!this.finished.hasResult() && System.nanoTime() < deadline) {
			try {
				this.finished.await(Duration.ofMillis(100));
			}
			catch (InterruptedException ex) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Kills what is left of its run (its supervisor was killed, or something escaped its process
	 * group); once per run.
	 */
	void endLeftovers() {
		if (!this.leftoversEnded) {
			this.leftoversEnded = true;
			LeftoverProcesses.end(this.workDir.path());
		}
	}

	/**
	 * Stops a supervisor that still runs, ends what is left of the run it was given (one that was
	 * given none has run nothing), and deletes its work directory.
	 */
	@Override
	public void close() {
		try {
			if (!this.finished.hasResult()) {
				stop();
			}
			if (this.given) {
				endLeftovers();
			}
		}
		finally {
			this.workDir.close();
		}
	}

	/** A result handler that wakes its waiters at once, where Commons Exec's polls every 50 ms. */
	static final class Finished extends DefaultExecuteResultHandler {

		private final CountDownLatch done = new CountDownLatch(1);

		@Override
		public void onProcessComplete(int exitValue) {
			super.onProcessComplete(exitValue);
			this.done.countDown();
		}

		@Override
		public void onProcessFailed(ExecuteException failure) {
			super.onProcessFailed(failure);
			this.done.countDown();
		}

		/** @return whether it has a result */
		boolean await(Duration timeout) throws InterruptedException {
			return this.done.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}

		void await() throws InterruptedException {
			this.done.await();
		}

	}

	/**
	 * The supervisor's output, which belongs to a run only once the run is known: what comes before
	 * (a warning of ansible's import) is kept, up to a limit, and written to the run's stream first.
	 */
	private static final class LaterOutput extends OutputStream {

		private static final int KEPT_BEFORE = 64 * 1024;

		private ByteArrayOutputStream before = new ByteArrayOutputStream();

		private OutputStream target;

		synchronized void sendTo(OutputStream stream) throws IOException {
			this.target = stream;
			this.before.writeTo(stream);
			this.before = null;
		}

		@Override
		public void write(int b) throws IOException {
			write(new byte[] { (byte) b }, 0, 1);
		}

		@Override
		public synchronized void write(byte[] bytes, int offset, int count) throws IOException {
			if (this.target != null) {
				this.target.write(bytes, offset, count);
			}
			else if (this.before.size() + count <= KEPT_BEFORE) {
				this.before.write(bytes, offset, count);
			}
		}

		@Override
		public synchronized void flush() throws IOException {
			if (this.target != null) {
				this.target.flush();
			}
		}

	}

}
