package io.ospatch.rollout;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ospatch.cli.CliRunner;
import io.ospatch.kube.NodeMaintenance;
import io.ospatch.kube.NodeMaintenance.PodHealth;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * The patch job on a cluster with a Kubernetes API (an in-memory one, {@link FakeNodeMaintenance})
 * and the scripted playbook runner, on an embedded H2 database: cordon, drain, patch, Ready,
 * uncordon around every chunk; nodes left out, blocked or never Ready again; a resumed run settling
 * the cordons a killed one left; the health gate. The cluster: a control-plane node and four
 * workers, max-unavailable 2, failure budget 1, canary on: chunks cp-1 | w-1 | w-2 w-3 | w-4.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:drain;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.retry-delay=10ms", "ospatch.rollout.retry-max-delay=10ms", "ospatch.rollout.canary=true",
		"ospatch.reports-dir=target/drain-functional-tests" })
class DrainJobFunctionalTests {

	private static final List<String> NODES = List.of("cp-1", "w-1", "w-2", "w-3", "w-4");

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JobRepository jobRepository;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	FakeNodeMaintenance kube;

	@BeforeEach
	void oneClusterWithAnApi() throws IOException {
		DatabaseCleaner.clean(this.jdbc);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.kube.reset();
		Path kubeconfig = Path.of("target/drain-functional-tests/kubeconfig.yaml").toAbsolutePath();
		Files.createDirectories(kubeconfig.getParent());
		Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
		cli("cluster", "add", "c1", "--max-unavailable", "2", "--failure-budget", "1", "--kubeconfig",
				kubeconfig.toString());
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		for (int i = 1; i <= 4; i++) {
			cli("node", "add", "c1", "w-" + i, "--address", "127.0.0.1", "--port", "230" + (i + 1), "--role", "worker");
		}
	}

