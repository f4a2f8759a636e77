package io.ospatch.ansible;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Drives the real ansible-playbook with the test doubles of the playbooks in
 * {@code src/test/resources/ansible/playbooks}, on localhost (connection local) and on 127.0.0.1
 * port 1, where nothing listens.
 */
class CommonsExecPlaybookRunnerTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(1);

	/** How long a playbook may take to start its task on a loaded machine. */
	private static final Duration STARTED = Duration.ofSeconds(60);

	@TempDir
	Path temp;

	/** Apart from the runs' work directory, whose emptiness the tests check after each run. */
	@TempDir
	Path sshDir;

	private SshControlMasters masters;

	@AfterEach
	void endSshMasters() {
		if (this.masters != null) {
			this.masters.close();
		}
	}

	@Test
	void patchedRunExitsZeroAndLeavesItsReportAndItsStderrInTheLog() throws IOException {
		Path log = this.temp.resolve("logs/lab-a/run-1.log");
		PlaybookRequest request = new PlaybookRequest(Playbook.OS_PATCH, List.of(local("node-1", "patched")),
				Map.of("test_stderr_line", "a line on stderr"), Map.of(), false, log);

		PlaybookRun run = runOnce(testPlaybooks(), TIMEOUT, request);

		assertThat(run.exitCode()).isZero();
		assertThat(run.elapsed()).isPositive();
		HostOutcome outcome = run.hosts().get("node-1");
		assertThat(outcome.status()).isEqualTo(HostStatus.OK);
		assertThat(outcome.facts().status()).isEqualTo(PatchStatus.PATCHED);
		assertThat(outcome.facts().rebooted()).isTrue();
		assertThat(outcome.facts().targetVersion()).isEqualTo("12.12");
		assertThat(workDir()).isEmptyDirectory();
		assertThat(Files.readString(log)).contains("\"custom_stats\"")
			.contains("a line on stderr")
			.contains("=== exit code 0 after ");
	}

	@Test
	void failedHostExitsTwoAndIsReadNextToAnOkHost() {
		PlaybookRequest request = request(Playbook.OS_PATCH, local("node-1", "fail-reported"),
				local("node-2", "patched"));

		PlaybookRun run = runOnce(testPlaybooks(), TIMEOUT, request);

		assertThat(run.exitCode()).isEqualTo(2);
		assertThat(run.hosts().get("node-1").status()).isEqualTo(HostStatus.FAILED);
		assertThat(run.hosts().get("node-1").error()).startsWith("E: Release file");
		assertThat(run.hosts().get("node-2").status()).isEqualTo(HostStatus.OK);
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void unreachableHostExitsFourAndIsRead() {
		PlaybookRequest request = request(Playbook.OS_FACTS, new InventoryHost("node-gone", "127.0.0.1", 1, "root", null),
				local("node-2", "patched"));

		PlaybookRun run = runOnce(testPlaybooks(), TIMEOUT, request);

		assertThat(run.exitCode()).isEqualTo(4);
		assertThat(run.hosts().get("node-gone").status()).isEqualTo(HostStatus.UNREACHABLE);
		assertThat(run.hosts().get("node-gone").error()).contains("port 1: Connection refused");
		assertThat(run.hosts().get("node-2").facts().status()).isEqualTo(PatchStatus.UPDATES_AVAILABLE);
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void checkModeAndExtraVarsReachThePlaybook() {
		PlaybookRequest request = new PlaybookRequest(Playbook.OS_PATCH, List.of(local("node-1", "patched")), Map.of(),
				Map.of("os_patch_target_version", "12.99"), true, null);

		PlaybookRun run = runOnce(testPlaybooks(), TIMEOUT, request);

		OsPatchFacts facts = run.hosts().get("node-1").facts();
		assertThat(facts.targetVersion()).isEqualTo("12.99");
		assertThat(facts.rebooted()).as("rebooted in check mode").isFalse();
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void watchdogKillsAHungRunWithEverythingItStarted() {
		PlaybookRequest request = request(Playbook.OS_PATCH, local("node-1", "sleep"));
		long started = System.nanoTime();

		assertThatExceptionOfType(PlaybookTimeoutException.class)
			.isThrownBy(() -> runOnce(testPlaybooks(), Duration.ofSeconds(3), request))
			.withMessageStartingWith("ansible-playbook os-patch.yml on node-1 timed out after 3s")
			.satisfies((ex) -> assertThat(ex.timeout()).hasSeconds(3));
		// Its workers held stdout open: had they lived on, the run would have waited for them.
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(processesOfThisTest()).isEmpty();
		assertThat(sleepsOfThisTest()).isEmpty();
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void interruptedRunIsStoppedWithEverythingItStarted() throws InterruptedException {
		PlaybookRequest request = request(Playbook.OS_PATCH, local("node-1", "sleep"));
		AtomicReference<Throwable> failure = new AtomicReference<>();
		AtomicBoolean stillInterrupted = new AtomicBoolean();
		Thread caller = new Thread(() -> {
			try {
				runOnce(testPlaybooks(), TIMEOUT, request);
			}
			catch (Throwable ex) {
				failure.set(ex);
				stillInterrupted.set(Thread.currentThread().isInterrupted());
			}
		});

		caller.start();
		Processes.await("the playbook's sleep started", STARTED, () -> !sleepsOfThisTest().isEmpty());
		List<ProcessTable.Entry> sleeps = sleepsOfThisTest();
		long interrupted = System.nanoTime();
		caller.interrupt();
		caller.join(Duration.ofSeconds(20).toMillis());

		assertThat(caller.isAlive()).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - interrupted)).isLessThan(Duration.ofSeconds(10));
		assertThat(sleeps).noneMatch(Processes::running);
		assertThat(sleepsOfThisTest()).isEmpty();
		assertThat(failure.get()).isInstanceOf(PlaybookExecutionException.class)
			.isInstanceOf(PlaybookStoppedException.class)
			.hasMessage("ansible-playbook os-patch.yml on node-1 was stopped (its thread was interrupted) and killed");
		assertThat(stillInterrupted).isTrue();
		assertThat(processesOfThisTest()).isEmpty();
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void aRunStartsInTheSupervisorStartedForItDuringTheRunBeforeAndLeavesOneForTheNext() throws InterruptedException {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		try (CommonsExecPlaybookRunner runner = runner(testPlaybooks(), TIMEOUT)) {
			runner.run(request(Playbook.OS_PATCH, local("node-1", "patched")));
			List<ProcessTable.Entry> waiting = supervisorsOfThisTest();
			assertThat(waiting).singleElement()
				.satisfies((supervisor) -> assertThat(supervisor.arguments()).contains("--ready", "ansible-playbook"))
				// the interpreter ansible-playbook's own #! line names, which can load ansible
				.satisfies((supervisor) -> assertThat(supervisor.arguments().get(0))
					.isEqualTo(JvmScript.interpreterOf("ansible-playbook")));
			Thread caller = new Thread(() -> {
				try {
					runner.run(request(Playbook.OS_PATCH, local("node-1", "sleep")));
				}
				catch (Throwable ex) {
					failure.set(ex);
				}
			});

			caller.start();
			Processes.await("the playbook's sleep started", STARTED, () -> !sleepsOfThisTest().isEmpty());

			// the supervisor that waited runs it, ansible-playbook being a copy of it (no process runs
			// the script of its own), and another one waits for the next run
			assertThat(processesOfThisTest()).noneMatch((process) -> process.arguments().contains("-i"));
			assertThat(supervisorsOfThisTest()).anyMatch((process) -> process.pid() == waiting.get(0).pid());
			assertThat(supervisorsOfThisTest()).hasSize(2);
			caller.interrupt();
			caller.join(Duration.ofSeconds(20).toMillis());
			assertThat(failure.get()).isInstanceOf(PlaybookStoppedException.class);
			assertThat(sleepsOfThisTest()).isEmpty();
			assertThat(supervisorsOfThisTest()).singleElement().matches((process) -> process.pid() != waiting.get(0).pid());
		}
		assertThat(processesOfThisTest()).isEmpty();
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void theSupervisorNoRunTookEndsWithTheRunner() {
		CommonsExecPlaybookRunner runner = runner(testPlaybooks(), TIMEOUT);
		runner.run(request(Playbook.OS_PATCH, local("node-1", "patched")));
		assertThat(supervisorsOfThisTest()).hasSize(1);

		runner.close();

		assertThat(processesOfThisTest()).isEmpty();
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void killedJvmTakesItsRunWithIt() throws IOException, InterruptedException {
		Path childLog = this.temp.resolve("child-jvm.log");
		Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), RunInAChildJvm.class.getName(), testPlaybooks().toString(),
				workDir().toString(), remoteTmp().toString())
			.redirectErrorStream(true)
			.redirectOutput(childLog.toFile())
			.start();
		List<ProcessTable.Entry> run;
		try {
			Processes.await("the playbook's sleep started in the child JVM", STARTED,
					() -> !sleepsOfThisTest().isEmpty() || !jvm.isAlive());
			assertThat(jvm.isAlive()).as("child JVM alive; its output: %s", Files.readString(childLog)).isTrue();
			run = jvm.descendants().flatMap((process) -> ProcessTable.read(process.pid()).stream()).toList();
			assertThat(run).as("the run's processes")
				.anyMatch((process) -> process.arguments().contains("sleep"))
				.anyMatch((process) -> String.join(" ", process.arguments()).contains("ansible-playbook"));
		}
		finally {
			// SIGKILL: no shutdown hook runs.
			jvm.destroyForcibly();
			jvm.waitFor();
		}

		Processes.await("the run's processes gone after the JVM was killed", Duration.ofSeconds(10),
				() -> run.stream().noneMatch(Processes::running));
		assertThat(processesOfThisTest()).isEmpty();
		assertThat(sleepsOfThisTest()).isEmpty();
		// Its work directory, with the inventory, is left for the next ospatch to clean up.
		assertThat(new AnsibleLeftovers(new AnsibleProperties(testPlaybooks(), "ansible-playbook", TIMEOUT, workDir()))
			.clean()).isEqualTo(new AnsibleLeftovers.Cleanup(1, 0, 0));
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void missingBinaryFailsClearly() {
		AnsibleProperties properties = new AnsibleProperties(testPlaybooks(), "/nonexistent/ansible-playbook", TIMEOUT,
				workDir());

		assertThatExceptionOfType(PlaybookExecutionException.class)
			.isThrownBy(() -> {
				try (CommonsExecPlaybookRunner runner = new CommonsExecPlaybookRunner(properties, masters())) {
					runner.run(request(Playbook.OS_PATCH, local("node-1", "patched")));
				}
			})
			.withMessageStartingWith("ansible-playbook os-patch.yml on node-1 could not run (/nonexistent/ansible-playbook): ")
			.withMessageContaining("No such file or directory");
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void runFailingAsAWholeNamesItsExitCodeAndStderr() throws IOException {
		Path playbooks = Files.createDirectories(this.temp.resolve("no-playbooks"));
		Files.copy(testPlaybooks().resolve("ansible.cfg"), playbooks.resolve("ansible.cfg"));
		Path log = this.temp.resolve("run.log");
		PlaybookRequest request = new PlaybookRequest(Playbook.OS_FACTS, List.of(local("node-1", "patched")), Map.of(),
				Map.of(), false, log);

		assertThatExceptionOfType(PlaybookExecutionException.class)
			.isThrownBy(() -> runOnce(playbooks, TIMEOUT, request))
			.withMessageStartingWith("ansible-playbook os-facts.yml on node-1 failed with exit code 1; stderr ends with:")
			.withMessageContaining("os-facts.yml could not be found");
		assertThat(Files.readString(log)).contains("os-facts.yml could not be found");
		assertThat(workDir()).isEmptyDirectory();
	}

	@Test
	void invalidHostIsRejectedBeforeAnythingRuns() {
		PlaybookRequest request = request(Playbook.OS_PATCH, new InventoryHost("node-1", "1.2.3.4 -oProxyCommand=x", 22,
				null, null));

		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> runOnce(testPlaybooks(), TIMEOUT, request))
			.withMessageContaining("-oProxyCommand=x");
		assertThat(workDir()).isEmptyDirectory();
	}

	/** One run on a runner of its own, closed afterwards with the supervisor it started for a next run. */
	private PlaybookRun runOnce(Path playbooks, Duration timeout, PlaybookRequest request) {
		try (CommonsExecPlaybookRunner runner = runner(playbooks, timeout)) {
			return runner.run(request);
		}
	}

	private CommonsExecPlaybookRunner runner(Path playbooks, Duration timeout) {
		return new CommonsExecPlaybookRunner(new AnsibleProperties(playbooks, "ansible-playbook", timeout, workDir()),
				masters());
	}

	private SshControlMasters masters() {
		if (this.masters == null) {
			this.masters = new SshControlMasters(
					new AnsibleProperties(testPlaybooks(), "ansible-playbook", TIMEOUT, this.sshDir));
		}
		return this.masters;
	}

	private List<ProcessTable.Entry> processesOfThisTest() {
		return Processes.mentioning(this.temp.toString());
	}

	/**
	 * The supervisors of this test's runs: in this JVM's session, where a run's ansible-playbook (a
	 * copy of its supervisor) and its workers have a session of their own.
	 */
	private List<ProcessTable.Entry> supervisorsOfThisTest() {
		long ownSession = ProcessTable.read(ProcessHandle.current().pid()).orElseThrow().sid();
		return processesOfThisTest().stream()
			.filter((process) -> process.sid() == ownSession)
			.filter((process) -> process.arguments().stream().anyMatch((argument) -> argument.endsWith("ansible-supervisor.py")))
			.toList();
	}

	/** The {@code sleep} of the sleep scenario: its environment names the test's directory. */
	private List<ProcessTable.Entry> sleepsOfThisTest() {
		return Processes.withEnvironment("TMPDIR=" + remoteTmp())
			.stream()
			.filter((process) -> !process.arguments().isEmpty() && process.arguments().get(0).endsWith("sleep"))
			.toList();
	}

	private Path remoteTmp() {
		return this.temp.resolve("remote-tmp");
	}

	private Path workDir() {
		return this.temp.resolve("work");
	}

	private PlaybookRequest request(Playbook playbook, InventoryHost... hosts) {
		return new PlaybookRequest(playbook, List.of(hosts), Map.of(), Map.of(), false, null);
	}

	// A killed module cannot remove its files: ansible_remote_tmp keeps them in the test's directory.
	private InventoryHost local(String name, String scenario) {
		return new InventoryHost(name, "127.0.0.1", 22, null, null, Map.of("ansible_connection", "local",
				"ansible_remote_tmp", remoteTmp().toString(), "test_scenario", scenario));
	}

	private static Path testPlaybooks() {
		try {
			return Path.of(CommonsExecPlaybookRunnerTests.class.getResource("/ansible/playbooks").toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
