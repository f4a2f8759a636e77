package io.ospatch.web.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ospatch.cli.CliRunner;
import io.ospatch.rollout.FakeNodeMaintenance;
import io.ospatch.rollout.ScriptedAnsibleConfiguration;
import io.ospatch.rollout.ScriptedPlaybookRunner;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The server stopping while a launch worker patches, as {@code ospatch serve} does on SIGTERM (its
 * context closes, destroying the worker): the running chunk finishes, no further chunk starts, no node
 * stays cordoned, the run is left stopped and resumable and its lease released; a launch still
 * waiting for a worker is recorded stopped without starting; a launch asked for meanwhile is refused.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:launch-worker-stop;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.stop-grace=5s", "ospatch.reports-dir=target/launch-worker-stop-tests",
		"ospatch.web.launch.workers=1", "ospatch.web.launch.queue=1" })
@AutoConfigureMockMvc
@DirtiesContext
class LaunchWorkerStopTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	FakeNodeMaintenance kube;

	@Autowired
	LaunchWorker worker;

	@Test
	void aStoppingServerLeavesTheRunResumableWithNoCordonAndNoLease() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.kube.reset();
		Path kubeconfig = Path.of("target/launch-worker-stop-tests/kubeconfig.yaml").toAbsolutePath();
		Files.createDirectories(kubeconfig.getParent());
		Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
		cli("cluster", "add", "c1", "--max-unavailable", "1", "--kubeconfig", kubeconfig.toString());
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		cli("node", "add", "c1", "w-1", "--address", "127.0.0.1", "--port", "2302", "--role", "worker");
		cli("node", "add", "c1", "w-2", "--address", "127.0.0.1", "--port", "2303", "--role", "worker");
		cli("cluster", "add", "c2");
		cli("node", "add", "c2", "c2-w", "--address", "127.0.0.1", "--role", "worker");
		CountDownLatch inChunk = new CountDownLatch(1);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.runner.beforeRun((hosts) -> {
			if (hosts.contains("w-1")) {
				inChunk.countDown();
				// the chunk is still patching when the server is asked to stop
				sleep(1000);
			}
		});
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(user("otto").roles("OPERATOR")))
			.andExpect(status().isAccepted());
		this.mvc.perform(post("/api/v1/clusters/c2/runs").with(user("otto").roles("OPERATOR")))
			.andExpect(status().isAccepted());
		assertThat(inChunk.await(30, TimeUnit.SECONDS)).as("w-1's chunk started").isTrue();
		assertThat(this.kube.cordoned()).as("w-1 is cordoned while it is patched").containsExactly("w-1");

		this.worker.destroy();

		assertThat(outcome("c1")).isEqualTo("stopped");
		assertThat(this.runner.runsOf("w-1")).as("the running chunk finished").isEqualTo(1);
		assertThat(this.runner.runsOf("w-2")).as("no chunk started after the stop").isZero();
		assertThat(this.kube.cordoned()).as("no node left cordoned").isEmpty();
		assertThat(outcome("c2")).as("the launch waiting for a worker").isEqualTo("stopped");
		assertThat(this.runner.runsOf("c2-w")).isZero();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single()).as("released").isZero();
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(user("otto").roles("OPERATOR")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.detail").value("the server is stopping and starts no launch; launch again once it is back"));

		CliRunner.Result resumed = CliRunner.run(this.context, "patch", "--cluster", "c1");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(resumed.out()).contains("c1: compliant").contains("resumed");
		assertThat(this.runner.runsOf("w-1")).as("not patched again").isEqualTo(1);
		assertThat(this.runner.runsOf("w-2")).isEqualTo(1);
		assertThat(this.kube.cordoned()).isEmpty();
	}

	private String outcome(String cluster) {
		return this.jdbc.sql("SELECT r.outcome FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id WHERE c.name = ?")
			.param(cluster)
			.query(String.class)
			.single();
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
