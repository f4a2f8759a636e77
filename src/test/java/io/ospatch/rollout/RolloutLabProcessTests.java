package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.LabFleet;
import io.ospatch.support.OutOfService;
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
 * The real jar, real ansible-playbook, real SSH and apt on the lab fleet, on the MySQL/MariaDB test
 * database: a {@code patch} killed with SIGKILL in the middle of a chunk, or stopped with SIGTERM,
 * then the same command again. Playbook runs are counted from the log lines that announce them.
 */
class RolloutLabProcessTests {

	private static final Duration TIMEOUT = Duration.ofMinutes(10);

	private static final Pattern PLAYBOOK_RUN = Pattern.compile("running os-patch on ([^(]+) \\(attempt");

	@TempDir
	Path dir;

	private LabFleet lab;

	private JdbcClient jdbc;

	private Path workDir;

	private final List<OspatchProcess> processes = new ArrayList<>();

	@BeforeEach
	void labFleetRegistered() throws IOException {
		this.lab = LabFleet.get();
		this.lab.reset();
		this.jdbc = TestDatabase.jdbc();
		this.workDir = Files.createDirectories(this.dir.resolve("ansible-work"));
		DatabaseCleaner.cleanIfMigrated(this.jdbc);
		OspatchProcess imported = run("import", this.lab.fleetYaml(this.dir).toString());
		assertThat(imported.exitCode()).as(imported.stderr()).isZero();
	}

	@AfterEach
	void killWhatIsLeft() {
		this.processes.forEach(OspatchProcess::close);
	}

	/** Whatever the test did, no run had more nodes out of service at once than its cluster allows. */
	@AfterEach
	void everyRunKeptToItsMaxUnavailable() {
		OutOfService.assertEveryRunKeptToItsMaxUnavailable(this.jdbc);
	}

	@Test
	void sigkillInTheMiddleOfAChunkThenTheSameCommandPatchesEveryNodeRunningOnlyThatChunkTwice() throws Exception {
		this.lab.behind("lab-a-2");
		this.lab.behind("lab-a-3");
		// The role's one module run on lab-a-2 takes a couple of seconds; a slow node keeps the
		// chunk running for certain when the kill comes (the module starts 20 s after the chunk).
		this.lab.fault("lab-a-2", "slow", "20");
		String current = this.lab.debianVersion("lab-a-1");
		OspatchProcess patch = start("patch", "--cluster", "lab-a");
		patch.awaitLine("lab-a: chunk 2/3 .*running os-patch on lab-a-2", TIMEOUT);
		Thread.sleep(5000); // well into the chunk of lab-a-2

		patch.kill();
		patch.waitFor(TIMEOUT);
		this.lab.clear("lab-a-2");

		assertThat(Leftovers.processesAfterTenSeconds("ansible-playbook")).as("no ansible-playbook outlives ospatch").isEmpty();
		assertThat(Leftovers.processesAfterTenSeconds(this.workDir.toString())).as("no SSH master or its guard outlives ospatch")
			.isEmpty();
		OspatchProcess again = run("patch", "--cluster", "lab-a");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(again.stdout()).contains("lab-a: compliant (run").contains("resumed");
		assertThat(playbookRuns(patch, again)).containsEntry("lab-a-1", 1)
			.containsEntry("lab-a-2", 2)
			.containsEntry("lab-a-3", 1);
		assertThat(this.jdbc.sql("SELECT status FROM node_results").query(String.class).list()).hasSize(3)
			.allMatch((status) -> status.equals("patched") || status.equals("already-current"));
		assertThat(this.lab.debianVersion("lab-a-2")).isEqualTo(current);
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(current);
		assertThat(Leftovers.processesAfterTenSeconds("ansible-playbook")).isEmpty();
		assertThat(Leftovers.filesIn(this.workDir)).as("no inventory left").isEmpty();
	}

	@Test
	void sigtermFinishesTheRunningChunkAndTheSameCommandPatchesTheRestWithNoNodeRunTwice() throws Exception {
		this.lab.behind("lab-a-3");
		String current = this.lab.debianVersion("lab-a-1");
		OspatchProcess patch = start("patch", "--cluster", "lab-a");
		patch.awaitLine("lab-a: chunk 2/3 .*running os-patch on lab-a-2", TIMEOUT);

		patch.terminate();

		assertThat(patch.waitFor(TIMEOUT)).as(patch.stdout() + patch.stderr()).isEqualTo(143);
		assertThat(patch.stdout() + patch.stderr()).contains("lab-a: chunk 2/3").contains("lab-a: stopped");
		OspatchProcess again = run("patch", "--cluster", "lab-a");

		assertThat(again.exitCode()).as(again.stdout() + again.stderr()).isZero();
		assertThat(playbookRuns(patch, again)).containsEntry("lab-a-1", 1)
			.containsEntry("lab-a-2", 1)
			.containsEntry("lab-a-3", 1);
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(current);
		assertThat(Leftovers.processesAfterTenSeconds("ansible-playbook")).isEmpty();
		assertThat(Leftovers.filesIn(this.workDir)).isEmpty();
	}

	private OspatchProcess start(String... args) {
		Map<String, String> environment = new HashMap<>(Map.of("OSPATCH_ANSIBLE_PLAYBOOKS_DIR", Path.of("playbooks").toAbsolutePath().toString(),
				"OSPATCH_ANSIBLE_WORK_DIR", this.workDir.toString(), "OSPATCH_REPORTS_DIR",
				this.dir.resolve("reports").toString()));
		environment.putAll(TestDatabase.environment());
		OspatchProcess process = OspatchProcess.start(this.dir, environment, args);
		this.processes.add(process);
		return process;
	}

	private OspatchProcess run(String... args) {
		OspatchProcess process = start(args);
		process.waitFor(TIMEOUT);
		return process;
	}

	/** Playbook runs per node, from the "running os-patch on NODES (attempt N)" lines of the processes. */
	private static Map<String, Integer> playbookRuns(OspatchProcess... processes) {
		Map<String, Integer> runs = new HashMap<>();
		for (OspatchProcess process : processes) {
			Matcher run = PLAYBOOK_RUN.matcher(process.stdout() + process.stderr());
			while (run.find()) {
				for (String node : run.group(1).split(",")) {
					runs.merge(node.strip(), 1, Integer::sum);
				}
			}
		}
		return runs;
	}

}
