package io.ospatch.web.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ospatch.cli.CliRunner;
import io.ospatch.kube.PatchJobs;
import io.ospatch.lease.ClusterLeases;
import io.ospatch.lease.Lease;
import io.ospatch.rollout.FakeNodeMaintenance;
import io.ospatch.rollout.ScriptedAnsibleConfiguration;
import io.ospatch.rollout.ScriptedPlaybookRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.KubeApiDispatcher;
import io.ospatch.support.KubeApiStub;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Launches on demand under {@code ospatch.web.launch.mode=kubernetes-job}, through MockMvc on H2, with
 * fabric8's mock server as the server's own Kubernetes API and the template of
 * {@code k8s-cronjobs/on-demand/patch-job.yaml}: the request opens the run, gives it up resumable and
 * creates a Job named after it, whose {@code ospatch patch --cluster} (the CLI here, with the scripted
 * playbook runner) resumes that same run to compliant. A refused Job is 503 with the run resumable and
 * nothing leased; a busy cluster is 409 with no Job.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:patch-job-launch;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.stop-grace=1s", "ospatch.reports-dir=target/patch-job-launch-tests",
		"ospatch.web.launch.mode=kubernetes-job", "ospatch.web.launch.job-namespace=ospatch-test",
		"ospatch.web.launch.job-template=k8s-cronjobs/on-demand/patch-job.yaml" })
@AutoConfigureMockMvc
class PatchJobLaunchTests {

	private static final Path DIR = Path.of("target/patch-job-launch-tests").toAbsolutePath();

	private static final AtomicBoolean REFUSE_JOBS = new AtomicBoolean();

	private static final KubernetesMockServer API = startApi();

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
	ClusterLeases leases;

	@DynamicPropertySource
	static void theServersKubernetesApi(DynamicPropertyRegistry registry) throws IOException {
		Path kubeconfig = KubeApiStub.writeKubeconfig(DIR.resolve("serve-kubeconfig.yaml"),
				"http://" + API.getHostName() + ":" + API.getPort(), KubeApiStub.TOKEN);
		registry.add("ospatch.web.launch.job-kubeconfig", kubeconfig::toString);
	}

	@AfterAll
	static void stopApi() {
		API.destroy();
	}

	@BeforeEach
	void aClusterOfThreeNodesAndNoJobs() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		REFUSE_JOBS.set(false);
		try (KubernetesClient client = API.createClient()) {
			client.batch().v1().jobs().inAnyNamespace().delete();
		}
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.kube.reset();
		Path kubeconfig = DIR.resolve("cluster-kubeconfig.yaml");
		Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
		cli("cluster", "add", "c1", "--max-unavailable", "2", "--kubeconfig", kubeconfig.toString());
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		cli("node", "add", "c1", "w-1", "--address", "127.0.0.1", "--port", "2302", "--role", "worker");
	}

	@Test
	void aLaunchCreatesAJobForItsRunWhosePatchResumesThatRunToCompliant() throws Exception {
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(user("otto").roles("OPERATOR")))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.cluster").value("c1"))
			.andExpect(jsonPath("$.launchedBy").value("otto (api)"))
			.andExpect(jsonPath("$.state").value("stopped"));
		long runId = runId();
		String name = "ospatch-patch-c1-run-" + runId;

		List<Job> jobs = jobs();
		assertThat(jobs).hasSize(1);
		Job job = jobs.get(0);
		assertThat(job.getMetadata().getName()).isEqualTo(name);
		assertThat(job.getMetadata().getNamespace()).isEqualTo("ospatch-test");
		assertThat(job.getMetadata().getLabels()).containsEntry(PatchJobs.RUN_ID_LABEL, String.valueOf(runId))
			.containsEntry("app.kubernetes.io/component", "on-demand");
		assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(PatchJobs.RUN_ID_LABEL,
				String.valueOf(runId));
		assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs())
			.containsExactly("patch", "--cluster", "c1");
		assertThat(leases()).as("the Job's ospatch patch takes the lease").isZero();
		assertThat(events(runId)).contains("job-created: Job " + name + " in namespace ospatch-test");
		assertThat(cliOut("audit", "--cluster", "c1")).containsPattern("otto +launch +c1 +run " + runId + " \\(api\\)");

		cli("patch", "--cluster", "c1");

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).as("no new run").isOne();
		assertThat(outcome(runId)).isEqualTo("compliant");
		assertThat(events(runId)).contains("resumed: by ");
		List.of("cp-1", "w-1").forEach((node) -> assertThat(this.runner.runsOf(node)).as(node).isEqualTo(1));
		assertThat(leases()).isZero();
	}

	@Test
	void aJobTheApiRefusesIs503AndTheRunStaysResumableWithNothingLeased() throws Exception {
		REFUSE_JOBS.set(true);

		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(user("otto").roles("OPERATOR")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.title").value("Cannot launch now"))
			.andExpect(jsonPath("$.detail").value(startsWith("no Kubernetes Job created for run " + runId() + " of c1: ")));

		long runId = runId();
		assertThat(leases()).isZero();
		assertThat(outcome(runId)).isEqualTo("stopped");
		assertThat(events(runId)).doesNotContain("job-created");
		REFUSE_JOBS.set(false);
		cli("patch", "--cluster", "c1");
		assertThat(outcome(runId)).as("resumed by the next patch").isEqualTo("compliant");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isOne();
	}

	@Test
	void aBusyClusterIs409AndNoJobIsCreated() throws Exception {
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'c1'").query(Long.class).single();
		Lease held = this.leases.tryAcquire(clusterId).orElseThrow();
		try {
			this.mvc.perform(post("/api/v1/clusters/c1/runs").with(user("otto").roles("OPERATOR")))
				.andExpect(status().isConflict())
				.andExpect(jsonPath("$.detail").value(startsWith("cluster 'c1' is busy, not patched: ")));
		}
		finally {
			this.leases.release(held);
		}

		assertThat(jobs()).isEmpty();
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
	}

	private static KubernetesMockServer startApi() {
		try {
			Files.createDirectories(DIR);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
				new JobRefusingDispatcher(), false);
		server.init();
		return server;
	}

	/** The API server, refusing to create Jobs while a test says so, as RBAC would. */
	private static final class JobRefusingDispatcher extends KubeApiDispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			if (REFUSE_JOBS.get() && "POST".equals(request.getMethod()) && request.getPath().contains("/jobs")) {
				return status(403, "Forbidden", "jobs.batch is forbidden: cannot create resource jobs");
			}
			return super.dispatch(request);
		}

	}

	private List<Job> jobs() {
		try (KubernetesClient client = API.createClient()) {
			return client.batch().v1().jobs().inAnyNamespace().list().getItems();
		}
	}

	private long runId() {
		Long id = this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
		return (id != null) ? id : 0;
	}

	private String outcome(long runId) {
		return this.jdbc.sql("SELECT outcome FROM patch_runs WHERE id = ?").param(runId).query(String.class).single();
	}

	private String events(long runId) {
		return String.join("\n", this.jdbc.sql("SELECT CONCAT(event, ': ', detail) FROM run_events WHERE run_id = ? ORDER BY id")
			.param(runId)
			.query(String.class)
			.list());
	}

	private long leases() {
		return this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single();
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

	private String cliOut(String... args) {
		return CliRunner.succeeded(this.context, args);
	}

}
