package io.ospatch.ansible;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecuteResultHandler;
import org.apache.commons.exec.ProcessDestroyer;
import org.apache.commons.exec.ShutdownHookProcessDestroyer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs {@code ansible-playbook} as a child process through Apache Commons Exec.
 * <p>
 * Each run gets a private work directory, deleted afterwards whatever happens: the inventory of
 * exactly the request's hosts, the extra vars, and ansible-playbook's local temporary files. The command is an argument list, never a shell string, so no host name or path is ever
 * split or interpreted. The json stdout callback makes stdout one report, read per host; stdout and
 * stderr also go to the request's log file. A run that outlives {@link AnsibleProperties#runTimeout()}
 * is killed.
 * <p>
 * A run starts at once: its supervisor was started ahead ({@link ReadySupervisors}), by the Python
 * that ansible-playbook's own script names, has loaded ansible's playbook command meanwhile, and runs
 * it in a forked copy of itself when given the run's command line. Starting ansible-playbook anew
 * costs a third of a second of CPU on an idle machine, more on a busy one, for every chunk of every
 * cluster ({@code bench/RESULTS.md}). Where the supervisor cannot load ansible like that (another
 * executable, other Python settings) it starts the command as a process of its own, as before.
 * <p>
 * Nothing a run starts outlives it, nor ospatch: ansible-playbook runs under a small supervisor
 * ({@code ansible-supervisor.py}, run by {@code python3}, which Ansible needs anyway), in a process
 * group of its own. The supervisor ends that group (SIGTERM, then SIGKILL after a few seconds) when
 * it is asked to, when ansible-playbook has ended, and when the JVM dies, even by SIGKILL: the
 * kernel tells it ({@code PR_SET_PDEATHSIG}). An interrupted caller stops the run that way and gets
 * a {@link PlaybookStoppedException}. What a killed supervisor could not end,
 * {@link AnsibleLeftovers} ends later.
 * <p>
 * The runs of one runner share their SSH connections: {@link SshControlMasters} keeps one master per
 * node for as long as {@code ansible.cfg}'s ControlPersist allows, and ends them all with the JVM.
 */
