package io.ospatch.web.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.ospatch.cli.CliRunner;
import io.ospatch.report.RunReports;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.FakeAnsible;
import io.ospatch.web.WebRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The runs, events, reports and nodes of the API, through MockMvc on H2 with HTTP Basic: runs recorded
 * through the real repositories ({@link WebRuns}) and one real rollout through the CLI with the fake
 * {@code ansible-playbook}; successes, problem+json errors with the command line's messages, and the
 * login they need.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:run-api;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.reports-dir=target/run-api-tests/reports", "ospatch.web.users-file=src/test/resources/web/users.yaml" })
@AutoConfigureMockMvc
class RunApiTests {

	private static final String VIEWER_PASSWORD = "viewer-password-1";

	private static final Path REPORTS = Path.of("target", "run-api-tests", "reports");

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	private WebRuns runs;

	@DynamicPropertySource
	static void fakeAnsible(DynamicPropertyRegistry properties) {
		properties.add("ospatch.ansible.binary",
				() -> FakeAnsible.install(Path.of("target", "run-api-tests", "bin").toAbsolutePath()).toString());
	}

	@BeforeEach
	void recordedRuns() throws IOException {
		DatabaseCleaner.clean(this.jdbc);
		if (Files.exists(REPORTS)) {
			try (Stream<Path> files = Files.walk(REPORTS)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
		this.runs = new WebRuns(this.context).record();
		this.context.getBean(RunReports.class).render(this.runs.halted);
	}

	@Test
	void runsAreListedNewestFirstByClusterAPageAtATime() throws Exception {
		this.mvc.perform(api(get("/api/v1/runs")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(3))
			.andExpect(jsonPath("$[0].id").value(this.runs.eks))
			.andExpect(jsonPath("$[0].nodegroupsByStatus.successful").value(1))
			.andExpect(jsonPath("$[0].nodegroupsByStatus.failed").value(1))
			.andExpect(jsonPath("$[1].id").value(this.runs.running))
			.andExpect(jsonPath("$[1].outcome").value("running"))
			.andExpect(jsonPath("$[1].finished").value(false))
			.andExpect(jsonPath("$[1].ended").doesNotExist())
			.andExpect(jsonPath("$[2].id").value(this.runs.halted))
			.andExpect(jsonPath("$[2].cluster").value(WebRuns.CLUSTER))
			.andExpect(jsonPath("$[2].trigger").value("scheduled"))
			.andExpect(jsonPath("$[2].launchedBy").value("cronjob"))
			.andExpect(jsonPath("$[2].started").value("2026-11-20T03:00:00Z"))
			.andExpect(jsonPath("$[2].ended").value("2026-11-20T03:06:41Z"))
			.andExpect(jsonPath("$[2].detail").value("1 node failed past the failure budget of 0"))
			.andExpect(jsonPath("$[2].nodesByStatus.patched").value(1))
			.andExpect(jsonPath("$[2].nodesByStatus.unreachable").value(1))
			.andExpect(jsonPath("$[2].nodesByStatus['not-attempted']").value(2))
			.andExpect(jsonPath("$[2].nodesByStatus.skipped").value(0));

		this.mvc.perform(api(get("/api/v1/runs").param("cluster", WebRuns.CLUSTER).param("limit", "1")))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(this.runs.running));
		this.mvc.perform(api(get("/api/v1/runs").param("cluster", WebRuns.CLUSTER)
			.param("before", String.valueOf(this.runs.running))))
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(this.runs.halted));
		this.mvc.perform(api(get("/api/v1/clusters/" + WebRuns.EKS + "/runs")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(1))
			.andExpect(jsonPath("$[0].id").value(this.runs.eks));
	}

	@Test
	void badQueryParametersAre400AndUnknownClustersAre404AsProblems() throws Exception {
		problem(get("/api/v1/runs").param("limit", "0"), 400, "limit must be between 1 and 100, not 0");
		problem(get("/api/v1/runs").param("limit", "101"), 400, "limit must be between 1 and 100, not 101");
		problem(get("/api/v1/runs").param("limit", "many"), 400, "limit must be a whole number, not 'many'");
		problem(get("/api/v1/runs").param("before", "0"), 400, "before must be a run id (1 or more), not 0");
		problem(get("/api/v1/runs").param("cluster", "nope"), 404, "unknown cluster 'nope'; 'ospatch cluster list' shows the clusters");
		problem(get("/api/v1/clusters/nope/runs"), 404, "unknown cluster 'nope'; 'ospatch cluster list' shows the clusters");
		problem(get("/api/v1/clusters/nope/nodes"), 404, "unknown cluster 'nope'; 'ospatch cluster list' shows the clusters");
		problem(get("/api/v1/runs/x"), 400, "id must be a whole number, not 'x'");
	}

	@Test
	void aRunIsShownWholeWithItsNodesEventsMailWebhooksAndReport() throws Exception {
		this.mvc.perform(api(get("/api/v1/runs/" + this.runs.halted)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.run.outcome").value("halted"))
			.andExpect(jsonPath("$.progress.chunksDone").value(4))
			.andExpect(jsonPath("$.progress.chunks").value(4))
			.andExpect(jsonPath("$.progress.nodesDone").value(4))
			.andExpect(jsonPath("$.nodes.length()").value(4))
			.andExpect(jsonPath("$.nodes[0].name").value("cp-1"))
			.andExpect(jsonPath("$.nodes[0].role").value("control-plane"))
			.andExpect(jsonPath("$.nodes[0].versionBefore").value("12.4"))
			.andExpect(jsonPath("$.nodes[0].versionAfter").value("12.12"))
			.andExpect(jsonPath("$.nodes[0].rebooted").value(true))
			.andExpect(jsonPath("$.nodes[1].status").value("unreachable"))
			.andExpect(jsonPath("$.nodes[1].failure").value("unreachable"))
			.andExpect(jsonPath("$.nodes[1].attempts").value(3))
			.andExpect(jsonPath("$.nodegroups.length()").value(0))
			.andExpect(jsonPath("$.events[0].event").value("started"))
			.andExpect(jsonPath("$.events[1].event").value("ended"))
			.andExpect(jsonPath("$.mail.status").value("sent"))
			.andExpect(jsonPath("$.mail.detail").value("to security@example.com"))
			.andExpect(jsonPath("$.webhooks[0].status").value("failed"))
			.andExpect(jsonPath("$.webhooks[0].httpStatus").value(500))
			.andExpect(jsonPath("$.webhooks[0].target").value("https://hooks.example.com/…"))
			.andExpect(jsonPath("$.reports.html").value("/api/v1/runs/" + this.runs.halted + "/report.html"))
			.andExpect(jsonPath("$.reports.csv").value("/api/v1/runs/" + this.runs.halted + "/report.csv"));

		this.mvc.perform(api(get("/api/v1/runs/" + this.runs.eks)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.progress").doesNotExist())
			.andExpect(jsonPath("$.nodes.length()").value(0))
			.andExpect(jsonPath("$.nodegroups[0].name").value("workers-a"))
			.andExpect(jsonPath("$.nodegroups[0].status").value("successful"))
			.andExpect(jsonPath("$.nodegroups[0].releaseAfter").value("1.31.2-20241109"))
			.andExpect(jsonPath("$.nodegroups[1].status").value("failed"))
			.andExpect(jsonPath("$.nodegroups[1].error").value("NodeCreationFailure: instances failed to join the kubernetes cluster"))
			.andExpect(jsonPath("$.reports").isEmpty());
		this.mvc.perform(api(get("/api/v1/runs/" + this.runs.running)))
			.andExpect(jsonPath("$.progress.chunksDone").value(1))
			.andExpect(jsonPath("$.progress.chunks").value(4));
		problem(get("/api/v1/runs/999999"), 404, "no run 999999");
	}

	@Test
	void aRunsEventsAreItsOwnAndEveryNodeEventInTimeOrder() throws Exception {
		this.mvc.perform(api(get("/api/v1/runs/" + this.runs.halted + "/events")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.runId").value(this.runs.halted))
			.andExpect(jsonPath("$.events[*].event").value(org.hamcrest.Matchers.contains("started", "ended")))
			.andExpect(jsonPath("$.nodeEvents[*].event").value(org.hamcrest.Matchers.contains("cordoned", "drained",
					"patching", "rebooted", "patched", "ready", "uncordoned", "failed")))
			.andExpect(jsonPath("$.nodeEvents[1].node").value("cp-1"))
			.andExpect(jsonPath("$.nodeEvents[1].role").value("control-plane"))
			.andExpect(jsonPath("$.nodeEvents[1].detail").value("3 pods evicted"))
			.andExpect(jsonPath("$.nodeEvents[1].time").value("2026-11-20T03:00:20Z"));
		problem(get("/api/v1/runs/999999/events"), 404, "no run 999999");
	}

	@Test
	void theReportIsServedInTheFormatAskedForWithItsContentType() throws Exception {
		String report = "/api/v1/runs/" + this.runs.halted + "/report";

		MockHttpServletResponse html = report(get(report).accept(MediaType.TEXT_HTML));
		assertThat(html.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(html.getHeader("Content-Security-Policy")).contains("style-src 'unsafe-inline'").contains("sandbox");
		assertThat(html.getContentAsString()).startsWith("<!DOCTYPE html>").contains("worker-1");
		MockHttpServletResponse json = report(get(report).accept(MediaType.APPLICATION_JSON));
		assertThat(json.getContentType()).isEqualTo("application/json");
		JsonNode parsed = JsonMapper.builder().build().readTree(json.getContentAsString());
		assertThat(parsed.toString()).contains("worker-1");
		MockHttpServletResponse csv = report(get(report).header(HttpHeaders.ACCEPT, "text/csv"));
		assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
		assertThat(csv.getContentAsString()).isEqualTo(Files.readString(REPORTS.resolve(WebRuns.CLUSTER)
			.resolve(this.runs.halted + ".csv")));
		assertThat(report(get(report).header(HttpHeaders.ACCEPT, "text/csv;q=0.5, text/html")).getContentType())
			.as("the type preferred by quality").isEqualTo("text/html;charset=UTF-8");
		assertThat(report(get(report)).getContentType()).as("no Accept: JSON").isEqualTo("application/json");
		assertThat(report(get(report + ".csv").accept(MediaType.APPLICATION_JSON)).getContentType())
			.as("the suffix decides").isEqualTo("text/csv;charset=UTF-8");
		assertThat(report(get(report + ".html")).getContentType()).isEqualTo("text/html;charset=UTF-8");

		problem(get(report).accept(MediaType.APPLICATION_XML), 406,
				"a report is text/html, application/json or text/csv, not application/xml");
		problem(get("/api/v1/runs/" + this.runs.running + "/report").accept(MediaType.TEXT_HTML), 404,
				"the report of run " + this.runs.running + " is not written yet: it is written when the run ends");
		problem(get("/api/v1/runs/" + this.runs.running + "/report.csv"), 404,
				"the report of run " + this.runs.running + " is not written yet: it is written when the run ends");
		problem(get(report + ".pdf"), 404, "a report is in html, json or csv, not 'pdf'");
		problem(get("/api/v1/runs/999999/report.json"), 404, "no run 999999");
	}

	@Test
	void aClustersNodesCarryTheirLastPatchAndNoAddress() throws Exception {
		String json = this.mvc.perform(api(get("/api/v1/clusters/" + WebRuns.CLUSTER + "/nodes")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.length()").value(4))
			.andExpect(jsonPath("$[0].name").value("cp-1"))
			.andExpect(jsonPath("$[0].role").value("control-plane"))
			.andExpect(jsonPath("$[0].state").value("new"))
			.andExpect(jsonPath("$[0].lastRunId").value(this.runs.running))
			.andExpect(jsonPath("$[0].lastResult").value("already-current"))
			.andExpect(jsonPath("$[1].name").value("worker-1"))
			.andExpect(jsonPath("$[1].lastRunId").value(this.runs.halted))
			.andExpect(jsonPath("$[1].lastResult").value("unreachable"))
			.andExpect(jsonPath("$[1].lastResultAt").value("2026-11-20T03:06:40Z"))
			.andReturn()
			.getResponse()
			.getContentAsString();
		assertThat(json).doesNotContain("10.0.0.").doesNotContain("address");
	}

	@Test
	void aRealRolloutReadsBackWithItsReportAndTheNodesItPatched() throws Exception {
		cli("cluster", "add", "lab", "--max-unavailable", "1");
		cli("node", "add", "lab", "lab-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		cli("node", "add", "lab", "lab-2", "--address", "127.0.0.1", "--port", "2302", "--role", "worker");
		cli("patch", "--cluster", "lab");
		long run = this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();

		this.mvc.perform(api(get("/api/v1/runs/" + run)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.run.cluster").value("lab"))
			.andExpect(jsonPath("$.run.trigger").value("on-demand"))
			.andExpect(jsonPath("$.run.outcome").value("compliant"))
			.andExpect(jsonPath("$.run.nodesByStatus.patched").value(2))
			.andExpect(jsonPath("$.progress.chunks").value(2))
			.andExpect(jsonPath("$.nodes[0].versionAfter").value("12.12"))
			.andExpect(jsonPath("$.reports.json").value("/api/v1/runs/" + run + "/report.json"));
		this.mvc.perform(api(get("/api/v1/runs/" + run + "/events")))
			.andExpect(jsonPath("$.nodeEvents[*].event").value(org.hamcrest.Matchers.hasItems("patching", "patched")));
		assertThat(report(get("/api/v1/runs/" + run + "/report.json")).getContentAsString()).contains("\"lab-2\"");
		this.mvc.perform(api(get("/api/v1/clusters/lab/nodes")))
			.andExpect(jsonPath("$[1].name").value("lab-2"))
			.andExpect(jsonPath("$[1].state").value("ready"))
			.andExpect(jsonPath("$[1].osVersion").value("12.12"))
			.andExpect(jsonPath("$[1].lastPatchedAt").isString())
			.andExpect(jsonPath("$[1].lastRunId").value(run))
			.andExpect(jsonPath("$[1].lastResult").value("patched"));
	}

	@Test
	void everyEndpointNeedsALoginAndAViewerMayReadThem() throws Exception {
		for (String path : new String[] { "/api/v1/runs", "/api/v1/runs/" + this.runs.halted,
				"/api/v1/runs/" + this.runs.halted + "/events", "/api/v1/runs/" + this.runs.halted + "/report",
				"/api/v1/runs/" + this.runs.halted + "/report.csv", "/api/v1/clusters/" + WebRuns.CLUSTER + "/nodes",
				"/api/v1/clusters/" + WebRuns.CLUSTER + "/runs" }) {
			this.mvc.perform(get(path))
				.andExpect(status().isUnauthorized())
				.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON));
			this.mvc.perform(get(path).with(httpBasic("vera", "wrong-password"))).andExpect(status().isUnauthorized());
			this.mvc.perform(api(get(path))).andExpect(status().isOk());
		}
	}

	@Test
	void theOpenApiDocumentDescribesTheRunsNodesAndReports() throws Exception {
		this.mvc.perform(get("/v3/api-docs").with(user("vera").roles("VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/runs'].get.parameters[*].name")
				.value(org.hamcrest.Matchers.containsInAnyOrder("cluster", "limit", "before")))
			.andExpect(jsonPath("$.paths['/api/v1/runs/{id}'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/runs/{id}/events'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/runs/{id}/report'].get.responses['200'].content['text/csv']").exists())
			.andExpect(jsonPath("$.paths['/api/v1/runs/{id}/report.{format}'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/clusters/{name}/runs'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/clusters/{name}/nodes'].get").exists())
			.andExpect(jsonPath("$.components.schemas.RunDetailResource.properties.nodes").exists());
	}

	private MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder request) {
		return request.with(httpBasic("vera", VIEWER_PASSWORD));
	}

	private MockHttpServletResponse report(MockHttpServletRequestBuilder request) throws Exception {
		return this.mvc.perform(api(request)).andExpect(status().isOk()).andReturn().getResponse();
	}

	private void problem(MockHttpServletRequestBuilder request, int status, String detail) throws Exception {
		this.mvc.perform(api(request))
			.andExpect(status().is(status))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(status))
			.andExpect(jsonPath("$.detail").value(detail));
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

}
