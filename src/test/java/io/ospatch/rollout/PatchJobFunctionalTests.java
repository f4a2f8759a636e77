package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.LabFleet;
import io.ospatch.support.OutOfService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The patch job end to end on the MySQL/MariaDB test database and the real lab fleet: real
 * ansible-playbook, real SSH, real apt. Each test launches {@code ospatch patch} as an operator
 * would, then checks the exit code, the job's status and step counters, what MySQL recorded and
 * what the nodes now run.
 */
@SpringBootTest
class PatchJobFunctionalTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobRepository;

	@TempDir
	Path dir;

	LabFleet lab;

	@BeforeEach
	void freshDatabaseAndHealthyLab() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.lab = LabFleet.get();
		this.lab.reset();
		CliRunner.Result imported = cli("import", this.lab.fleetYaml(this.dir).toString());
		assertThat(imported.exitCode()).as(imported.err()).isZero();
	}

	/** Whatever the test did, no run had more nodes out of service at once than its cluster allows. */
	@AfterEach
	void everyRunKeptToItsMaxUnavailable() {
		OutOfService.assertEveryRunKeptToItsMaxUnavailable(this.jdbc);
	}

	@Test
	void behindNodesArePatchedAndTheirVersionsRecordedBeforeAndAfter() {
		String current = this.lab.debianVersion("lab-a-2");
		this.lab.behind("lab-a-1");
		this.lab.behind("lab-a-3");
		String behind = this.lab.debianVersion("lab-a-1");

		CliRunner.Result patch = cli("patch", "--cluster", "lab-a");

		assertThat(patch.exitCode()).as(patch.out() + patch.err()).isZero();
		assertThat(patch.out()).contains("lab-a: compliant");
		JobExecution job = jobOf("lab-a");
		assertThat(job.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		StepExecution step = clusterStep(job, "lab-a");
		assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(step.getReadCount()).as("chunks read").isEqualTo(3);
		assertThat(step.getWriteCount()).as("chunks written").isEqualTo(3);
		assertThat(step.getCommitCount()).isGreaterThanOrEqualTo(3);
		assertThat(step.getRollbackCount()).isZero();

		Map<String, Object> patched = result("lab-a", "lab-a-1");
		assertThat(patched).containsEntry("status", "patched")
			.containsEntry("os_version_before", behind)
			.containsEntry("os_version_after", current)
			.containsEntry("target_version", current);
		assertThat(versionOf(patched.get("os_version_before"))).isLessThan(versionOf(patched.get("os_version_after")));
		assertThat((String) patched.get("held_packages")).contains("kubelet").contains("kubectl");
		assertThat(packages("lab-a", "lab-a-1")).contains("base-files");
		assertThat(result("lab-a", "lab-a-3")).containsEntry("status", "patched").containsEntry("os_version_before", behind);
		assertThat(this.lab.debianVersion("lab-a-1")).isEqualTo(current);
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(current);
		assertThat(nodeRow("lab-a", "lab-a-1")).containsEntry("state", "ready").containsEntry("os_version", current);
		assertThat(chunkOrder("lab-a")).containsExactly("lab-a-1", "lab-a-2", "lab-a-3");

		CliRunner.Result again = cli("patch", "--cluster", "lab-a");

		assertThat(again.exitCode()).isZero();
		assertThat(statusesOfLastRun("lab-a")).containsOnly("already-current");
	}

	@Test
	void anUnreachableNodeIsRetriedThenSkippedWhileTheOthersArePatched() {
		cli("cluster", "set", "lab-a", "--failure-budget", "1");
		this.lab.behind("lab-a-3");
		this.lab.fault("lab-a-2", "unreachable");
		try {
			CliRunner.Result patch = cli("patch", "--cluster", "lab-a");

			assertThat(patch.exitCode()).as(patch.out() + patch.err()).isEqualTo(3);
			assertThat(patch.out()).contains("lab-a: partial");
			Map<String, Object> skipped = result("lab-a", "lab-a-2");
			assertThat(skipped).containsEntry("status", "skipped").containsEntry("failure", "unreachable");
			assertThat(((Number) skipped.get("attempts")).intValue()).isEqualTo(3);
			assertThat((String) skipped.get("error_text")).contains("Connection refused");
			// lab-a-1 may be current already, from an earlier test on the shared fleet
			assertThat(result("lab-a", "lab-a-1").get("status")).isIn("patched", "already-current");
			assertThat(result("lab-a", "lab-a-3")).containsEntry("status", "patched");
			assertThat(nodeRow("lab-a", "lab-a-2")).containsEntry("state", "unreachable");
			JobExecution job = jobOf("lab-a");
			assertThat(job.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(clusterStep(job, "lab-a").getWriteCount()).isEqualTo(3);
		}
		finally {
			this.lab.clear("lab-a-2");
		}
	}

	@Test
	void aClusterPastItsFailureBudgetHaltsAndLeavesLaterChunksUntouched() {
		cli("cluster", "set", "lab-b", "--failure-budget", "0", "--max-unavailable", "1");
		this.lab.behind("lab-b-3");
		String behind = this.lab.debianVersion("lab-b-3");
		this.lab.fault("lab-b-2", "apt-broken");
		try {
			CliRunner.Result patch = cli("patch", "--cluster", "lab-b");

			assertThat(patch.exitCode()).as(patch.out() + patch.err()).isEqualTo(1);
			assertThat(patch.out()).contains("lab-b: halted").contains("failure budget exceeded");
			assertThat(result("lab-b", "lab-b-1")).containsEntry("status", "patched");
			Map<String, Object> failed = result("lab-b", "lab-b-2");
			assertThat(failed).containsEntry("status", "failed").containsEntry("failure", "failed");
			assertThat((String) failed.get("error_text")).containsIgnoringCase("malformed");
			assertThat(((Number) failed.get("attempts")).intValue()).as("a broken sources list is not retried").isEqualTo(1);
			assertThat(result("lab-b", "lab-b-3")).containsEntry("status", "not-attempted");
			assertThat(this.lab.debianVersion("lab-b-3")).as("never touched").isEqualTo(behind);
			JobExecution job = jobOf("lab-b");
			assertThat(job.getStatus()).as("a halt is an outcome: the run is finished").isEqualTo(BatchStatus.COMPLETED);
			StepExecution step = clusterStep(job, "lab-b");
			assertThat(step.getStatus()).isEqualTo(BatchStatus.COMPLETED);
			assertThat(step.getExitStatus().getExitCode()).isEqualTo("HALTED");
			assertThat(step.getReadCount()).as("chunk 3 was never read").isEqualTo(2);
			assertThat(step.getWriteCount()).as("the chunk that broke the budget is recorded").isEqualTo(2);
			assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single())
				.as("the cluster is released").isZero();
			assertThat(nodeRow("lab-b", "lab-b-2")).containsEntry("state", "failed");
		}
		finally {
			this.lab.clear("lab-b-2");
		}
	}

	@Test
	void twoClustersOfOneLaunchArePatchedInParallel() {
		this.lab.behind("lab-a-2");
		this.lab.behind("lab-b-2");

		CliRunner.Result patch = cli("patch", "--cluster", "lab-a", "--cluster", "lab-b");

		assertThat(patch.exitCode()).as(patch.out() + patch.err()).isZero();
		assertThat(patch.out()).contains("lab-a: compliant").contains("lab-b: compliant");
		StepExecution a = clusterStep(jobOf("lab-a"), "lab-a");
		StepExecution b = clusterStep(jobOf("lab-b"), "lab-b");
		assertThat(a.getJobExecutionId()).as("one job execution per cluster run").isNotEqualTo(b.getJobExecutionId());
		// each cluster takes three playbook runs: one after the other, these intervals could not overlap
		assertThat(a.getStartTime()).as("lab-a started before lab-b ended").isBefore(b.getEndTime());
		assertThat(b.getStartTime()).as("lab-b started before lab-a ended").isBefore(a.getEndTime());
		assertThat(result("lab-a", "lab-a-2")).containsEntry("status", "patched");
		assertThat(result("lab-b", "lab-b-2")).containsEntry("status", "patched");
	}

	@Test
	void planShowsCurrentAndTargetVersionsAndChangesNothing() {
		this.lab.behind("lab-a-3");
		String behind = this.lab.debianVersion("lab-a-3");
		String current = this.lab.debianVersion("lab-a-1");
		List<Long> rows = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result plan = cli("plan", "--cluster", "lab-a");
		CliRunner.Result dryRun = cli("patch", "--cluster", "lab-a", "--dry-run");

		assertThat(plan.exitCode()).as(plan.err()).isZero();
		assertThat(plan.out()).contains("lab-a: 3 chunk(s)")
			.containsPattern("chunk 1/3\\s+lab-a-1\\s+control-plane")
			.containsPattern("lab-a-3\\s+worker\\s+" + behind.replace(".", "\\.") + " -> " + current.replace(".", "\\.")
					+ ", [1-9]\\d* package\\(s\\)");
		assertThat(dryRun.exitCode()).isZero();
		assertThat(dryRun.out()).isEqualTo(plan.out());
		assertThat(this.lab.debianVersion("lab-a-3")).isEqualTo(behind);
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(rows);
	}

	private CliRunner.Result cli(String... args) {
		return CliRunner.run(this.context, args);
	}

	private long runId(String cluster) {
		return this.jdbc.sql("""
				SELECT r.id FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id
				WHERE c.name = ? ORDER BY r.id DESC LIMIT 1""").param(cluster).query(Long.class).single();
	}

	private JobExecution jobOf(String cluster) {
		long jobExecutionId = this.jdbc.sql("SELECT job_execution_id FROM patch_runs WHERE id = ?")
			.param(runId(cluster))
			.query(Long.class)
			.single();
		return this.jobRepository.getJobExecution(jobExecutionId);
	}

	private static StepExecution clusterStep(JobExecution job, String cluster) {
		return job.getStepExecutions()
			.stream()
			.filter((step) -> step.getStepName().equals("clusterPatchStep"))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no step for " + cluster + " in " + job.getStepExecutions()));
	}

	private Map<String, Object> result(String cluster, String node) {
		return this.jdbc.sql("""
				SELECT r.* FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = ? AND n.name = ?""").params(runId(cluster), node).query().singleRow();
	}

	private List<String> packages(String cluster, String node) {
		return this.jdbc.sql("""
				SELECT p.name FROM node_result_packages p JOIN node_results r ON r.id = p.result_id
				JOIN nodes n ON n.id = r.node_id WHERE r.run_id = ? AND n.name = ?""")
			.params(runId(cluster), node)
			.query(String.class)
			.list();
	}

	private List<String> statusesOfLastRun(String cluster) {
		return this.jdbc.sql("SELECT status FROM node_results WHERE run_id = ?")
			.param(runId(cluster))
			.query(String.class)
			.list();
	}

	private List<String> chunkOrder(String cluster) {
		return this.jdbc.sql("""
				SELECT n.name FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = ? ORDER BY r.chunk_number""").param(runId(cluster)).query(String.class).list();
	}

	private Map<String, Object> nodeRow(String cluster, String node) {
		return this.jdbc.sql("SELECT n.* FROM nodes n JOIN clusters c ON c.id = n.cluster_id WHERE c.name = ? AND n.name = ?")
			.params(cluster, node)
			.query()
			.singleRow();
	}

	/** 12.10 as a comparable number (12 * 1000 + 10): point releases compare as integers, not decimals. */
	private static int versionOf(Object version) {
		String[] parts = ((String) version).split("\\.");
		return Integer.parseInt(parts[0]) * 1000 + Integer.parseInt(parts[1]);
	}

}
