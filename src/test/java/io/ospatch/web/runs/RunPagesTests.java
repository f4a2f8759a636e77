package io.ospatch.web.runs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

import io.ospatch.cluster.FleetService;
import io.ospatch.report.RunReports;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.web.WebRuns;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The runs pages and a cluster's nodes page, through MockMvc on H2, over runs recorded through the
 * real repositories ({@link WebRuns}) and a report rendered by {@link RunReports}: what a viewer sees of
 * a halted run, a running one and an EKS one, the report in each format, and the 404s.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:run-pages;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.reports-dir=target/run-pages-tests/reports", "ospatch.web.users-file=src/test/resources/web/users.yaml" })
@AutoConfigureMockMvc
class RunPagesTests {

	private static final Path REPORTS = Path.of("target", "run-pages-tests", "reports");

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	private WebRuns runs;

	@BeforeEach
	void recordedRuns() throws IOException {
		DatabaseCleaner.clean(this.jdbc);
		deleteReports();
		this.runs = new WebRuns(this.context).record();
		this.context.getBean(RunReports.class).render(this.runs.halted);
	}

	@Test
	void theRunsAreListedNewestFirstAndFilteredByCluster() throws Exception {
		Document all = page(get("/runs"), 200);

		assertThat(all.select("header nav a").eachText()).contains("Runs");
		assertThat(all.select("table.runs tbody th").eachText()).containsExactly("#" + this.runs.eks,
				"#" + this.runs.running, "#" + this.runs.halted);
		Element halted = all.select("table.runs tbody tr").get(2);
		assertThat(halted.select("td").eachText()).containsExactly(WebRuns.CLUSTER, "scheduled", "cronjob",
				"2026-11-20T03:00:00Z", "2026-11-20T03:06:41Z", "halted", "1 patched, 1 unreachable, 2 not-attempted");
		assertThat(halted.select("th a").attr("href")).isEqualTo("/runs/" + this.runs.halted);
		assertThat(all.select("table.runs tbody tr").get(0).select("td").last().text())
			.isEqualTo("node groups: 1 successful, 1 failed");

		Document one = page(get("/runs").param("cluster", WebRuns.CLUSTER), 200);

		assertThat(one.select("h1").text()).isEqualTo("Runs of " + WebRuns.CLUSTER);
		assertThat(one.select("table.runs tbody th").eachText()).containsExactly("#" + this.runs.running,
				"#" + this.runs.halted);
		assertThat(one.select("select#cluster option[selected]").attr("value")).isEqualTo(WebRuns.CLUSTER);
		assertThat(one.select("label[for=cluster]")).hasSize(1);
	}

	@Test
	void aLongHistoryIsPagedOlderRunsFollowingTheLastOfThePage() throws Exception {
		RunRepository repository = this.context.getBean(RunRepository.class);
		long clusterId = this.context.getBean(FleetService.class).cluster(WebRuns.EKS).id();
		for (int i = 0; i < RunsController.PAGE_SIZE; i++) {
			repository.create(UUID.randomUUID().toString(), clusterId, Trigger.ON_DEMAND, "otto", WebRuns.START);
		}

		Document first = page(get("/runs"), 200);

		assertThat(first.select("table.runs tbody tr")).hasSize(RunsController.PAGE_SIZE);
		String older = first.select("nav.pages a[rel=next]").attr("href");
		long lastShown = Long.parseLong(first.select("table.runs tbody th").last().text().substring(1));
		assertThat(older).isEqualTo("/runs?before=" + lastShown);
		Document second = page(get("/runs").param("before", String.valueOf(lastShown)), 200);
		assertThat(second.select("table.runs tbody th").eachText()).containsExactly("#" + this.runs.eks,
				"#" + this.runs.running, "#" + this.runs.halted);
		assertThat(second.select("nav.pages a[rel=next]")).isEmpty();
		assertThat(second.select("nav.pages a").eachText()).containsExactly("Newest runs");
	}

