package io.ospatch.ansible;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ospatch.support.Leftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link SshControlMasters} without an SSH server: the socket names, the room a socket's path
 * needs, and the guard, with a {@link StandInMaster} for a master. SshControlMastersLabTests shows
 * the same with real masters on the lab.
 */
class SshControlMastersTests {

	private static final Duration GONE = Duration.ofSeconds(10);

	@TempDir
	Path temp;

	private SshControlMasters masters;

	@AfterEach
	void close() {
		if (this.masters != null) {
			this.masters.close();
		}
	}

	@Test
	void socketIsNamedAsAnsibleNamesItsDefaultControlPath() {
		// Expected values printed by ansible-core 2.14's Connection._create_control_path(host, port, user)
		// of the ssh connection plugin: '%(directory)s/d860863e64' and '%(directory)s/f818727d83'.
		assertThat(SshControlMasters.socketName(new InventoryHost("lab-a-1", "127.0.0.1", 2401, "root", null)))
			.isEqualTo("d860863e64");
		assertThat(SshControlMasters.socketName(new InventoryHost("node", "node.example", 22, null, null)))
			.isEqualTo("f818727d83");
	}

	@Test
	void workDirTooLongForASocketIsRefusedNamingTheSettingAndLeavesNothing() throws IOException {
		// 18 bytes of directory name ("ospatch-ssh-1-2-3") leave at most 107 - 28 - 18 = 61 for the parent's path.
		Path tooLong = Files.createDirectories(this.temp.resolve("x".repeat(61 - this.temp.toString().length())));
		SshControlMasters masters = new SshControlMasters(
				new AnsibleProperties(this.temp, "ansible-playbook", Duration.ofMinutes(1), tooLong));

		assertThatIllegalStateException().isThrownBy(masters::environment)
			.withMessageStartingWith("the SSH control sockets cannot go in " + tooLong + ": their paths would have up to ")
			.withMessageContaining("a unix socket's path has at most 107; set ospatch.ansible.work-dir to a directory");
		assertThat(Leftovers.filesIn(tooLong)).isEmpty();
		SshControlMasters.checkRoomForSockets(Path.of("/" + "x".repeat(107 - 28 - 1)));
		assertThatIllegalStateException().isThrownBy(() -> SshControlMasters.checkRoomForSockets(Path.of("/" + "x".repeat(107 - 28))))
			.withMessageEndingWith("at least 1 bytes shorter");
	}

	@Test
	void nothingIsMadeUntilAPlaybookRunAsksForTheDirectory() throws IOException {
		masters().close(List.of(new InventoryHost("lab-a-1", "127.0.0.1", 2401, "root", null)));

		assertThat(Files.exists(workDir())).isFalse();
	}

	@Test
	void oneOwnerOnlyDirectoryNamingThisJvmServesEveryRun() throws IOException {
		Path first = controlDir(masters().environment());
		Path second = controlDir(masters().environment());

		PrivateWorkDir.Owner self = PrivateWorkDir.Owner.current();
		assertThat(second).isEqualTo(first);
		assertThat(first.getParent()).isEqualTo(workDir().toAbsolutePath());
		assertThat(first.getFileName().toString()).startsWith("ospatch-ssh-" + self.pid() + "-" + self.startTicks() + "-");
		assertThat(PrivateWorkDir.ownerOf(first)).contains(self);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(first))).isEqualTo("rwx------");
	}

	@Test
	void closeEndsTheMastersAndTheGuardAndRemovesTheDirectory() throws Exception {
		Path controlDir = controlDir(masters().environment());
		ProcessTable.Entry master = StandInMaster.start(controlDir);
		List<ProcessTable.Entry> guard = Processes.mentioning(controlDir.resolve("ssh-control-guard.py").toString());
		assertThat(guard).hasSize(1);

		masters().close();

		assertThat(Processes.running(master)).isFalse();
		assertThat(Processes.running(guard.get(0))).isFalse();
		assertThat(controlDir).doesNotExist();
		assertThat(controlDir(masters().environment())).as("a later run starts afresh").isNotEqualTo(controlDir).isDirectory();
	}

	@Test
	void killedJvmTakesItsMastersAndTheirDirectoryWithIt() throws Exception {
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), SshMastersInAChildJvm.class.getName(), workDir().toString())
			.redirectErrorStream(true)
			.start();
		Path controlDir;
		try (BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8))) {
			controlDir = Path.of(firstLineNaming(output, workDir().toString()));
			assertThat(Processes.mentioning(controlDir.toString())).as("the guard and the master run")
				.anyMatch((process) -> String.join(" ", process.arguments()).contains("ssh-control-guard.py"))
				.anyMatch((process) -> String.join(" ", process.arguments()).contains(StandInMaster.SOCKET));
		}
		finally {
			// SIGKILL: no shutdown hook runs, nothing of the JVM's own code.
			jvm.destroyForcibly();
			jvm.waitFor();
		}

		assertThat(Leftovers.processesAfterTenSeconds(controlDir.toString())).isEmpty();
		Processes.await("the control directory removed", GONE, () -> !Files.exists(controlDir));
		assertThat(Leftovers.filesIn(workDir())).isEmpty();
	}

	private static String firstLineNaming(BufferedReader output, String dir) throws IOException {
		StringBuilder seen = new StringBuilder();
		for (String line = output.readLine(); line != null; line = output.readLine()) {
			if (line.startsWith(dir)) {
				return line;
			}
			seen.append(line).append('\n');
		}
		throw new AssertionError("the child JVM ended without naming its control directory; its output:\n" + seen);
	}

	private SshControlMasters masters() {
		if (this.masters == null) {
			this.masters = new SshControlMasters(
					new AnsibleProperties(this.temp, "ansible-playbook", Duration.ofMinutes(1), workDir()));
		}
		return this.masters;
	}

	private Path workDir() {
		return this.temp.resolve("work");
	}

	private static Path controlDir(Map<String, String> environment) {
		return Path.of(environment.get(SshControlMasters.CONTROL_PATH_DIR_VARIABLE));
	}

}
