package io.ospatch.web.launch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.ospatch.cli.CliRunner;
import io.ospatch.rollout.FakeNodeMaintenance;
import io.ospatch.rollout.RolloutStop;
import io.ospatch.rollout.ScriptedAnsibleConfiguration;
import io.ospatch.rollout.ScriptedPlaybookRunner;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Launches on demand from {@code ospatch serve}, through MockMvc on H2 with the scripted playbook
 * runner and an in-memory Kubernetes: the API ({@code POST /api/v1/clusters/{name}/runs}) and the Patch
 * now page open the run in the request and a launch worker patches it; busy, unknown, unpatchable,
 * full and unauthorised launches open nothing and hold no lease. One worker and no waiting place, so
 * a full worker is easy to reach.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:on-demand-launch;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.stop-grace=1s", "ospatch.rollout.canary=true", "ospatch.reports-dir=target/on-demand-launch-tests",
		"ospatch.web.launch.workers=1", "ospatch.web.launch.queue=0" })
@AutoConfigureMockMvc
class OnDemandLaunchTests {

	private static final List<String> ROLLING_ORDER = List.of("cp-1", "w-1", "w-2");

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

	@BeforeEach
	void aClusterOfThreeNodesWithAKubernetesApi() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.kube.reset();
		Path kubeconfig = Path.of("target/on-demand-launch-tests/kubeconfig.yaml").toAbsolutePath();
		Files.createDirectories(kubeconfig.getParent());
		Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
		cli("cluster", "add", "c1", "--max-unavailable", "2", "--failure-budget", "1", "--maintenance-window", "4h",
				"--kubeconfig", kubeconfig.toString());
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		cli("node", "add", "c1", "w-1", "--address", "127.0.0.1", "--port", "2302", "--role", "worker");
		cli("node", "add", "c1", "w-2", "--address", "127.0.0.1", "--port", "2303", "--role", "worker");
	}

	@AfterEach
	void theWorkerIsFreeAgain() throws InterruptedException {
		awaitTrue(() -> this.worker.taken() == 0, "the launch worker is free");
	}

	@Test
	void theApiAnswers202WithTheRunAndItsLocationAndTheWorkerPatchesIt() throws Exception {
		MvcResult launched = this.mvc.perform(post("/api/v1/clusters/c1/runs").with(httpBasic("otto", "operator-password-1")))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.cluster").value("c1"))
			.andExpect(jsonPath("$.trigger").value("on-demand"))
			.andExpect(jsonPath("$.launchedBy").value("otto (api)"))
			.andExpect(jsonPath("$.state").value("running"))
			.andExpect(jsonPath("$.resumed").value(false))
			.andReturn();
		long runId = runId();

		assertThat(launched.getResponse().getHeader("Location")).isEqualTo("/api/v1/runs/" + runId);
		assertThat(launched.getResponse().getContentAsString()).contains("\"id\":" + runId);
		awaitOutcome(runId, "compliant");
		ROLLING_ORDER.forEach((node) -> assertThat(this.runner.runsOf(node)).as(node).isEqualTo(1));
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(leases()).as("released").isZero();
		assertThat(cliOut("runs", "--id", String.valueOf(runId))).contains("on-demand by otto (api)");
		assertThat(cliOut("audit", "--cluster", "c1")).as("the audit trail says who launched it")
			.containsPattern("otto +launch +c1 +run " + runId + " \\(api\\)");
	}

	@Test
	void aBusyClusterIs409AndNothingNewIsOpened() throws Exception {
		CountDownLatch release = blockFirstChunk();
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		long first = runId();

		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR")))
			.andExpect(status().isConflict())
			.andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
			.andExpect(jsonPath("$.detail").value(startsWith(
					"cluster 'c1' is busy, not patched: another run holds it (run " + first + ", ")));

		assertThat(runs()).isEqualTo(1);
		release.countDown();
		awaitOutcome(first, "compliant");
	}

	@Test
	void unknownUnpatchableAndBadBodiesAreRefusedWithTheCliMessages() throws Exception {
		cli("cluster", "add", "legacy", "--kind", "imported");

		this.mvc.perform(post("/api/v1/clusters/nope/runs").with(as("otto", "OPERATOR")))
			.andExpect(status().isNotFound())
			.andExpect(jsonPath("$.detail").value(startsWith("unknown cluster 'nope'")));
		this.mvc.perform(post("/api/v1/clusters/legacy/runs").with(as("otto", "OPERATOR")))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(startsWith("cluster 'legacy' cannot be patched: ")));

		assertThat(runs()).isZero();
		assertThat(leases()).isZero();
	}

	@Test
	void launchingNeedsAnOperatorAndALogin() throws Exception {
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("vera", "VIEWER"))).andExpect(status().isForbidden());
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(httpBasic("vera", "viewer-password-1")))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/api/v1/clusters/c1/runs")).andExpect(status().isUnauthorized());
		this.mvc.perform(post("/clusters/c1/patch").with(as("vera", "VIEWER")).with(csrf()))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/clusters/c1/patch").with(as("otto", "OPERATOR"))).andExpect(status().isForbidden());

		assertThat(runs()).as("nothing launched").isZero();
	}

	@Test
	void aFullWorkerIs503AndLeasesNothing() throws Exception {
		cli("cluster", "add", "c2");
		cli("node", "add", "c2", "c2-w", "--address", "127.0.0.1", "--role", "worker");
		CountDownLatch release = blockFirstChunk();
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		long first = runId();

		this.mvc.perform(post("/api/v1/clusters/c2/runs").with(as("otto", "OPERATOR")))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.title").value("Cannot launch now"))
			.andExpect(jsonPath("$.detail").value(startsWith("every launch worker is taken")));

		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases l JOIN clusters c ON c.id = l.cluster_id WHERE c.name = 'c2'")
			.query(Long.class)
			.single()).isZero();
		assertThat(runs()).isEqualTo(1);
		release.countDown();
		awaitOutcome(first, "compliant");
		assertThat(leases()).isZero();
		this.mvc.perform(post("/api/v1/clusters/c2/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		awaitTrue(() -> outcomeOfLatest().equals("compliant"), "c2 patched once a worker is free");
	}

	@Test
	void theOpenApiDocumentDescribesTheLaunchAndItsProblems() throws Exception {
		String launch = "$.paths['/api/v1/clusters/{name}/runs'].post";

		this.mvc.perform(get("/v3/api-docs").with(as("vera", "VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath(launch + ".responses['202'].content['application/json'].schema['$ref']")
				.value("#/components/schemas/LaunchedRunResource"))
			.andExpect(jsonPath(launch + ".responses['200']").doesNotExist())
			.andExpect(jsonPath(launch + ".requestBody.content['application/json']").exists())
			.andExpect(jsonPath(launch + ".requestBody.required").doesNotExist())
			.andExpect(jsonPath(launch + ".responses['409'].content['application/problem+json']").exists())
			.andExpect(jsonPath(launch + ".responses['404']").exists())
			.andExpect(jsonPath(launch + ".responses['400']").exists())
			.andExpect(jsonPath(launch + ".responses['503']").exists());
	}

	@Test
	void aFreshLaunchAbandonsTheUnfinishedRunForANewOne() throws Exception {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				this.context.getBean(RolloutStop.class).request();
			}
		});
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		long stopped = runId();
		awaitOutcome(stopped, "stopped");
		this.runner.afterRun((hosts) -> {
		});
		awaitTrue(() -> this.worker.taken() == 0, "the stopped launch has left the worker");

		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))
			.contentType(MediaType.APPLICATION_JSON)
			.content("{\"fresh\": true}"))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.id").value(stopped + 1))
			.andExpect(jsonPath("$.resumed").value(false));

		awaitOutcome(stopped + 1, "compliant");
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs WHERE id = ?").param(stopped).query(String.class).single())
			.isEqualTo("abandoned");
	}

	@Test
	void thePatchNowPageShowsThePlanAndTheConfirmationLeadsToTheRun() throws Exception {
		Document page = page(get("/clusters/c1/patch").with(as("otto", "OPERATOR")), 200);

		assertThat(page.select("h1").text()).isEqualTo("Patch now");
		assertThat(page.select("#plan tbody tr").eachText()).containsExactly("1/3 cp-1 control-plane not read yet",
				"2/3 (canary) w-1 worker not read yet", "3/3 w-2 worker not read yet");
		assertThat(page.select("#what").first().parent().text()).contains("A new run starts from the first chunk")
			.contains("Failure budget: 1 node(s)")
			.contains("Maintenance window: 4h")
			.contains("at most 2 at once");
		assertThat(page.select("form[action$=/patch] button").text()).isEqualTo("Patch 3 nodes of cluster c1 now");
		assertThat(page.select("form[action$=/patch] input[name=_csrf]")).hasSize(1);

		MvcResult launched = this.mvc.perform(post("/clusters/c1/patch").with(as("otto", "OPERATOR")).with(csrf()))
			.andExpect(status().isSeeOther())
			.andReturn();

		long runId = runId();
		assertThat(launched.getResponse().getRedirectedUrl()).isEqualTo("/runs/" + runId);
		awaitOutcome(runId, "compliant");
		assertThat(this.jdbc.sql("SELECT launched_by FROM patch_runs").query(String.class).single()).isEqualTo("otto (web)");
		assertThat(this.jdbc.sql("SELECT actor, action, detail FROM audit_trail WHERE action = 'launch'")
			.query((row, i) -> row.getString(1) + " " + row.getString(2) + " " + row.getString(3))
			.list()).as("the audit trail says who launched it").containsExactly("otto launch run " + runId + " (web)");
	}

	@Test
	void aViewerSeesThePlanWithoutTheButtonAndAnImportedClusterSaysWhy() throws Exception {
		cli("cluster", "add", "legacy", "--kind", "imported");

		Document viewer = page(get("/clusters/c1/patch").with(as("vera", "VIEWER")), 200);
		assertThat(viewer.select("#plan tbody tr")).hasSize(3);
		assertThat(viewer.select("form[action$=/patch] button")).isEmpty();
		assertThat(viewer.text()).contains("Launching a patch needs the role operator");

		Document imported = page(get("/clusters/legacy/patch").with(as("otto", "OPERATOR")), 200);
		assertThat(imported.text()).contains("Not available for this cluster")
			.contains("imported clusters are managed by their own tooling");
		assertThat(imported.select("form[action$=/patch] button")).isEmpty();
		assertThat(page(get("/clusters/nope/patch").with(as("otto", "OPERATOR")), 404).text())
			.contains("unknown cluster 'nope'");
		Document schedule = page(get("/clusters/c1/settings/os-patching").with(as("vera", "VIEWER")), 200);
		assertThat(schedule.select("a#patch-now").attr("href")).isEqualTo("/clusters/c1/patch");
	}

	@Test
	void aBusyClusterShowsThePageAgainWith409AndTheMessage() throws Exception {
		CountDownLatch release = blockFirstChunk();
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		long first = runId();

		Document busy = page(post("/clusters/c1/patch").with(as("otto", "OPERATOR")).with(csrf()), 409);

		assertThat(busy.select("[role=alert]").text()).startsWith("cluster 'c1' is busy, not patched: another run holds it");
		assertThat(busy.select("#resumes").text()).as("the run that holds it is unfinished").contains("run " + first);
		assertThat(runs()).isEqualTo(1);
		release.countDown();
		awaitOutcome(first, "compliant");
	}

	@Test
	void aStoppedRunIsResumedByTheNextLaunchAndThePageSaysSo() throws Exception {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				this.context.getBean(RolloutStop.class).request();
			}
		});
		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR"))).andExpect(status().isAccepted());
		long stopped = runId();
		awaitOutcome(stopped, "stopped");
		this.runner.afterRun((hosts) -> {
		});
		awaitTrue(() -> this.worker.taken() == 0, "the stopped launch has left the worker");

		Document page = page(get("/clusters/c1/patch").with(as("otto", "OPERATOR")), 200);
		assertThat(page.select("#resumes").text()).contains("run " + stopped).contains("is resumed where it stopped");
		assertThat(page.select("label[for=fresh]").text()).contains("abandon run " + stopped);

		this.mvc.perform(post("/api/v1/clusters/c1/runs").with(as("otto", "OPERATOR")))
			.andExpect(status().isAccepted())
			.andExpect(jsonPath("$.id").value(stopped))
			.andExpect(jsonPath("$.resumed").value(true));

		awaitOutcome(stopped, "compliant");
		ROLLING_ORDER.forEach((node) -> assertThat(this.runner.runsOf(node)).as(node).isEqualTo(1));
		assertThat(this.kube.cordoned()).isEmpty();
	}

	/** The first chunk waits until the returned latch is counted down: the launch holds the worker and the lease. */
	private CountDownLatch blockFirstChunk() {
		CountDownLatch release = new CountDownLatch(1);
		this.runner.beforeRun((hosts) -> {
			try {
				assertThat(release.await(30, TimeUnit.SECONDS)).as("released by the test").isTrue();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		return release;
	}

	private long runId() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private long runs() {
		return this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single();
	}

	private long leases() {
		return this.jdbc.sql("SELECT COUNT(*) FROM cluster_leases").query(Long.class).single();
	}

	private String outcomeOfLatest() {
		return this.jdbc.sql("SELECT outcome FROM patch_runs ORDER BY id DESC LIMIT 1").query(String.class).single();
	}

	private void awaitOutcome(long runId, String outcome) throws InterruptedException {
		awaitTrue(() -> outcome.equals(this.jdbc.sql("SELECT outcome FROM patch_runs WHERE id = ?")
			.param(runId)
			.query(String.class)
			.single()), "run " + runId + " " + outcome);
		awaitTrue(() -> leases() == 0, "its lease released");
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
		while (!condition.getAsBoolean()) {
			assertThat(Instant.now()).as("waited for: " + what).isBefore(deadline);
			Thread.sleep(50);
		}
	}

	private Document page(MockHttpServletRequestBuilder request, int status) throws Exception {
		String html = this.mvc.perform(request).andExpect(status().is(status)).andReturn().getResponse().getContentAsString();
		return Jsoup.parse(html);
	}

	private static RequestPostProcessor as(String name, String role) {
		return user(name).roles(role);
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

	private String cliOut(String... args) {
		return CliRunner.succeeded(this.context, args);
	}

}