	@Test
	void aHaltedRunShowsItsNodesEventsWebhooksMailAndReport() throws Exception {
		MockHttpServletResponse response = this.mvc.perform(get("/runs/" + this.runs.halted).with(viewer()))
			.andExpect(status().isOk())
			.andReturn()
			.getResponse();
		Document page = Jsoup.parse(response.getContentAsString());

		assertThat(page.select("h1").text()).isEqualTo("Run " + this.runs.halted + " of " + WebRuns.CLUSTER);
		assertThat(page.select("meta[http-equiv=refresh]")).as("a finished run is not refreshed").isEmpty();
		assertThat(facts(page, "Outcome")).isEqualTo("halted 1 node failed past the failure budget of 0");
		assertThat(facts(page, "Trigger")).isEqualTo("scheduled by cronjob");
		assertThat(facts(page, "Ended")).isEqualTo("2026-11-20T03:06:41Z (took 6m 41s)");
		assertThat(facts(page, "Progress")).isEqualTo("chunk 4 of 4 done, 4 of 4 nodes");
		assertThat(facts(page, "Mail")).isEqualTo("sent 2026-11-20T03:06:46Z to security@example.com (1 attempt)");
		assertThat(page.select("dd a[href$=report.html], dd a[href$=report.json], dd a[href$=report.csv]")).hasSize(3);
		assertThat(rows(page, "nodes")).hasSize(4);
		assertThat(rows(page, "nodes").get(0).select("th, td").eachText()).containsExactly("cp-1", "control-plane", "1",
				"Debian 12.4", "Debian 12.12", "patched", "2", "yes", "1");
		assertThat(rows(page, "nodes").get(1).select("th, td").eachText()).containsExactly("worker-1", "worker", "2",
				"Debian 12.4", "-", "unreachable", "0", "no", "3",
				"unreachable: ssh: connect to host 10.0.0.11 port 22: Connection refused");
		assertThat(rows(page, "events").stream().map((row) -> row.select("td").get(1).text()))
			.containsExactly("started", "ended");
		assertThat(rows(page, "node-events").stream().map((row) -> row.select("td").get(3).text())).containsExactly(
				"cordoned", "drained", "patching", "rebooted", "patched", "ready", "uncordoned", "failed");
		assertThat(rows(page, "node-events").get(1).select("td").eachText()).as("to the millisecond, as runs --events")
			.containsExactly("2026-11-20T03:00:20.000Z", "cp-1", "control-plane", "drained", "3 pods evicted");
		assertThat(rows(page, "webhooks")).singleElement()
			.satisfies((row) -> assertThat(row.select("td").eachText()).containsExactly("2026-11-20T03:07:11Z", "halted",
					"https://hooks.example.com/…", "failed", "3", "HTTP 500: Internal Server Error"));
		assertThat(response.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
	}

	@Test
	void aRunningRunRefreshesItselfWithoutScriptAndSaysSo() throws Exception {
		Document page = page(get("/runs/" + this.runs.running), 200);

		assertThat(page.select("meta[http-equiv=refresh]").attr("content")).isEqualTo("5");
		assertThat(page.select("script")).isEmpty();
		assertThat(page.select("[role=status]").text()).contains("running").contains("refreshes itself every 5 seconds");
		assertThat(facts(page, "Progress")).as("a control-plane chunk, the canary, then a worker a chunk")
			.isEqualTo("chunk 1 of 4 done, 1 of 4 nodes");
		assertThat(facts(page, "Ended")).isEqualTo("-");
		assertThat(facts(page, "Report")).isEqualTo("not written yet: it is written when the run ends");
	}

	@Test
	void anEksRunShowsItsNodeGroupsWhereNodesWouldBe() throws Exception {
		Document page = page(get("/runs/" + this.runs.eks), 200);

		assertThat(facts(page, "Node groups")).isEqualTo("node groups: 1 successful, 1 failed");
		assertThat(page.select("dt").eachText()).doesNotContain("Progress");
		assertThat(page.select("#nodes")).isEmpty();
		assertThat(rows(page, "nodegroups")).hasSize(2);
		assertThat(rows(page, "nodegroups").get(0).select("th, td").eachText()).containsExactly("workers-a", "successful",
				"1.31.0-20241011", "1.31.2-20241109", "upd-a", "14m 50s");
		assertThat(rows(page, "nodegroups").get(1).select("td").eachText()).contains("failed",
				"NodeCreationFailure: instances failed to join the kubernetes cluster");
	}

	@Test
	void theReportIsServedInEachFormatWithItsContentType() throws Exception {
		String run = "/runs/" + this.runs.halted + "/report";

		MockHttpServletResponse html = report(run + ".html", 200);
		assertThat(html.getContentType()).isEqualTo("text/html;charset=UTF-8");
		assertThat(html.getHeader("Content-Security-Policy"))
			.as("the report's own inline style, and nothing else: no script, no framing")
			.isEqualTo(RunReportFiles.REPORT_CONTENT_SECURITY_POLICY)
			.contains("style-src 'unsafe-inline'")
			.contains("default-src 'none'")
			.doesNotContain("script-src");
		assertThat(Jsoup.parse(html.getContentAsString()).select("style")).hasSize(1);
		assertThat(html.getContentAsString()).contains("worker-1");

		MockHttpServletResponse json = report(run + ".json", 200);
		assertThat(json.getContentType()).isEqualTo("application/json");
		JsonNode report = JsonMapper.builder().build().readTree(json.getContentAsString());
		assertThat(report.toString()).contains("\"worker-1\"").contains("unreachable");

		MockHttpServletResponse csv = report(run + ".csv", 200);
		assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
		assertThat(csv.getContentAsString().lines().filter((line) -> line.contains("worker-"))).hasSize(3);
		assertThat(csv.getHeader("Content-Disposition"))
			.isEqualTo("inline; filename=\"" + WebRuns.CLUSTER + "-run-" + this.runs.halted + ".csv\"");
	}

	@Test
	void aReportNotWrittenAnUnknownFormatAndAnUnknownRunAre404WithTheirMessages() throws Exception {
		assertThat(page(get("/runs/" + this.runs.running + "/report.html"), 404).select("main p").first().text())
			.isEqualTo("the report of run " + this.runs.running + " is not written yet: it is written when the run ends");
		assertThat(page(get("/runs/" + this.runs.eks + "/report.json"), 404).text())
			.contains("'ospatch report --run " + this.runs.eks + "' writes it again");
		assertThat(page(get("/runs/" + this.runs.halted + "/report.xml"), 404).text())
			.contains("a report is in html, json or csv, not 'xml'");
		assertThat(page(get("/runs/999999"), 404).select("main p").first().text()).isEqualTo("no run 999999");
		assertThat(page(get("/runs/999999/report.html"), 404).text()).contains("no run 999999");
		assertThat(page(get("/runs").param("cluster", "nope"), 404).text()).contains("unknown cluster 'nope'");
	}

	@Test
	void aClustersNodesShowTheirRoleStateOsAndLastPatch() throws Exception {
		Document page = page(get("/clusters/" + WebRuns.CLUSTER + "/nodes"), 200);

		assertThat(page.select("h1").text()).isEqualTo("Nodes of " + WebRuns.CLUSTER);
		assertThat(page.select("tbody th").eachText()).containsExactly("cp-1", "worker-1", "worker-2", "worker-3");
		Element controlPlane = page.select("tbody tr").get(0);
		assertThat(controlPlane.select("td").eachText()).startsWith("control-plane", "new");
		assertThat(controlPlane.select("td a").attr("href")).as("its latest run").isEqualTo("/runs/" + this.runs.running);
		assertThat(controlPlane.select("td").get(6).text()).isEqualTo("already-current");
		Element unreachable = page.select("tbody tr").get(1);
		assertThat(unreachable.select("td a").attr("href")).isEqualTo("/runs/" + this.runs.halted);
		assertThat(unreachable.select("td").get(6).text()).isEqualTo("unreachable");
		assertThat(unreachable.select("td").get(7).text()).isEqualTo("2026-11-20T03:06:40Z");

		Document eks = page(get("/clusters/" + WebRuns.EKS + "/nodes"), 200);
		assertThat(eks.text()).contains("patched by its managed node groups").contains("No nodes registered.");
		assertThat(page(get("/clusters/nope/nodes"), 404).text()).contains("unknown cluster 'nope'");
	}

	@Test
	void theFleetLinksEachClusterToItsNodesAndLatestRun() throws Exception {
		Document fleet = page(get("/"), 200);

		Element row = fleet.select("table.fleet tbody tr")
			.stream()
			.filter((candidate) -> candidate.select("th").text().equals(WebRuns.CLUSTER))
			.findFirst()
			.orElseThrow();
		assertThat(row.select("a[href=/clusters/" + WebRuns.CLUSTER + "/nodes]")).hasSize(1);
		assertThat(row.select("a[href=/runs/" + this.runs.running + "]").text()).startsWith("#" + this.runs.running);
	}

	@Test
	void everyPageNeedsALogin() throws Exception {
		for (String path : new String[] { "/runs", "/runs/" + this.runs.halted, "/runs/" + this.runs.halted + "/report.html",
				"/clusters/" + WebRuns.CLUSTER + "/nodes" }) {
			this.mvc.perform(get(path)).andExpect(status().is3xxRedirection()).andExpect(redirectedUrl("/login"));
		}
		this.mvc.perform(get("/runs").with(user("otto").roles("OPERATOR"))).andExpect(status().isOk());
	}

	private Document page(MockHttpServletRequestBuilder request, int status) throws Exception {
		String html = this.mvc.perform(request.with(viewer()))
			.andExpect(status().is(status))
			.andReturn()
			.getResponse()
			.getContentAsString();
		return Jsoup.parse(html);
	}

	private MockHttpServletResponse report(String path, int status) throws Exception {
		return this.mvc.perform(get(path).with(viewer())).andExpect(status().is(status)).andReturn().getResponse();
	}

	private static String facts(Document page, String term) {
		Element dt = page.select("dl.facts dt")
			.stream()
			.filter((candidate) -> candidate.text().equals(term))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + term + " on the page"));
		return dt.nextElementSibling().text();
	}

	private static org.jsoup.select.Elements rows(Document page, String section) {
		return page.select("section:has(h2#" + section + ") tbody tr");
	}

	private static RequestPostProcessor viewer() {
		return user("vera").roles("VIEWER");
	}

	private static void deleteReports() throws IOException {
		if (Files.exists(REPORTS)) {
			try (Stream<Path> files = Files.walk(REPORTS)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
		}
	}

}
