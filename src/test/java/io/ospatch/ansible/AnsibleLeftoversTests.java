package io.ospatch.ansible;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives {@link AnsibleLeftovers} with real processes that stand in for the ones of a playbook run:
 * {@code python3} sleeping, with a work directory's path among its arguments like ansible-playbook
 * has its inventory.
 */
class AnsibleLeftoversTests {

	/**
	 * The system's Python, not a version manager's shim on the PATH: a shim runs as a shell that
	 * forks helpers with the same arguments (naming the run's directory) before it execs Python, and
	 * the cleanup would count those too.
	 */
	private static final String PYTHON = "/usr/bin/python3";

	private static final Duration GONE = Duration.ofSeconds(10);

	private static final Duration STARTED = Duration.ofSeconds(30);

	private static final String SLEEP = "import time; time.sleep(300)";

	@TempDir
	Path temp;

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void killWhatIsLeft() {
		this.started.forEach((process) -> {
			process.descendants().forEach(ProcessHandle::destroyForcibly);
			process.destroyForcibly();
		});
	}

	@Test
	void runOfADeadJvmIsKilledWithItsProcessGroupAndItsDirectoryDeleted() throws Exception {
		Path dir = workDir(deadPid(), 4242);
		// ansible-playbook leads a session of its own; the task's command does not name the directory.
		Process ansible = start("setsid", PYTHON, "-c",
				"import subprocess, time; subprocess.Popen(['sleep', '300']); time.sleep(300)",
				dir.resolve("inventory.yml").toString());
		// The supervisor stays in its JVM's process group: here, this test's.
		Process supervisor = start(PYTHON, "-c", SLEEP, dir.resolve("ansible-supervisor.py").toString());
		Processes.await("the run started", STARTED, () -> namesDir(ansible, dir) && namesDir(supervisor, dir)
				&& childrenOf(ansible).stream().anyMatch((child) -> child.arguments().equals(List.of("sleep", "300"))));
		List<ProcessTable.Entry> run = new ArrayList<>(childrenOf(ansible));
		run.add(ProcessTable.read(ansible.pid()).orElseThrow());
		run.add(ProcessTable.read(supervisor.pid()).orElseThrow());

		AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

		assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(1, 3, 0));
		Processes.await("the run's processes gone", GONE, () -> run.stream().noneMatch(Processes::running));
		assertThat(dir).doesNotExist();
	}

	@Test
	void sshMastersOfADeadJvmAreKilledAndTheirDirectoryDeleted() throws Exception {
		Path dir = Files.createDirectories(workDir()).resolve("ospatch-ssh-" + deadPid() + "-4242-17");
		Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ProcessTable.Entry master = StandInMaster.start(dir);

		AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

		assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(1, 1, 0));
		Processes.await("the master gone", GONE, () -> !Processes.running(master));
		assertThat(dir).doesNotExist();
	}

	@Test
	void sshMastersOfALiveJvmAreLeftAlone() throws Exception {
		PrivateWorkDir.Owner self = PrivateWorkDir.Owner.current();
		Path dir = Files.createDirectories(workDir()).resolve("ospatch-ssh-" + self.pid() + "-" + self.startTicks() + "-17");
		Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ProcessTable.Entry master = StandInMaster.start(dir);
		try {
			AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

			assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(0, 0, 0));
			assertThat(Processes.running(master)).isTrue();
			assertThat(dir).isDirectory();
		}
		finally {
			ProcessHandle.of(master.pid()).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	@Test
	void runOfALiveJvmIsLeftAlone() throws Exception {
		PrivateWorkDir.Owner self = PrivateWorkDir.Owner.current();
		Path dir = workDir(self.pid(), self.startTicks());
		Process ansible = start("setsid", PYTHON, "-c", SLEEP, dir.resolve("inventory.yml").toString());
		Processes.await("the run started", STARTED, () -> namesDir(ansible, dir));

		AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

		assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(0, 0, 0));
		assertThat(ansible.isAlive()).isTrue();
		assertThat(dir.resolve("inventory.yml")).exists();
	}

	@Test
	void directoryOfAReusedPidIsALeftover() throws IOException {
		PrivateWorkDir.Owner self = PrivateWorkDir.Owner.current();
		Path dir = workDir(self.pid(), self.startTicks() + 1);

		AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

		assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(1, 0, 0));
		assertThat(dir).doesNotExist();
	}

	@Test
	void directoriesNamedOtherwiseAreLeftAlone() throws IOException {
		Path oldStyle = Files.createDirectories(workDir().resolve("ospatch-ansible-1234567"));
		Path other = Files.createDirectories(workDir().resolve("something-else"));

		AnsibleLeftovers.Cleanup cleanup = leftovers().clean();

		assertThat(cleanup).isEqualTo(new AnsibleLeftovers.Cleanup(0, 0, 0));
		assertThat(oldStyle).exists();
		assertThat(other).exists();
	}

	@Test
	void missingWorkDirIsNothingToCleanUp() {
		assertThat(leftovers().clean()).isEqualTo(new AnsibleLeftovers.Cleanup(0, 0, 0));
	}

	@Test
	void workDirectoryNamesItsJvm() {
		PrivateWorkDir.Owner self = PrivateWorkDir.Owner.current();
		try (PrivateWorkDir dir = PrivateWorkDir.createIn(workDir())) {
			assertThat(dir.path().getFileName().toString())
				.startsWith("ospatch-ansible-" + self.pid() + "-" + self.startTicks() + "-");
			assertThat(PrivateWorkDir.ownerOf(dir.path())).contains(self);
			assertThat(self.mayBeAlive()).isTrue();
		}
	}

	private AnsibleLeftovers leftovers() {
		return new AnsibleLeftovers(new AnsibleProperties(this.temp, "ansible-playbook", Duration.ofMinutes(1), workDir()));
	}

	private Path workDir() {
		return this.temp.resolve("work");
	}

	/** A work directory as a run of JVM {@code pid} leaves it. */
	private Path workDir(long pid, long startTicks) throws IOException {
		Path dir = Files.createDirectories(workDir()).resolve("ospatch-ansible-" + pid + "-" + startTicks + "-17");
		Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		Files.writeString(dir.resolve("inventory.yml"), "{}");
		return dir;
	}

	private static long deadPid() throws Exception {
		Process process = new ProcessBuilder("true").start();
		process.waitFor();
		return process.pid();
	}

	private Process start(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		this.started.add(process);
		return process;
	}

	/** Whether {@code process} has started its program, which names {@code dir}. */
	private static boolean namesDir(Process process, Path dir) {
		return ProcessTable.read(process.pid()).filter((entry) -> entry.mentions(dir)).isPresent();
	}

	private static List<ProcessTable.Entry> childrenOf(Process process) {
		return process.children().flatMap((child) -> ProcessTable.read(child.pid()).stream()).toList();
	}

}