	@Test
	void everyNodeIsDrainedBeforeItsPlaybookAndBackInServiceBeforeTheNextChunk() {
		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"), List.of("w-1"), List.of("w-2", "w-3"),
				List.of("w-4"));
		for (String node : NODES) {
			assertThat(nodeEvents(node)).as(node)
				.containsExactly("cordoned", "drained", "patching", "patched", "ready", "uncordoned");
		}
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(this.kube.mostCordonedAtOnce()).isEqualTo(2);
		assertThat(mostOutOfServiceAtOnce()).as("from the event log").isEqualTo(2);
		assertThat(controlPlaneAloneWhenOut()).isTrue();
	}

	@Test
	void aNodeSomeoneCordonedIsLeftOutAndABlockedDrainIsSkippedUncordoned() {
		this.kube.cordonedByHand("w-3");
		this.kube.blockedBy.put("w-2", "shop/checkout");

		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out()).isEqualTo(3);
		assertThat(patched.out()).contains("c1: partial");
		assertThat(results()).containsEntry("w-2", "skipped").containsEntry("w-3", "left-out")
			.containsEntry("w-4", "patched");
		assertThat(error("w-2")).isEqualTo("drain blocked by PodDisruptionBudget shop/checkout");
		assertThat(error("w-3")).contains("cordoned by someone else");
		assertThat(this.runner.runsOf("w-2")).isZero();
		assertThat(this.runner.runsOf("w-3")).isZero();
		assertThat(nodeEvents("w-2")).containsExactly("cordoned", "uncordoned", "skipped");
		assertThat(nodeEvents("w-3")).containsExactly("left-out");
		assertThat(this.kube.cordoned()).as("only the cordon that is not ospatch's stays").containsExactly("w-3");
	}

	@Test
	void aRunWithANodeLeftOutIsPartialThoughNothingFailed() {
		this.kube.cordonedByHand("w-4");

		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out()).isEqualTo(3);
		assertThat(patched.out()).contains("c1: partial");
		assertThat(results()).containsEntry("w-4", "left-out");
	}

	@Test
	void aNodeNeverReadyAgainStaysCordonedAndFailsWithinTheBudget() {
		this.kube.neverReadyAgain.add("w-4");

		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out()).isEqualTo(3);
		assertThat(results()).containsEntry("w-4", "failed");
		assertThat(error("w-4")).contains("not Ready within").contains("left cordoned");
		assertThat(nodeEvents("w-4")).containsExactly("cordoned", "drained", "patching", "patched", "failed");
		assertThat(this.kube.cordoned()).containsExactly("w-4");
		assertThat(this.kube.node("w-4").annotations).containsEntry(NodeMaintenance.CORDONED_BY, "run-" + runId())
			.containsKey(NodeMaintenance.KEPT_CORDONED_BECAUSE);
	}

	@Test
	void aResumedRunUncordonsWhatTheKilledOneLeftAndDrainsTheCutOffChunkAgain() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-2")) {
				throw new IllegalStateException("ansible-playbook died");
			}
		});
		assertThat(cli("patch", "--cluster", "c1").exitCode()).isEqualTo(1);
		long run = runId();
		// a kill leaves what a failure cleans up: w-1 recorded but still cordoned, w-2 and w-3 mid-chunk
		for (String node : List.of("w-1", "w-2", "w-3")) {
			this.kube.node(node).unschedulable = true;
			this.kube.node(node).annotations.put(NodeMaintenance.CORDONED_BY, "run-" + run);
		}
		this.runner.afterRun((hosts) -> {
		});

		CliRunner.Result resumed = cli("patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(runId()).isEqualTo(run);
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(this.runner.runsOf("w-1")).isEqualTo(1);
		assertThat(this.runner.runsOf("w-2")).isEqualTo(2);
		assertThat(nodeEvents("w-1")).endsWith("uncordoned", "uncordoned");
		assertThat(results().values()).containsOnly("patched");
	}

	@Test
	void theHealthGateHaltsWhenAPodHealthyBeforeTheChunkCrashLoopsAfterIt() {
		this.kube.podHealth.add(new PodHealth(Set.of("shop/db-0", "shop/web-1"), Set.of()));
		this.kube.podHealth.add(new PodHealth(Set.of("shop/web-1"), Set.of("shop/db-0", "other/new-pod")));

		CliRunner.Result halted = cli("patch", "--cluster", "c1");

		assertThat(halted.exitCode()).as(halted.out()).isEqualTo(1);
		assertThat(halted.out()).contains("c1: halted")
			.contains("health gate: pod(s) healthy before the chunk now crash-looping: shop/db-0 after chunk 1/4")
			.doesNotContain("other/new-pod");
		assertThat(results()).containsEntry("cp-1", "patched").containsEntry("w-1", "not-attempted");
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"));
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(lastExecution().getExitStatus().getExitCode()).isEqualTo(RollingChunkTasklet.HALTED);
	}

	@Test
	void theHealthGateHaltsWhenANodePatchedEarlierIsNotReadyAnyMore() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				this.kube.node("cp-1").ready = false;
			}
		});

		CliRunner.Result halted = cli("patch", "--cluster", "c1");

		assertThat(halted.exitCode()).as(halted.out()).isEqualTo(1);
		assertThat(halted.out()).contains("health gate: node(s) cp-1 patched but not Ready after chunk 2/4");
		assertThat(this.runner.runsOf("w-2")).isZero();
	}

	/** The most nodes out of service at one instant, by the event log: from cordoned to uncordoned. */
	private int mostOutOfServiceAtOnce() {
		Set<String> out = new HashSet<>();
		int most = 0;
		for (Map.Entry<String, String> event : allNodeEvents()) {
			if (event.getValue().equals("cordoned")) {
				out.add(event.getKey());
			}
			else if (event.getValue().equals("uncordoned")) {
				out.remove(event.getKey());
			}
			most = Math.max(most, out.size());
		}
		return most;
	}

	private boolean controlPlaneAloneWhenOut() {
		Set<String> out = new HashSet<>();
		for (Map.Entry<String, String> event : allNodeEvents()) {
			if (event.getValue().equals("cordoned")) {
				out.add(event.getKey());
			}
			else if (event.getValue().equals("uncordoned")) {
				out.remove(event.getKey());
			}
			if (out.contains("cp-1") && out.size() > 1) {
				return false;
			}
		}
		return true;
	}

	private List<Map.Entry<String, String>> allNodeEvents() {
		return this.jdbc.sql("""
				SELECT n.name, e.event FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? ORDER BY e.occurred_at, e.id""")
			.param(runId())
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list();
	}

	private List<String> nodeEvents(String node) {
		List<String> events = new ArrayList<>();
		this.jdbc.sql("""
				SELECT e.event FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? AND n.name = ? ORDER BY e.id""")
			.params(runId(), node)
			.query(String.class)
			.list()
			.forEach(events::add);
		return events;
	}

	private Map<String, String> results() {
		Map<String, String> results = new HashMap<>();
		this.jdbc.sql("""
				SELECT n.name, r.status FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = (SELECT MAX(id) FROM patch_runs)""")
			.query((rs) -> {
				results.put(rs.getString(1), rs.getString(2));
			});
		return results;
	}

	private String error(String node) {
		return this.jdbc.sql("""
				SELECT r.error_text FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = (SELECT MAX(id) FROM patch_runs) AND n.name = ?""")
			.param(node)
			.query(String.class)
			.single();
	}

	private long runId() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private JobExecution lastExecution() {
		JobInstance instance = this.jobRepository.getJobInstance(PatchJobConfiguration.JOB_NAME,
				new JobParametersBuilder().addLong(PatchJobConfiguration.RUN_ID, runId()).toJobParameters());
		return this.jobRepository.getLastJobExecution(instance);
	}

	private CliRunner.Result cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		if (!args[0].equals("patch")) {
			assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
		}
		return result;
	}

}