public final class CommonsExecPlaybookRunner implements PlaybookRunner, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(CommonsExecPlaybookRunner.class);

	/** 0: all ok, 2: a host failed, 4: a host unreachable. The report tells the rest. */
	private static final Set<Integer> REPORTING_EXIT_CODES = Set.of(0, 2, 4);

	private static final int STDERR_TAIL_CHARS = 2000;

	/**
	 * How long to wait for stdout and stderr to close once ansible-playbook has ended: the last
	 * resort should a process it started outlive it unnoticed and hold them open.
	 */
	private static final Duration STREAMS_CLOSE_TIMEOUT = Duration.ofSeconds(30);

	/** The supervisor's exit code when ansible-playbook could not be started; stderr ends with why. */
	private static final int SUPERVISOR_COULD_NOT_START = 127;

	/**
	 * A JVM that stops takes its ansible-playbook runs with it, rather than leave them patching nodes
	 * with nobody left to record the outcome.
	 */
	private static final ProcessDestroyer STOP_WITH_THE_JVM = new ShutdownHookProcessDestroyer();

	private static final int HOSTS_NAMED_IN_MESSAGES = 5;

	private final AnsibleProperties properties;

	private final Path playbooksDir;

	private final InventoryWriter files;

	private final PlaybookResultParser parser;

	private final ObjectMapper json;

	private final SshControlMasters masters;

	private final ReadySupervisors ready;

	/** A runner with SSH masters of its own, which end with the JVM. */
	public CommonsExecPlaybookRunner(AnsibleProperties properties) {
		this(properties, new SshControlMasters(properties));
	}

	/**
	 * @param masters where the runs keep their SSH connections; whoever made them closes them
	 */
	public CommonsExecPlaybookRunner(AnsibleProperties properties, SshControlMasters masters) {
		this.properties = properties;
		this.masters = masters;
		// ansible-playbook runs inside the playbooks directory: a relative path would resolve twice.
		this.playbooksDir = properties.playbooksDir().toAbsolutePath().normalize();
		this.json = JsonMapper.builder().build();
		this.files = new InventoryWriter(this.json);
		this.parser = new PlaybookResultParser(this.json);
		JvmScript supervisor = JvmScript.load("ansible-supervisor.py");
		// the interpreter ansible-playbook runs under, so that the supervisor can load ansible ahead
		String interpreter = JvmScript.interpreterOf(properties.binary());
		this.ready = new ReadySupervisors((preloadAfter) -> ReadySupervisor.start(properties.workDir(),
				(workDir) -> supervisor.command(workDir, interpreter,
						List.of("--ready", properties.binary(), Double.toString(preloadAfter.toMillis() / 1000.0))),
				this::environment, this.playbooksDir, STREAMS_CLOSE_TIMEOUT, STOP_WITH_THE_JVM));
	}

	@Override
	public PlaybookRun run(PlaybookRequest request) {
		try (ReadySupervisor supervisor = this.ready.take()) {
			PrivateWorkDir workDir = supervisor.workDir();
			Path inventory = this.files.writeInventory(workDir, request.hosts(), request.groupVars());
			return execute(request, command(request, inventory, workDir), supervisor);
		}
		catch (UncheckedIOException | IllegalStateException ex) {
			throw new PlaybookExecutionException(describe(request) + " could not run: " + ex.getMessage(), ex);
		}
	}

	/** Ends the supervisor started ahead that no run took. */
	@Override
	public void close() {
		this.ready.close();
	}

	private CommandLine command(PlaybookRequest request, Path inventory, PrivateWorkDir workDir) {
		CommandLine command = new CommandLine(this.properties.binary());
		command.addArgument("-i", false);
		command.addArgument(inventory.toString(), false);
		if (request.check()) {
			command.addArgument("--check", false);
		}
		if (!request.extraVars().isEmpty()) {
			command.addArgument("--extra-vars", false);
			command.addArgument("@" + this.files.writeExtraVars(workDir, request.extraVars()), false);
		}
		command.addArgument(this.playbooksDir.resolve(request.playbook().fileName()).toString(), false);
		return command;
	}

	private PlaybookRun execute(PlaybookRequest request, CommandLine command, ReadySupervisor supervisor) {
		ByteArrayOutputStream stdout = new ByteArrayOutputStream();
		TailBuffer stderr = new TailBuffer(4 * STDERR_TAIL_CHARS);
		try (RunLog log = RunLog.open(request.logFile())) {
			log.note(Instant.now() + " " + String.join(" ", command.toStrings()));
			logger.debug("Running {}", command);
			long started = System.nanoTime();
			try {
				supervisor.run(List.of(command.toStrings()), this.json, new TeeOutputStream(stdout, log.stream()),
						new TeeOutputStream(stderr, log.stream()));
			}
			catch (IOException ex) {
				throw new PlaybookExecutionException(describe(request) + " could not run: " + ex.getMessage(), ex);
			}
			boolean timedOut = awaitEnd(request, supervisor, this.properties.runTimeout());
			ReadySupervisor.Finished finished = supervisor.finished();
			Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
			log.note((finished.getException() == null ? "exit code " + finished.getExitValue() : "ended")
					+ " after " + readable(elapsed));
			return result(request, finished, timedOut, stdout, stderr, elapsed);
		}
	}

	private PlaybookRun result(PlaybookRequest request, DefaultExecuteResultHandler finished, boolean killed,
			ByteArrayOutputStream stdout, TailBuffer stderr, Duration elapsed) {
		if (killed) {
			throw new PlaybookTimeoutException(describe(request) + " timed out after "
					+ readable(this.properties.runTimeout()) + " (ospatch.ansible.run-timeout) and was killed"
					+ stderrEnd(stderr), this.properties.runTimeout());
		}
		if (finished.getException() != null) {
			Throwable failure = Objects.requireNonNullElse(finished.getException().getCause(), finished.getException());
			throw new PlaybookExecutionException(describe(request) + " could not run (" + this.properties.binary()
					+ "): " + failure.getMessage() + stderrEnd(stderr), failure);
		}
		int exitCode = finished.getExitValue();
		if (exitCode == SUPERVISOR_COULD_NOT_START) {
			throw new PlaybookExecutionException(describe(request) + " could not run (" + this.properties.binary()
					+ "): " + lastLine(stderr));
		}
		if (!REPORTING_EXIT_CODES.contains(exitCode)) {
			throw new PlaybookExecutionException(
					describe(request) + " failed with exit code " + exitCode + stderrEnd(stderr));
		}
		try {
			return new PlaybookRun(exitCode,
					this.parser.parse(stdout.toString(StandardCharsets.UTF_8), request.hostNames()), elapsed);
		}
		catch (IllegalArgumentException ex) {
			throw new PlaybookExecutionException(describe(request) + " exited with code " + exitCode
					+ " but its report could not be read: " + ex.getMessage() + stderrEnd(stderr), ex);
		}
	}

	/**
	 * Waits for the supervisor and its output to end, stopping the run should the calling thread be
	 * interrupted or the run outlive {@code timeout}. Whatever of the run is left then (the supervisor
	 * itself was killed) is killed.
	 * @return whether the run timed out and was stopped
	 */
	private static boolean awaitEnd(PlaybookRequest request, ReadySupervisor supervisor, Duration timeout) {
		boolean timedOut;
		try {
			timedOut = !supervisor.finished().await(timeout);
		}
		catch (InterruptedException ex) {
			supervisor.stop();
			supervisor.endLeftovers();
			Thread.currentThread().interrupt();
			throw new PlaybookStoppedException(describe(request) + " was stopped (its thread was interrupted) and killed",
					ex);
		}
		if (timedOut) {
			supervisor.stop();
		}
		supervisor.endLeftovers();
		return timedOut;
	}

	private Map<String, String> environment(PrivateWorkDir workDir) {
		Map<String, String> environment = new HashMap<>(System.getenv());
		// ansible-playbook's own temporary files: private, and gone with the work directory even
		// when a killed run could not clean them up.
		environment.put("ANSIBLE_LOCAL_TEMP", workDir.path().resolve("ansible-local").toString());
		environment.put("ANSIBLE_CONFIG", this.playbooksDir.resolve("ansible.cfg").toString());
		// The SSH options come from ansible.cfg; only where the masters' sockets go is ospatch's.
		environment.putAll(this.masters.environment());
		environment.put("ANSIBLE_STDOUT_CALLBACK", "json");
		environment.put("ANSIBLE_SHOW_CUSTOM_STATS", "true");
		environment.put("ANSIBLE_FORCE_COLOR", "0");
		environment.put("ANSIBLE_NOCOLOR", "1");
		return environment;
	}

	private static String describe(PlaybookRequest request) {
		List<String> hosts = request.hostNames();
		String on = (hosts.size() <= HOSTS_NAMED_IN_MESSAGES) ? String.join(", ", hosts) : hosts.size() + " hosts ("
				+ String.join(", ", hosts.subList(0, HOSTS_NAMED_IN_MESSAGES)) + ", ...)";
		return "ansible-playbook " + request.playbook().fileName() + (request.check() ? " --check" : "") + " on " + on;
	}

	private static String lastLine(TailBuffer stderr) {
		String text = stderr.text().strip();
		return text.substring(text.lastIndexOf('\n') + 1);
	}

	/** The last lines of stderr, where ansible-playbook says what went wrong. */
	private static String stderrEnd(TailBuffer stderr) {
		String text = stderr.text().strip();
		if (text.isEmpty()) {
			return "; it wrote nothing to stderr";
		}
		if (text.length() > STDERR_TAIL_CHARS) {
			String tail = text.substring(text.length() - STDERR_TAIL_CHARS);
			int lineStart = tail.indexOf('\n');
			text = "..." + ((lineStart >= 0) ? tail.substring(lineStart) : tail);
		}
		return "; stderr ends with:\n" + text;
	}

	private static String readable(Duration duration) {
		return duration.truncatedTo(ChronoUnit.MILLIS).toString().substring(2).toLowerCase(Locale.ROOT);
	}

}
