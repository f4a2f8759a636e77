package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
 * {@code ospatch scheduled} as real processes on the MySQL/MariaDB test database, with the fake
 * ansible-playbook: several pods at once share the due clusters through the leases and patch each
 * exactly once; a pod killed with SIGKILL is retried and resumes the same run. Twelve weekly
 * clusters of one node each; {@code --now} is a few minutes after their first fire time.
 */
class ScheduledProcessTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final int CLUSTERS = 12;

	@TempDir
	Path dir;

	private JdbcClient jdbc;

	private Path fake;

	private Path workDir;

	private Path fakeLog;

	private String now;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void twelveWeeklyClustersOnMariaDb() throws IOException {
		this.jdbc = TestDatabase.jdbc();
		this.fake = FakeAnsible.install(this.dir.resolve("bin"));
		this.workDir = Files.createDirectories(this.dir.resolve("ansible-work"));
		this.fakeLog = this.dir.resolve("fake-ansible.log");
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), "not a real key: the fake never connects\n");
		Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
		StringBuilder fleet = new StringBuilder("clusters:\n");
		for (int i = 1; i <= CLUSTERS; i++) {
			fleet.append("""
					  - name: s%d
					    schedule: weekly
					    ssh-key: %s
					    nodes:
					      - {name: s%d-cp, address: 10.0.1.%d, role: control-plane}
					""".formatted(i, key, i, i));
		}
		DatabaseCleaner.cleanIfMigrated(this.jdbc);
		OspatchProcess imported = run(Map.of(), "import", Files.writeString(this.dir.resolve("fleet.yaml"), fleet).toString());
		assertThat(imported.exitCode()).as(imported.stdout() + imported.stderr()).isZero();
		LocalDateTime firstFire = this.jdbc.sql("SELECT MAX(fire_time) FROM next_fire_times")
			.query(LocalDateTime.class)
			.single();
		this.now = firstFire.toInstant(ZoneOffset.UTC).plus(Duration.ofMinutes(5)).toString();
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
	}

	@Test
	void threePodsAtOnceShareTwelveDueClustersAndPatchEachExactlyOnce() throws Exception {
		// two clusters at a time, 4 s each: one pod alone would take 24 s, longer than two JVMs take to start apart
		Map<String, String> slow = Map.of(FakeAnsible.SLEEP, "4", "OSPATCH_ROLLOUT_PARALLEL_CLUSTERS", "2");
		List<OspatchProcess> pods = List.of(start(slow, "scheduled", "--now", this.now),
				start(slow, "scheduled", "--now", this.now), start(slow, "scheduled", "--now", this.now));

		for (OspatchProcess pod : pods) {
			assertThat(pod.waitFor(TIMEOUT)).as(pod.stdout() + pod.stderr()).isZero();
			assertThat(pod.stderr()).doesNotContain("Exception");
		}

		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).list()).hasSize(CLUSTERS)
			.containsOnly("compliant");
		Map<String, Long> runsPerHost = fakeRunsPerHost();
		for (int i = 1; i <= CLUSTERS; i++) {
			assertThat(runsPerHost.get("s" + i + "-cp")).as("s" + i + " patched exactly once").isEqualTo(1L);
		}
		List<Integer> patchedPerPod = pods.stream().map((pod) -> compliantClusters(pod.stdout())).toList();
		assertThat(patchedPerPod.stream().mapToInt(Integer::intValue).sum()).isEqualTo(CLUSTERS);
		assertThat(patchedPerPod).as("every pod patched some clusters").allSatisfy((count) -> assertThat(count).isPositive());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM next_fire_times WHERE fire_time <= ?")
			.param(LocalDateTime.ofInstant(Instant.parse(this.now), ZoneOffset.UTC))
			.query(Long.class)
			.single()).as("none still due").isZero();
		assertThat(Leftovers.processesAfterTenSeconds(this.fake.toString())).isEmpty();
	}

	@Test
	void aPodKilledMidRunIsRetriedAndResumesTheSameRuns() throws Exception {
		OspatchProcess pod = start(Map.of(FakeAnsible.SLEEP, "30"), "scheduled", "--now", this.now);
		pod.awaitLine("running os-patch on s\\d+-cp", TIMEOUT);
		awaitAFakeRun();
		pod.kill();
		assertThat(pod.waitFor(TIMEOUT)).isNotZero();
		List<Long> runsBefore = this.jdbc.sql("SELECT id FROM patch_runs ORDER BY id").query(Long.class).list();
		assertThat(runsBefore).isNotEmpty();

		OspatchProcess retry = run(Map.of(FakeAnsible.SLEEP, "0"), "scheduled", "--now", this.now);

		assertThat(retry.exitCode()).as(retry.stdout() + retry.stderr()).isZero();
		assertThat(retry.stdout()).contains("resumed");
		List<Long> runsAfter = this.jdbc.sql("SELECT id FROM patch_runs ORDER BY id").query(Long.class).list();
		assertThat(runsAfter).as("one run per cluster, the killed ones among them").hasSize(CLUSTERS).containsAll(runsBefore);
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).list()).containsOnly("compliant");
		for (long run : runsBefore) {
			assertThat(this.jdbc.sql("SELECT event FROM run_events WHERE run_id = ? ORDER BY id").param(run).query(String.class).list())
				.containsSubsequence("started", "interrupted", "resumed", "ended");
		}
		OspatchProcess again = run(Map.of(FakeAnsible.SLEEP, "0"), "scheduled", "--now", this.now);
		assertThat(again.exitCode()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isEqualTo(CLUSTERS);
		assertThat(Leftovers.processesAfterTenSeconds(this.fake.toString())).as("ansible-playbook died with its pod").isEmpty();
		assertThat(Leftovers.filesIn(this.workDir)).isEmpty();
	}

	private static int compliantClusters(String stdout) {
		return (int) Pattern.compile("(?m)^s\\d+: compliant").matcher(stdout).results().count();
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

	private void awaitAFakeRun() throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (fakeRunsPerHost().isEmpty()) {
			assertThat(System.nanoTime()).as("the fake ansible-playbook runs").isLessThan(deadline);
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

}
