package io.ospatch.ansible;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SSH control masters of this ospatch process: one kept connection per node, shared by every
 * playbook run of the JVM, so that a run never pays for a new SSH handshake to a node whose
 * connection is still open.
 * <p>
 * The SSH options stay in {@code ansible.cfg} ({@code ControlMaster=auto}, {@code ControlPersist});
 * ospatch only moves the sockets out of Ansible's shared {@code ~/.ansible/cp} into a directory of
 * this JVM ({@code ANSIBLE_SSH_CONTROL_PATH_DIR}). Ansible names each socket there after
 * {@code host-port-user} (the first ten hex digits of its SHA-1), which keeps a socket's path short
 * and lets ospatch find the socket of a node ({@link #socketName}).
 * <p>
 * A master daemonizes: it leaves its playbook run's process group, so the run's supervisor does not
 * end it. Masters end instead
 * <ul>
 * <li>when a cluster's run ends: {@link #close(Collection)}, {@code ssh -O exit} per node;</li>
 * <li>when the JVM ends, however it ends: a guard process ({@code ssh-control-guard.py}), started
 * with the directory, ends every master and removes the directory when it is stopped by
 * {@link #close()}, when the JVM dies (the kernel's parent-death signal) or when its parent pid
 * changes;</li>
 * <li>should the guard have died too: {@link AnsibleLeftovers} at the next start, since the
 * directory names its JVM and each master names its socket in its arguments.</li>
 * </ul>
 * The directory and its guard come with the first playbook run, so commands that run none start
 * nothing.
 */
public final class SshControlMasters implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SshControlMasters.class);

	/** Where Ansible puts its control sockets when {@code control_path} is left unset. */
	static final String CONTROL_PATH_DIR_VARIABLE = "ANSIBLE_SSH_CONTROL_PATH_DIR";

	/** A unix socket's path, without its terminating NUL, in {@code sockaddr_un.sun_path}. */
	static final int MAX_SOCKET_PATH = 107;

	/**
	 * What a socket's path needs beyond the directory: a slash, Ansible's ten hex digits, and the
	 * ".XXXXXXXXXXXXXXXX" that ssh appends while it sets up a new master.
	 */
	static final int SOCKET_NAME_ROOM = 1 + 10 + 17;

	/** The destination ssh's syntax requires with {@code -O}; the socket names the master. */
	private static final String ANY_DESTINATION = "ospatch-control-master";

	/** Long enough for a master on a loaded machine; the guard kills one that does not answer. */
	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

	/** The guard's own waits (5 s for ssh -O exit, 5 s for kills) with room for a loaded machine. */
	private static final Duration GUARD_STOP_TIMEOUT = Duration.ofSeconds(30);

	private static final ProcessBuilder.Redirect NOTHING = ProcessBuilder.Redirect.from(new File("/dev/null"));

	private final Path parent;

	private final JvmScript guardScript;

	private PrivateWorkDir dir;

	private Guard guard;

	/**
	 * @param properties where the control directory goes: {@code workDir}, as the runs' directories
	 */
	public SshControlMasters(AnsibleProperties properties) {
		this.parent = properties.workDir().toAbsolutePath().normalize();
		this.guardScript = JvmScript.load("ssh-control-guard.py");
	}

	/**
	 * What ansible-playbook needs in its environment to keep its masters here. The first call creates
	 * the directory and starts its guard.
	 * @throws IllegalStateException when the directory's path leaves no room for a socket's name
	 * @throws UncheckedIOException when the directory or its guard cannot be made
	 */
	synchronized Map<String, String> environment() {
		return Map.of(CONTROL_PATH_DIR_VARIABLE, directory().toString());
	}

	/**
	 * Ends the masters of {@code hosts}, where there are any: {@code ssh -O exit} through each one's
	 * socket. Called when a cluster's run has ended; never fails (a master that does not answer is
	 * logged, and ends with the JVM).
	 */
	public void close(Collection<InventoryHost> hosts) {
		Path controlDir;
		synchronized (this) {
			if (this.dir == null) {
				return;
			}
			controlDir = this.dir.path();
		}
		for (InventoryHost host : hosts) {
			Path socket = controlDir.resolve(socketName(host));
			if (Files.exists(socket)) {
				exit(host.name(), socket);
			}
		}
	}

	/**
	 * Ends every master and the guard, and removes the directory. A later playbook run starts afresh.
	 */
	@Override
	public synchronized void close() {
		if (this.dir == null) {
			return;
		}
		Path controlDir = this.dir.path();
		this.guard.stop(GUARD_STOP_TIMEOUT);
		if (Files.exists(controlDir)) {
			// The guard could not do it all (it logged why): the last resort kills what names the directory.
			int killed = LeftoverProcesses.end(controlDir);
			boolean deleted = PrivateWorkDir.delete(controlDir);
			logger.warn("SSH control directory {} was left by its guard: killed {} processes, {}", controlDir, killed,
					deleted ? "deleted it" : "could not delete it");
		}
		this.dir = null;
		this.guard = null;
	}

	/** The socket Ansible uses for {@code host} in a control directory: its default control_path. */
	static String socketName(InventoryHost host) {
		// Ansible's ssh connection plugin, _create_control_path: sha1("%s-%s-%s" % (host, port, user))[:10],
		// where a user left unset is Python's None.
		String connection = host.address() + "-" + host.port() + "-" + Objects.requireNonNullElse(host.user(), "None");
		try {
			byte[] digest = MessageDigest.getInstance("SHA-1").digest(connection.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest).substring(0, 10);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-1", ex);
		}
	}

	/** This JVM's control directory, made with its guard on first use. */
	private Path directory() {
		if (this.dir == null) {
			PrivateWorkDir created = PrivateWorkDir.createSshControlDirIn(this.parent);
			try {
				checkRoomForSockets(created.path());
				this.guard = Guard.start(created, this.guardScript);
			}
			catch (RuntimeException ex) {
				created.close();
				throw ex;
			}
			this.dir = created;
			logger.debug("SSH control masters in {}, guarded by process {}", created.path(), this.guard.pid());
		}
		return this.dir.path();
	}

	static void checkRoomForSockets(Path controlDir) {
		int longest = controlDir.toString().getBytes(StandardCharsets.UTF_8).length + SOCKET_NAME_ROOM;
		if (longest > MAX_SOCKET_PATH) {
			throw new IllegalStateException("the SSH control sockets cannot go in " + controlDir.getParent()
					+ ": their paths would have up to " + longest + " bytes, and a unix socket's path has at most "
					+ MAX_SOCKET_PATH + "; set ospatch.ansible.work-dir to a directory with a path at least "
					+ (longest - MAX_SOCKET_PATH) + " bytes shorter");
		}
	}

	private static void exit(String node, Path socket) {
		List<String> command = List.of("ssh", "-o", "ControlPath=" + socket, "-O", "exit", ANY_DESTINATION);
		try {
			Process ssh = new ProcessBuilder(command).redirectInput(NOTHING).redirectErrorStream(true).start();
			// Waited for before its output is read: a master that does not answer must not block this.
			if (!ssh.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				ssh.destroyForcibly();
				logger.warn("{}: the SSH master did not exit within {}; it ends with ospatch", node, EXIT_TIMEOUT);
			}
			else if (ssh.exitValue() != 0) {
				String output = new String(ssh.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
				logger.warn("{}: could not end the SSH master ({}): {}", node, socket, output);
			}
		}
		catch (IOException ex) {
			logger.warn("{}: could not end the SSH master ({}); it ends with ospatch", node, socket, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			logger.warn("{}: interrupted while ending the SSH master ({}); it ends with ospatch", node, socket);
		}
	}

	/** The guard process of one control directory, and the thread that started it and waits for it. */
	private record Guard(Process process) {

		/**
		 * Starts the guard from a thread that lives as long as the guard: the kernel sends the
		 * parent-death signal when the thread that started a process ends, not only the JVM.
		 */
		static Guard start(PrivateWorkDir dir, JvmScript script) {
			List<String> command = script.command(dir, List.of(dir.path().toString()));
			CompletableFuture<Process> started = new CompletableFuture<>();
			Thread thread = new Thread(() -> run(command, started), "ssh-control-guard");
			// It must not keep the JVM from ending: its guard ends the masters then.
			thread.setDaemon(true);
			thread.start();
			try {
				return new Guard(started.get());
			}
			catch (ExecutionException ex) {
				throw new UncheckedIOException("cannot start the SSH control guard " + command,
						(ex.getCause() instanceof IOException io) ? io : new IOException(ex.getCause()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("interrupted while starting the SSH control guard", ex);
			}
		}

		private static void run(List<String> command, CompletableFuture<Process> started) {
			Process process;
			try {
				process = new ProcessBuilder(command).redirectInput(NOTHING)
					.redirectOutput(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException | RuntimeException ex) {
				started.completeExceptionally(ex);
				return;
			}
			started.complete(process);
			try (BufferedReader stderr = new BufferedReader(
					new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
				for (String line = stderr.readLine(); line != null; line = stderr.readLine()) {
					logger.warn("{}", line);
				}
				int code = process.waitFor();
				if (code != 0) {
					logger.warn("The SSH control guard ended with exit code {}", code);
				}
			}
			catch (IOException ex) {
				logger.warn("Lost the SSH control guard's stderr", ex);
			}
			catch (InterruptedException ex) {
				// Only this thread's own end interrupts it; the guard keeps watching the JVM.
				Thread.currentThread().interrupt();
			}
		}

		long pid() {
			return this.process.pid();
		}

		/** SIGTERM: the guard ends the masters, removes the directory and exits. */
		void stop(Duration timeout) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
					logger.warn("The SSH control guard {} did not end within {}; killing it", pid(), timeout);
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				logger.warn("Interrupted while the SSH control guard {} ended the SSH masters", pid());
			}
		}

	}

}
