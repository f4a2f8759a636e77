package io.ospatch.rollout;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.KubeApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.job.JobInstance;
import org.springframework.batch.core.job.parameters.JobParametersBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch boot}: the nodes that joined a patch-on-boot cluster since it was last patched,
 * found by syncing its Kubernetes API (fabric8's mock server), are patched by the patch job with
 * the same rolling rules, and only they. On an embedded H2 database with the scripted playbook
 * runner, so in seconds. The cluster starts with three patched nodes (cp-1, w-1, w-2).
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:boot;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.stop-grace=1s", "ospatch.rollout.retry-delay=10ms", "ospatch.rollout.retry-max-delay=10ms",
		"ospatch.reports-dir=target/boot-functional-tests" })
class BootFunctionalTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ScriptedPlaybookRunner runner;

	@TempDir
	Path dir;

	KubeApiStub api;

	@BeforeEach
	void aPatchOnBootClusterOfThreePatchedNodes() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.api = new KubeApiStub(this.dir);
		this.api.node("cp-1", "10.0.0.10", true, "Debian GNU/Linux 12 (bookworm)", "6.1.0-40-amd64");
		this.api.worker("w-1", "10.0.0.21");
		this.api.worker("w-2", "10.0.0.22");
		cli("cluster", "add", "c1", "--patch-on-boot", "true", "--max-unavailable", "1", "--failure-budget", "1",
				"--kubeconfig", this.api.kubeconfig().toString());
		cli("sync", "--cluster", "c1");
		this.jdbc.sql("UPDATE nodes SET state = 'ready'").update();
	}

	@AfterEach
	void stopTheApi() {
		this.api.close();
	}

	@Test
	void bootSyncsThenPatchesOnlyTheNewNodesInRollingOrder() {
		this.api.worker("w-3", "10.0.0.23");
		this.api.node("cp-2", "10.0.0.11", true, "Debian GNU/Linux 12 (bookworm)", "6.1.0-40-amd64");
		this.api.worker("w-4", "10.0.0.24");

		CliRunner.Result boot = CliRunner.run(this.context, "boot");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
		assertThat(boot.out()).contains("c1: synced: 3 added (cp-2, w-3, w-4);").contains("c1: compliant (run " + runId());
		assertThat(this.runner.requests).as("control plane first, then workers one at a time, new nodes only")
			.containsExactly(List.of("cp-2"), List.of("w-3"), List.of("w-4"));
		assertThat(this.jdbc.sql("SELECT name FROM nodes WHERE state = 'ready' ORDER BY name").query(String.class).list())
			.containsExactly("cp-1", "cp-2", "w-1", "w-2", "w-3", "w-4");
		assertThat(this.jdbc.sql("SELECT trigger_type FROM patch_runs").query(String.class).single()).isEqualTo("boot");
		assertThat(results()).containsExactly("cp-2 patched", "w-3 patched", "w-4 patched");
		JobExecution execution = executions().get(0);
		assertThat(execution.getStatus()).isEqualTo(BatchStatus.COMPLETED);
		assertThat(execution.getStepExecutions()).singleElement().satisfies((step) -> {
			assertThat(step.getReadCount()).as("chunks claimed").isEqualTo(3);
			assertThat(step.getWriteCount()).as("chunks recorded").isEqualTo(3);
		});
	}

	@Test
	void maxUnavailableIsAPercentOfTheWholeClusterNotOfTheNewNodes() {
		// 6 nodes, 34%: 2 workers at a time; 34% of the 3 new nodes alone would be 1
		cli("cluster", "set", "c1", "--max-unavailable", "34%");
		List.of("w-3", "w-4", "w-5").forEach((node) -> this.api.worker(node, "10.0.0.3" + node.charAt(2)));

		CliRunner.Result boot = CliRunner.run(this.context, "boot", "--cluster", "c1");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
		assertThat(this.runner.requests).containsExactly(List.of("w-3", "w-4"), List.of("w-5"));
	}

	@Test
	void withNothingNewBootSaysSoAndExitsZero() {
		CliRunner.Result boot = CliRunner.run(this.context, "boot");

		assertThat(boot.exitCode()).as(boot.err()).isZero();
		assertThat(boot.out()).contains("c1: in sync, 3 node(s), nothing changed")
			.contains("nothing to boot: no new nodes in c1");
		assertThat(this.runner.requests).isEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();
	}

	@Test
	void aNodeThatLeftBeforeItWasPatchedIsNeitherPatchedNorCounted() {
		this.api.worker("w-3", "10.0.0.23");
		this.api.worker("w-4", "10.0.0.24");
		cli("sync", "--cluster", "c1");
		this.api.removeNode("w-3");

		CliRunner.Result boot = CliRunner.run(this.context, "boot");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
		assertThat(boot.out()).contains("1 gone (w-3);");
		assertThat(this.runner.requests).containsExactly(List.of("w-4"));
		assertThat(results()).containsExactly("w-4 patched");
		assertThat(state("w-3")).isEqualTo("gone");
	}

	@Test
	void anInterruptedBootRunIsResumedWithTheSameNodesByTheNextBoot() {
		this.api.worker("w-3", "10.0.0.23");
		this.api.worker("w-4", "10.0.0.24");
		AtomicBoolean crashed = new AtomicBoolean();
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-4") && crashed.compareAndSet(false, true)) {
				throw new IllegalStateException("ansible-playbook died");
			}
		});

		CliRunner.Result first = CliRunner.run(this.context, "boot");
		assertThat(first.exitCode()).as(first.out() + first.err()).isEqualTo(1);
		assertThat(state("w-4")).as("cut off: unknown until patched again").isEqualTo("failed");
		this.api.worker("w-5", "10.0.0.25");

		CliRunner.Result resumed = CliRunner.run(this.context, "boot");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(resumed.out()).contains("c1: compliant (run " + runId() + ", resumed");
		assertThat(this.runner.requests).as("w-3 once, w-4 again; w-5 joined after the run opened: the next boot's")
			.containsExactly(List.of("w-3"), List.of("w-4"), List.of("w-4"));
		assertThat(state("w-5")).isEqualTo("new");

		CliRunner.Result next = CliRunner.run(this.context, "boot");

		assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
		assertThat(this.runner.requests.get(3)).containsExactly("w-5");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs WHERE outcome = 'compliant'").query(Long.class).single())
			.isEqualTo(2);
	}

	@Test
	void anUnfinishedRunOfTheWholeClusterIsLeftToTheCommandThatLaunchedIt() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				throw new IllegalStateException("ansible-playbook died");
			}
		});
		assertThat(CliRunner.run(this.context, "patch", "--cluster", "c1").exitCode()).isEqualTo(1);
		this.runner.afterRun((hosts) -> {
		});
		this.api.worker("w-3", "10.0.0.23");
		int playbookRuns = this.runner.requests.size();

		CliRunner.Result boot = CliRunner.run(this.context, "boot");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isEqualTo(75);
		assertThat(boot.out()).contains("c1: busy, not patched: its unfinished on-demand run " + runId()
				+ " holds its rollout; boot does not resume it: 'ospatch patch --cluster c1' resumes it");
		assertThat(this.runner.requests).hasSize(playbookRuns);
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).single()).isEqualTo("failed");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).isZero();
	}

	@Test
	void aClusterWhoseApiCannotBeReadIsNotBootedAndTheOthersAre() throws Exception {
		cli("cluster", "add", "dark", "--patch-on-boot", "true", "--kubeconfig",
				KubeApiStub.unreachableKubeconfig(this.dir).toString());
		cli("node", "add", "dark", "d-1", "--address", "10.9.0.1", "--role", "worker");
		this.api.worker("w-3", "10.0.0.23");

		CliRunner.Result boot = CliRunner.run(this.context, "boot");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isEqualTo(1);
		assertThat(boot.err()).contains("ospatch: dark: not synced, nothing changed: cannot list the nodes of");
		assertThat(this.runner.requests).containsExactly(List.of("w-3"));
		assertThat(state("d-1")).isEqualTo("new");
	}

	@Test
	void withoutSyncBootPatchesTheNewNodesRegisteredByHand() {
		cli("node", "add", "c1", "w-9", "--address", "10.0.0.29", "--role", "worker");

		CliRunner.Result boot = CliRunner.run(this.context, "boot", "--no-sync");

		assertThat(boot.exitCode()).as(boot.out() + boot.err()).isZero();
		assertThat(boot.out()).doesNotContain("synced");
		assertThat(this.runner.requests).containsExactly(List.of("w-9"));
	}

	@Test
	void aNamedClusterWithoutPatchOnBootIsRefusedAndNothingIsSynced() {
		cli("cluster", "set", "c1", "--patch-on-boot", "false");
		this.api.worker("w-3", "10.0.0.23");

		CliRunner.Result boot = CliRunner.run(this.context, "boot", "--cluster", "c1");

		assertThat(boot.exitCode()).isEqualTo(2);
		assertThat(boot.err()).isEqualTo("ospatch: cluster 'c1' does not patch on boot; 'ospatch cluster set c1 "
				+ "--patch-on-boot true' makes it, 'ospatch patch --cluster c1' patches it now" + System.lineSeparator());
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM nodes").query(Long.class).single()).isEqualTo(3);
		assertThat(CliRunner.run(this.context, "boot").out()).contains("nothing to boot: no cluster that can be patched has patch-on-boot");
	}

	private List<String> results() {
		return this.jdbc.sql("""
				SELECT n.name, r.status FROM node_results r JOIN nodes n ON n.id = r.node_id ORDER BY r.chunk_number, n.name""")
			.query((rs, row) -> rs.getString("name") + " " + rs.getString("status"))
			.list();
	}

	private String state(String node) {
		return this.jdbc.sql("SELECT state FROM nodes WHERE name = ?").param(node).query(String.class).single();
	}

	private long runId() {
		return this.jdbc.sql("SELECT MIN(id) FROM patch_runs").query(Long.class).single();
	}

	private List<JobExecution> executions() {
		JobInstance instance = this.jobRepository.getJobInstance(PatchJobConfiguration.JOB_NAME,
				new JobParametersBuilder().addLong(PatchJobConfiguration.RUN_ID, runId()).toJobParameters());
		return this.jobRepository.getJobExecutions(instance);
	}

	private void cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.out() + result.err()).isZero();
	}

}
