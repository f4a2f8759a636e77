package io.ospatch.rollout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.ospatch.ansible.PlaybookExecutionException;
import io.ospatch.cli.CliRunner;
import io.ospatch.lease.LeaseHeartbeat;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Crash, stop and resume of the patch job, in the style of Spring Batch's
 * {@code RestartFunctionalTests} and {@code GracefulShutdownFunctionalTests}: on an embedded H2
 * database with the scripted playbook runner, so in seconds, without the lab or root. The cluster
 * has a control-plane node and three workers, max-unavailable 1: four chunks, one node each.
 * A crash is an exception thrown where ansible-playbook would die: before a chunk touches its nodes
 * (a chunk boundary) or after it ran on them (inside a chunk).
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:restart;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.stop-grace=1s", "ospatch.rollout.retry-delay=10ms", "ospatch.rollout.retry-max-delay=10ms",
		"ospatch.reports-dir=target/restart-functional-tests" })
class RolloutRestartFunctionalTests {

	private static final List<String> ROLLING_ORDER = List.of("cp-1", "w-1", "w-2", "w-3");

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	RolloutStop stop;

	@Autowired
	LeaseHeartbeat heartbeat;

	@Autowired
	PatchLauncher launcher;

	@BeforeEach
	void oneClusterOfFourChunks() {
		DatabaseCleaner.clean(this.jdbc);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		cli("cluster", "add", "c1", "--max-unavailable", "1", "--failure-budget", "1");
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		for (int i = 1; i <= 3; i++) {
			cli("node", "add", "c1", "w-" + i, "--address", "127.0.0.1", "--port", "230" + (i + 1), "--role", "worker");
		}
	}

