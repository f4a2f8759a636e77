package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.FakeAnsible;
import io.ospatch.support.Leftovers;
import io.ospatch.support.OspatchProcess;
import io.ospatch.support.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch patch} as real processes on the MySQL/MariaDB test database, killed, stopped and
 * racing each other, with the fake ansible-playbook (it sleeps, so a chunk lasts long enough to be
 * cut off, and logs every run). The cluster has three nodes, one per chunk.
 */
class RolloutKillProcessTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(2);

	@TempDir
	Path dir;

	private JdbcClient jdbc;

	private Path fake;

	private Path workDir;

	private Path fakeLog;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void threeNodesOnMariaDb() throws IOException {
		this.jdbc = TestDatabase.jdbc();
		this.fake = FakeAnsible.install(this.dir.resolve("bin"));
		this.workDir = Files.createDirectories(this.dir.resolve("ansible-work"));
		this.fakeLog = this.dir.resolve("fake-ansible.log");
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), "not a real key: the fake never connects\n");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
		Path fleet = Files.writeString(this.dir.resolve("fleet.yaml"), """
				clusters:
				  - name: k1
				    max-unavailable: 1
				    ssh-key: %s
				    nodes:
				      - {name: cp-1, address: 10.0.0.10, role: control-plane}
				      - {name: w-1, address: 10.0.0.21, role: worker}
				      - {name: w-2, address: 10.0.0.22, role: worker}
				""".formatted(key));
		DatabaseCleaner.cleanIfMigrated(this.jdbc);
		assertSucceeds(run(Map.of(), "import", fleet.toString()));
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
	}

	@Test
	void sigkillInTheMiddleOfAChunkThenTheSameCommandFinishesTheRun() throws Exception {
		OspatchProcess patch = start(Map.of(FakeAnsible.SLEEP, "30"), "patch", "--cluster", "k1");
		patch.awaitLine("k1: chunk 2/3 .*running os-patch on w-1", TIMEOUT);
		awaitFakeRunOn("w-1");

		patch.kill();
		assertThat(patch.waitFor(TIMEOUT)).isNotZero();

		assertThat(Leftovers.processesAfterTenSeconds(this.fake.toString())).as("ansible-playbook dies with ospatch").isEmpty();
		assertThat(Leftovers.processesAfterTenSeconds(this.workDir.toString())).as("no SSH master or its guard outlives ospatch")
			.isEmpty();
		OspatchProcess again = run(Map.of(FakeAnsible.SLEEP, "0"), "patch", "--cluster", "k1");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(again.stdout()).contains("k1: compliant (run").contains("resumed");
		assertThat(fakeRunsPerHost()).as("only the chunk that was cut off ran twice")
			.containsEntry("cp-1", 1L)
			.containsEntry("w-1", 2L)
			.containsEntry("w-2", 1L);
		assertThat(this.jdbc.sql("SELECT status FROM node_results").query(String.class).list()).hasSize(3)
			.containsOnly("patched");
		assertThat(this.jdbc.sql("SELECT event FROM run_events ORDER BY occurred_at, id").query(String.class).list())
			.containsSubsequence("started", "interrupted", "resumed", "ended");
		assertThat(Leftovers.filesIn(this.workDir)).as("no inventory left").isEmpty();
	}

	@Test
	void sigtermLetsTheChunkFinishLeavesTheRunResumableAndNoNodeRunsTwice() throws Exception {
		OspatchProcess patch = start(Map.of(FakeAnsible.SLEEP, "4"), "patch", "--cluster", "k1");
		patch.awaitLine("k1: chunk 2/3 .*running os-patch on w-1", TIMEOUT);

		patch.terminate();

		assertThat(patch.waitFor(TIMEOUT)).as(patch.stdout() + patch.stderr()).isEqualTo(143);
		assertThat(patch.stdout()).contains("k1: stopped").contains("the same command resumes it");
		assertThat(patch.stderr()).doesNotContain("Exception");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).as("released").isZero();
		OspatchProcess again = run(Map.of(FakeAnsible.SLEEP, "0"), "patch", "--cluster", "k1");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(fakeRunsPerHost()).containsEntry("cp-1", 1L).containsEntry("w-1", 1L).containsEntry("w-2", 1L);
		assertThat(Leftovers.processesAfterTenSeconds(this.fake.toString())).isEmpty();
		assertThat(Leftovers.filesIn(this.workDir)).isEmpty();
	}

	@Test
	void twoLaunchersRacingForAFreeClusterGetOneRunAndOneBusyEveryTime() {
		for (int round = 1; round <= 20; round++) {
			// three chunks of 2 s: the winner holds the cluster for longer than two JVMs take to start apart
			Map<String, String> slow = Map.of(FakeAnsible.SLEEP, "2");
			OspatchProcess first = start(slow, "patch", "--cluster", "k1");
			OspatchProcess second = start(slow, "patch", "--cluster", "k1");

			List<Integer> exitCodes = Stream.of(first, second).map((process) -> process.waitFor(TIMEOUT)).sorted().toList();

			assertThat(exitCodes).as("round " + round + ":\n" + first.stdout() + first.stderr() + "\n" + second.stdout()
					+ second.stderr()).containsExactly(0, 75);
			assertThat(first.stderr() + second.stderr()).doesNotContain("Exception");
		}
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isEqualTo(20);
	}

	private OspatchProcess start(Map<String, String> extra, String... args) {
		Map<String, String> environment = new HashMap<>(Map.of("OSPATCH_ANSIBLE_BINARY",
				this.fake.toString(), "OSPATCH_ANSIBLE_PLAYBOOKS_DIR", Path.of("playbooks").toAbsolutePath().toString(),
				"OSPATCH_ANSIBLE_WORK_DIR", this.workDir.toString(), "OSPATCH_REPORTS_DIR",
				this.dir.resolve("reports").toString(), FakeAnsible.LOG, this.fakeLog.toString()));
		environment.putAll(extra);
		environment.putAll(TestDatabase.environment());
		OspatchProcess process = OspatchProcess.start(this.dir, environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(Map<String, String> extra, String... args) {
		OspatchProcess process = start(extra, args);
		process.waitFor(TIMEOUT);
		return process;
	}

	private void awaitFakeRunOn(String host) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (fakeRunsPerHost().getOrDefault(host, 0L) == 0) {
			assertThat(System.nanoTime()).as("the fake ansible-playbook runs on " + host).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	private Map<String, Long> fakeRunsPerHost() throws IOException {
		Map<String, Long> runs = new HashMap<>();
		if (!Files.exists(this.fakeLog)) {
			return runs;
		}
		for (String line : Files.readAllLines(this.fakeLog)) {
			String[] fields = line.split(" ");
			if (fields.length == 3 && fields[1].equals("os-patch.yml")) {
				Arrays.stream(fields[2].split(",")).forEach((host) -> runs.merge(host, 1L, Long::sum));
			}
		}
		return runs;
	}

	private static void assertSucceeds(OspatchProcess process) {
		assertThat(process.exitCode()).as(process + "\n" + process.stderr()).isZero();
	}

}
