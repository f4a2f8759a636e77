package io.ospatch.ansible;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.ospatch.support.LabFleet;
import io.ospatch.support.Leftovers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real SSH masters on lab nodes, made by ansible-playbook runs through the runner with the real
 * {@code playbooks/ansible.cfg}: one master per node serves every run of the JVM, and none outlives
 * its cluster's close, the JVM's close or the JVM's death.
 */
class SshControlMastersIntegrationTests {

	private static final Path PLAYBOOKS = Path.of("playbooks").toAbsolutePath();

	private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

	private static final Duration GONE = Duration.ofSeconds(10);

	private static LabFleet lab;

	@TempDir
	Path temp;

	private SshControlMasters masters;

	@BeforeAll
	static void lab() {
		lab = LabFleet.get();
		lab.reset();
	}

	@AfterEach
	void close() {
		if (this.masters != null) {
			this.masters.close();
		}
	}

	@Test
	void twoRunsOnANodeShareOneConnectionWhichEndsWithTheClustersClose() throws Exception {
		InventoryHost node = labHost("lab-a-2");
		long acceptedBefore = lab.sshConnectionsAccepted("lab-a-2");
		PlaybookRun first;
		PlaybookRun second;
		Path socket = controlDir().resolve(SshControlMasters.socketName(node));
		List<ProcessTable.Entry> mastersAfterFirst;
		try (CommonsExecPlaybookRunner runner = new CommonsExecPlaybookRunner(properties(), masters())) {
			first = runner.run(osFacts(node));
			mastersAfterFirst = Processes.mentioning(socket.toString());
			second = runner.run(osFacts(node));
		}

		assertThat(first.hosts().get("lab-a-2").status()).isEqualTo(HostStatus.OK);
		assertThat(second.hosts().get("lab-a-2").status()).isEqualTo(HostStatus.OK);
		assertThat(socket).as("Ansible's socket where ospatch looks for it").exists();
		assertThat(mastersAfterFirst).as("one master, named after its socket").singleElement()
			.satisfies((master) -> assertThat(String.join(" ", master.arguments())).startsWith("ssh: " + socket));
		assertThat(Processes.mentioning(socket.toString())).as("the same master after the second run")
			.isEqualTo(mastersAfterFirst);
		assertThat(lab.sshConnectionsAccepted("lab-a-2") - acceptedBefore).as("connections the node's sshd accepted")
			.isEqualTo(1);

		masters().close(List.of(node));

		Processes.await("the master gone", GONE, () -> !Processes.running(mastersAfterFirst.get(0)));
		assertThat(socket).doesNotExist();

		masters().close();

		assertThat(Leftovers.processesAfterTenSeconds(workDir().toString())).isEmpty();
		assertThat(Leftovers.filesIn(workDir())).isEmpty();
	}

	@Test
	void killedJvmTakesItsMastersWithIt() throws Exception {
		Process jvm = childJvm("lab-a-3");
		ProcessTable.Entry master;
		Path controlDir;
		try {
			controlDir = controlDirOf(jvm);
			master = realMaster(controlDir);
		}
		finally {
			// SIGKILL: no shutdown hook runs, nothing of the JVM's own code.
			jvm.destroyForcibly();
			jvm.waitFor();
		}

		Processes.await("the master gone", GONE, () -> !Processes.running(master));
		assertThat(Leftovers.processesAfterTenSeconds(workDir().toString())).isEmpty();
		Processes.await("the control directory removed", GONE, () -> !Files.exists(controlDir));
		assertThat(Leftovers.filesIn(workDir())).isEmpty();
	}

	@Test
	void mastersOfAJvmKilledWithItsGuardAreEndedByTheNextStartsCleanup() throws Exception {
		Process jvm = childJvm("lab-a-3");
		ProcessTable.Entry master;
		Path controlDir;
		try {
			controlDir = controlDirOf(jvm);
			master = realMaster(controlDir);
			ProcessTable.Entry guard = Processes.mentioning(controlDir.resolve("ssh-control-guard.py").toString()).get(0);
			ProcessHandle.of(guard.pid()).ifPresent(ProcessHandle::destroyForcibly);
			Processes.await("the guard gone", GONE, () -> !Processes.running(guard));
		}
		finally {
			jvm.destroyForcibly();
			jvm.waitFor();
		}
		assertThat(Processes.running(master)).as("the master, guard and JVM gone").isTrue();

		AnsibleLeftovers.Cleanup cleanup = new AnsibleLeftovers(properties()).clean();

		assertThat(cleanup.deletedWorkDirs()).isEqualTo(1);
		assertThat(cleanup.killedProcesses()).isGreaterThanOrEqualTo(1);
		Processes.await("the master gone", GONE, () -> !Processes.running(master));
		assertThat(controlDir).doesNotExist();
		assertThat(Leftovers.filesIn(workDir())).isEmpty();
	}

	private Process childJvm(String node) throws IOException {
		return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), LabRunInAChildJvm.class.getName(), PLAYBOOKS.toString(),
				workDir().toString(), Integer.toString(lab.sshPort(node)), lab.sshKey().toString(),
				lab.knownHosts().toString())
			.redirectErrorStream(true)
			.start();
	}

	/** The control directory the child JVM prints once its run has ended. */
	private Path controlDirOf(Process jvm) throws IOException {
		BufferedReader output = new BufferedReader(new InputStreamReader(jvm.getInputStream(), StandardCharsets.UTF_8));
		StringBuilder seen = new StringBuilder();
		for (String line = output.readLine(); line != null; line = output.readLine()) {
			if (line.startsWith(workDir().toString())) {
				return Path.of(line);
			}
			seen.append(line).append('\n');
		}
		throw new AssertionError("the child JVM ended without naming its control directory; its output:\n" + seen);
	}

	/** The one ssh master with its socket in {@code controlDir}. */
	private static ProcessTable.Entry realMaster(Path controlDir) {
		List<ProcessTable.Entry> found = Processes.mentioning(controlDir.toString())
			.stream()
			.filter((process) -> String.join(" ", process.arguments()).startsWith("ssh: " + controlDir + "/"))
			.toList();
		assertThat(found).as("the run's ssh master").hasSize(1);
		return found.get(0);
	}

	private static InventoryHost labHost(String node) {
		return new InventoryHost(node, "127.0.0.1", lab.sshPort(node), "root", lab.sshKey(),
				new SshOptions(lab.knownHosts(), null), Map.of("ansible_python_interpreter", "/usr/local/bin/lab-python3"));
	}

	private static PlaybookRequest osFacts(InventoryHost node) {
		return new PlaybookRequest(Playbook.OS_FACTS, List.of(node), Map.of(), Map.of(), false, null);
	}

	private SshControlMasters masters() {
		if (this.masters == null) {
			this.masters = new SshControlMasters(properties());
		}
		return this.masters;
	}

	private Path controlDir() {
		return Path.of(masters().environment().get(SshControlMasters.CONTROL_PATH_DIR_VARIABLE));
	}

	private AnsibleProperties properties() {
		return new AnsibleProperties(PLAYBOOKS, "ansible-playbook", RUN_TIMEOUT, workDir());
	}

	private Path workDir() {
		return this.temp.resolve("work");
	}

}