	@ParameterizedTest(name = "crash inside chunk {0}")
	@ValueSource(ints = { 1, 2, 3, 4 })
	void aCrashInsideAChunkIsResumedByRunningOnlyThatChunkAgain(int chunk) throws Exception {
		String cutOff = ROLLING_ORDER.get(chunk - 1);
		crashOnce(cutOff, false);

		CliRunner.Result crashed = cli("patch", "--cluster", "c1");

		assertThat(crashed.exitCode()).as(crashed.out() + crashed.err()).isEqualTo(1);
		assertThat(crashed.out()).contains("c1: failed").contains("ansible-playbook died").contains("resumes it");
		assertThat(nodeState(cutOff)).as("its state is unknown").isEqualTo("failed");
		assertThat(Files.readString(RunErrorLog.in(runLogDir())))
			.contains("IllegalStateException: ansible-playbook died").contains("\tat ");
		assertThat(results()).hasSize(chunk - 1);

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(resumed.out()).contains("c1: compliant (run " + runId() + ", resumed");
		for (String node : ROLLING_ORDER) {
			assertThat(this.runner.runsOf(node)).as(node).isEqualTo(node.equals(cutOff) ? 2 : 1);
		}
		assertOneRunWithEveryNode("patched");
		assertThat(events()).containsSubsequence("started", "failed", "resumed", "ended");
		List<JobExecution> executions = executions();
		assertThat(executions).as("one job instance, restarted").hasSize(2);
		assertThat(executions.get(0).getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(executions.get(0).getStepExecutions()).singleElement().satisfies((step) -> {
			assertThat(step.getReadCount()).as("chunks claimed by the resumed execution").isEqualTo(5 - chunk);
			assertThat(step.getWriteCount()).as("chunks recorded by the resumed execution").isEqualTo(5 - chunk);
		});
		assertThat(executions.get(1).getStatus()).isEqualTo(BatchStatus.FAILED);
	}

	@ParameterizedTest(name = "crash before chunk {0}")
	@ValueSource(ints = { 2, 3, 4 })
	void aCrashAtAChunkBoundaryIsResumedWithoutRunningAnyNodeTwice(int chunk) {
		crashOnce(ROLLING_ORDER.get(chunk - 1), true);

		assertThat(cli("patch", "--cluster", "c1").exitCode()).isEqualTo(1);
		assertThat(results()).hasSize(chunk - 1);
		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		ROLLING_ORDER.forEach((node) -> assertThat(this.runner.runsOf(node)).as(node).isEqualTo(1));
		assertOneRunWithEveryNode("patched");
	}

	@Test
	void theFailureBudgetSpentBeforeACrashStaysSpent() {
		// w-1 fails for good (skipped: the budget of 1 is spent), then ansible dies inside w-2's chunk
		this.runner.reset((host, attempt) -> host.equals("w-1") || host.equals("w-2")
				? ScriptedPlaybookRunner.failed(host, "E: Malformed entry 1 in list file") : ScriptedPlaybookRunner.patched(host));
		crashOnce("w-2", false);

		assertThat(cli("patch", "--cluster", "c1").exitCode()).isEqualTo(1);
		assertThat(resultStatus("w-1")).isEqualTo("skipped");
		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out()).isEqualTo(1);
		assertThat(resumed.out()).contains("c1: halted").contains("failure budget exceeded: 2 node(s)");
		assertThat(resultStatus("w-2")).isEqualTo("failed");
		assertThat(resultStatus("w-3")).isEqualTo("not-attempted");
		assertThat(this.runner.runsOf("w-3")).isZero();
		assertThat(executions().get(0).getExitStatus().getExitCode()).isEqualTo(RollingChunkTasklet.HALTED);
		assertThat(executions().get(0).getStatus()).as("a halt is an outcome, not a failure").isEqualTo(BatchStatus.COMPLETED);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aHaltedRunIsFinishedAndTheNextLaunchStartsANewRun(CapturedOutput output) {
		cli("cluster", "set", "c1", "--failure-budget", "0");
		this.runner.reset((host, attempt) -> host.equals("w-1") && attempt == 1
				? ScriptedPlaybookRunner.failed(host, "E: Malformed entry 1 in list file") : ScriptedPlaybookRunner.patched(host));

		CliRunner.Result halted = cli("patch", "--cluster", "c1");

		assertThat(halted.exitCode()).isEqualTo(1);
		assertThat(halted.out()).contains("c1: halted");
		assertThat(halted.err()).doesNotContain("Exception");
		assertThat(output.getAll()).as("a halt is an outcome: no stack trace in the log either")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		long haltedRun = runId();
		CliRunner.Result next = cli("patch", "--cluster", "c1");

		assertThat(next.exitCode()).as(next.out()).isZero();
		assertThat(runId()).isNotEqualTo(haltedRun);
		assertThat(next.out()).doesNotContain("resumed");
		assertThat(this.runner.runsOf("cp-1")).as("a new run starts from the first chunk").isEqualTo(2);
	}

	@Test
	void aStopLetsTheRunningChunkFinishThenTheSameCommandResumes() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				assertThat(this.stop.request()).as("a launch is running").isTrue();
			}
		});

		CliRunner.Result stopped = cli("patch", "--cluster", "c1");

		assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(143);
		assertThat(stopped.out()).contains("c1: stopped").contains("the same command resumes it");
		assertThat(results()).hasSize(2);
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).as("released").isZero();
		assertThat(executions().get(0).getStatus()).isEqualTo(BatchStatus.STOPPED);
		this.runner.afterRun((hosts) -> {
		});

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		ROLLING_ORDER.forEach((node) -> assertThat(this.runner.runsOf(node)).as(node).isEqualTo(1));
		assertOneRunWithEveryNode("patched");
		assertThat(events()).containsSubsequence("started", "stopped", "resumed", "ended");
	}

	@Test
	void aChunkStillRunningWhenTheGraceEndsIsStoppedAndRunAgainOnResume() {
		CountDownLatch stopped = new CountDownLatch(1);
		this.runner.beforeRun((hosts) -> {
			if (hosts.contains("w-2") && stopped.getCount() > 0) {
				this.stop.request();
				try {
					// a playbook outliving the 1 s grace; the real runner kills it when interrupted
					Thread.sleep(30_000);
				}
				catch (InterruptedException ex) {
					stopped.countDown();
					Thread.currentThread().interrupt();
					throw new PlaybookExecutionException("ansible-playbook was stopped", ex);
				}
			}
		});

		CliRunner.Result cut = cli("patch", "--cluster", "c1");

		assertThat(cut.exitCode()).as(cut.out() + cut.err()).isEqualTo(143);
		assertThat(cut.out()).contains("chunk 3/4 (node 3 of 4) was cut off");
		assertThat(stopped.getCount()).isZero();
		assertThat(nodeState("w-2")).isEqualTo("failed");

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(this.runner.runsOf("w-2")).isEqualTo(1);
		assertOneRunWithEveryNode("patched");
	}

	@Test
	void aRunWhoseLeaseIsGoneStartsNoFurtherChunkAndIsResumedLater() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				// what 'unlock --force' or a take-over by another run does
				this.jdbc.sql("DELETE FROM cluster_leases").update();
				this.heartbeat.beat();
			}
		});

		CliRunner.Result lost = cli("patch", "--cluster", "c1");

		assertThat(lost.exitCode()).as(lost.out() + lost.err()).isEqualTo(75);
		assertThat(lost.out()).contains("c1: busy, not patched: lost its lease");
		assertThat(results()).as("the chunk that ran when the lease was lost is left to the next holder").hasSize(1);
		assertThat(this.runner.runsOf("w-2")).isZero();
		assertThat(events()).contains("lease-lost");
		this.runner.afterRun((hosts) -> {
		});

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(this.runner.runsOf("w-1")).isEqualTo(2);
		assertOneRunWithEveryNode("patched");
	}

	@Test
	void freshAbandonsTheUnfinishedRunAndStartsAnother() {
		crashOnce("w-2", false);
		assertThat(cli("patch", "--cluster", "c1").exitCode()).isEqualTo(1);
		long interrupted = runId();

		CliRunner.Result fresh = cli("patch", "--cluster", "c1", "--fresh");

		assertThat(fresh.exitCode()).as(fresh.out() + fresh.err()).isZero();
		assertThat(runId()).isNotEqualTo(interrupted);
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs WHERE id = ?").param(interrupted).query(String.class).single())
			.isEqualTo("abandoned");
		assertThat(this.runner.runsOf("cp-1")).isEqualTo(2);
		JobInstance abandoned = this.jobRepository.getJobInstance(PatchJobConfiguration.JOB_NAME,
				new JobParametersBuilder().addLong(PatchJobConfiguration.RUN_ID, interrupted).toJobParameters());
		assertThat(this.jobRepository.getLastJobExecution(abandoned).getStatus()).isEqualTo(BatchStatus.ABANDONED);
	}

	/** ansible-playbook dies the first time it runs on {@code node}: before touching it, or after. */
	private void crashOnce(String node, boolean beforeTouching) {
		CountDownLatch once = new CountDownLatch(1);
		ScriptedPlaybookRunner.Hook crash = (hosts) -> {
			if (hosts.contains(node) && once.getCount() > 0) {
				once.countDown();
				throw new IllegalStateException("ansible-playbook died");
			}
		};
		if (beforeTouching) {
			this.runner.beforeRun(crash);
		}
		else {
			this.runner.afterRun(crash);
		}
	}

	@Test
	void anOpenedLaunchThatIsNeverRunLeavesItsRunStoppedAndItsLeaseReleasedAndTheNextLaunchResumesIt() {
		OpenedRuns opened = this.launcher.open(new LaunchRequest(List.of("c1"), false, false, Trigger.ON_DEMAND, "otto (web)"));
		long runId = opened.runIds().get("c1");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).as("leased").isOne();

		this.launcher.withdraw(opened, "the server was stopping");

		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs WHERE id = ?").param(runId).query(String.class).single())
			.isEqualTo("stopped");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).as("released").isZero();
		assertThat(events()).containsExactly("started", "stopped");
		assertThat(this.runner.runsOf("cp-1")).as("nothing patched").isZero();
		assertThatIllegalStateException()
			.isThrownBy(() -> this.launcher.run(opened))
			.withMessageContaining("already run or withdrawn");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(resumed.out()).contains("c1: compliant (run " + runId + ", resumed");
		assertOneRunWithEveryNode("patched");
	}

	private void assertOneRunWithEveryNode(String status) {
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isEqualTo(1);
		assertThat(results()).containsOnlyKeys(ROLLING_ORDER).allSatisfy((node, result) -> assertThat(result).isEqualTo(status));
	}

	private Map<String, String> results() {
		return this.jdbc.sql("""
				SELECT n.name, r.status FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = (SELECT MAX(id) FROM patch_runs)""")
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()
			.stream()
			.collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

	private String resultStatus(String node) {
		return results().get(node);
	}

	private String nodeState(String node) {
		return this.jdbc.sql("SELECT state FROM nodes WHERE name = ?").param(node).query(String.class).single();
	}

	private long runId() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private List<String> events() {
		return this.jdbc.sql("SELECT event FROM run_events WHERE run_id = ? ORDER BY occurred_at, id")
			.param(runId())
			.query(String.class)
			.list();
	}

	private Path runLogDir() {
		return Path.of("target/restart-functional-tests/runs", runId() + "-c1");
	}

	/** The executions of the last run's job instance, newest first. */
	private List<JobExecution> executions() {
		JobInstance instance = this.jobRepository.getJobInstance(PatchJobConfiguration.JOB_NAME,
				new JobParametersBuilder().addLong(PatchJobConfiguration.RUN_ID, runId()).toJobParameters());
		return this.jobRepository.getJobExecutions(instance);
	}

	private CliRunner.Result cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		if (!args[0].equals("patch")) {
			assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
		}
		return result;
	}

}
