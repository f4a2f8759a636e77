package io.ospatch.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import io.ospatch.cli.CliRunner;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * ospatch serve's pages, API and rules of access, through MockMvc on an embedded H2 database, with
 * the users of {@code src/test/resources/web/users.yaml} (vera, viewer; otto, operator) and the
 * operator admin of OSPATCH_ADMIN_PASSWORD. Clusters are added through the command line, as an
 * operator would.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:web-console;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml", "OSPATCH_ADMIN_PASSWORD=admin-password-123" })
@AutoConfigureMockMvc
class WebConsoleTests {

	static final String VIEWER_PASSWORD = "viewer-password-1";

	static final String OPERATOR_PASSWORD = "operator-password-1";

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@TempDir
	Path dir;

	@BeforeEach
	void emptyFleet() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void anonymousGets401OnTheApiAndTheLoginPageForPages() throws Exception {
		this.mvc.perform(get("/api/v1/clusters"))
			.andExpect(status().isUnauthorized())
			.andExpect(header().string("WWW-Authenticate", "Basic realm=\"ospatch\""))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(401))
			.andExpect(jsonPath("$.instance").value("/api/v1/clusters"));
		this.mvc.perform(get("/").accept(MediaType.TEXT_HTML)).andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/v3/api-docs").accept(MediaType.TEXT_HTML)).andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
		this.mvc.perform(get("/swagger-ui/index.html").accept(MediaType.TEXT_HTML)).andExpect(status().isFound())
			.andExpect(redirectedUrl("/login"));
	}

	@Test
	void healthAnswersWithoutLoginAndCountsTheDatabase() throws Exception {
		this.mvc.perform(get("/actuator/health"))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("UP"))
			.andExpect(jsonPath("$.components").doesNotExist());
		this.mvc.perform(get("/actuator/health").with(loggedIn("vera", "VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.components.db.status").value("UP"));
		this.mvc.perform(get("/actuator/env").with(loggedIn("otto", "OPERATOR"))).andExpect(status().isNotFound());
	}

	@Test
	void theLoginPageIsAccessibleAndAFormPostWithoutItsCsrfTokenIsRefused() throws Exception {
		MvcResult login = this.mvc.perform(get("/login"))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("script-src 'self'")))
			.andReturn();
		Document page = Jsoup.parse(login.getResponse().getContentAsString());
		assertThat(page.select("html").attr("lang")).isEqualTo("en");
		assertThat(page.select("h1").text()).isEqualTo("Log in to ospatch");
		assertThat(page.select("label[for=username] input#username")).hasSize(1);
		assertThat(page.select("label[for=password] input#password[type=password]")).hasSize(1);
		assertThat(page.select("input[name=_csrf]")).hasSize(1);
		assertThat(page.select("script")).isEmpty();
		assertThat(page.select("[style]")).isEmpty();

		this.mvc.perform(post("/login").param("username", "otto").param("password", OPERATOR_PASSWORD))
			.andExpect(status().isForbidden());
		this.mvc.perform(post("/login").param("username", "otto").param("password", OPERATOR_PASSWORD).with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/"));
		this.mvc.perform(post("/login").param("username", "otto").param("password", "wrong").with(csrf()))
			.andExpect(status().isFound())
			.andExpect(redirectedUrl("/login?error"));
	}

	@Test
	void theFleetPageShowsClustersAddedThroughTheCliThoseNeedingAttentionFirst() throws Exception {
		FleetScenario fleet = new FleetScenario(this.context);
		fleet.cluster("alpha", 2, "--schedule", "weekly", "--timezone", "Europe/Paris")
			.cluster("zulu", 3)
			.cluster("mike", 1, "--kind", "imported");
		fleet.run("alpha", RunOutcome.COMPLIANT, null, 2);
		long halted = fleet.run("zulu", RunOutcome.HALTED, "failure budget exceeded", 1);

		MvcResult result = this.mvc.perform(get("/").with(loggedIn("vera", "VIEWER")))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
			.andReturn();

		Document page = Jsoup.parse(result.getResponse().getContentAsString());
		assertThat(page.select("table.fleet tbody th[scope=row]").eachText()).containsExactly("zulu", "alpha", "mike");
		assertThat(page.select("table.fleet tbody tr").get(0).select("td").eachText()).containsExactly("provisioned", "3",
				"1 of 3 (33.3%)", "#" + halted + ", ended 2026-11-26T10:02:00Z", "halted", "-", "Patch now");
		assertThat(page.select("table.fleet tbody tr").get(0).hasClass("attention")).isTrue();
		assertThat(page.select("table.fleet tbody tr").get(1).select("td").get(2).text()).isEqualTo("2 of 2 (100.0%)");
		assertThat(page.select("table.fleet tbody tr").get(1).select("td").get(5).text())
			.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?\\+0[12]:00");
		assertThat(page.select("table.fleet tbody tr").get(2).select("td").get(4).text()).startsWith("not patched");
		assertThat(page.select("table.fleet tbody tr a:contains(Patch now)").eachAttr("href"))
			.as("Patch now for the clusters ospatch patches, not the imported one")
			.containsExactly("/clusters/zulu/patch", "/clusters/alpha/patch");
		assertThat(page.select(".notice.bad").text()).startsWith("1 cluster(s) need attention");
		assertThat(page.select("main > p").first().text()).isEqualTo("3 of 5 nodes compliant (60.0%) in 2 measured clusters");
		assertThat(page.select("th[scope=col]").eachText()).containsExactly("Cluster", "Kind", "Nodes", "Compliance",
				"Latest run", "Outcome", "Next patch", "On demand");
		assertThat(page.select("header form[action=/logout] input[name=_csrf]")).hasSize(1);
		assertThat(page.select("script")).isEmpty();
	}

	@Test
	void theApiShowsAClustersSettingsWithoutItsSecrets() throws Exception {
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), "PRIVATE KEY CONTENT");
		Path become = Files.writeString(this.dir.resolve("become"), "sudo-secret-content");
		Files.setPosixFilePermissions(become, PosixFilePermissions.fromString("rw-------"));
		cli("cluster", "add", "prod-eu-1", "--max-unavailable", "25%", "--failure-budget", "1", "--timezone",
				"Europe/Paris", "--schedule", "weekly", "--contacts", "sec@example.com", "--ssh-user", "ubuntu",
				"--ssh-key", key.toString(), "--become-password-file", become.toString(), "--inventory-var",
				"ansible_become_password=inventory-secret", "--inventory-var", "ansible_become=true");
		cli("node", "add", "prod-eu-1", "w-1", "--address", "10.0.0.1", "--role", "worker");

		MvcResult result = this.mvc.perform(get("/api/v1/clusters/prod-eu-1").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
			.andExpect(jsonPath("$.name").value("prod-eu-1"))
			.andExpect(jsonPath("$.kind").value("provisioned"))
			.andExpect(jsonPath("$.nodes").value(1))
			.andExpect(jsonPath("$.timezone").value("Europe/Paris"))
			.andExpect(jsonPath("$.schedule").value("weekly"))
			.andExpect(jsonPath("$.nextFireTime").isString())
			.andExpect(jsonPath("$.maxUnavailable").value("25%"))
			.andExpect(jsonPath("$.failureBudget").value("1"))
			.andExpect(jsonPath("$.contacts[0]").value("sec@example.com"))
			.andExpect(jsonPath("$.sshKey").value(key.toAbsolutePath().toString()))
			.andExpect(jsonPath("$.becomePasswordFile").value(become.toAbsolutePath().toString()))
			.andExpect(jsonPath("$.inventoryVars.ansible_become_password").value("(hidden)"))
			.andExpect(jsonPath("$.inventoryVars.ansible_become").value("true"))
			.andReturn();
		String json = result.getResponse().getContentAsString();
		assertThat(json).doesNotContain("inventory-secret").doesNotContain("sudo-secret-content")
			.doesNotContain("PRIVATE KEY CONTENT");

		this.mvc.perform(get("/api/v1/clusters").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$[0].name").value("prod-eu-1"))
			.andExpect(jsonPath("$.length()").value(1));
	}

	@Test
	void theScheduleApiPreviewsFireTimesAsTheCliPrintsThem() throws Exception {
		cli("cluster", "add", "prod-eu-1", "--timezone", "Europe/Paris", "--schedule", "monthly");
		cli("cluster", "add", "unscheduled");

		this.mvc.perform(get("/api/v1/clusters/prod-eu-1/fire-times").param("count", "2")
			.param("after", "2026-11-26T00:00:00Z")
			.with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.timezone").value("Europe/Paris"))
			.andExpect(jsonPath("$.fireTimes[0]").value("2026-12-01T00:00+01:00"))
			.andExpect(jsonPath("$.fireTimes[1]").value("2027-01-01T00:00+01:00"))
			.andExpect(jsonPath("$.fireTimes.length()").value(2));
		assertThat(CliRunner.run(this.context, "schedule", "--cluster", "prod-eu-1", "--count", "2", "--after",
				"2026-11-26T00:00:00Z").out().lines()).as("the command line says the same").containsExactly("2026-12-01T00:00+01:00", "2027-01-01T00:00+01:00");
		this.mvc.perform(get("/api/v1/schedules/fire-times").param("schedule", "30 2 15 6 *")
			.param("timezone", "Asia/Kolkata")
			.param("count", "1")
			.param("after", "2026-11-26T00:00:00Z")
			.with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.fireTimes[0]").value("2027-06-15T02:30+05:30"));
		this.mvc.perform(get("/api/v1/schedules/fire-times").param("schedule", "0 0 31 2 *")
			.with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("0 0 31 2 *")));
		this.mvc.perform(get("/api/v1/clusters/unscheduled/fire-times").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("cluster 'unscheduled' has no schedule; set one with "
					+ "'ospatch cluster set unscheduled --schedule SCHEDULE'"));
		this.mvc.perform(get("/api/v1/schedules/fire-times").param("schedule", "weekly").param("count", "0")
			.with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value("count must be 1-1000, not 0"));
		this.mvc.perform(get("/api/v1/schedules/fire-times").param("schedule", "weekly").param("after", "tomorrow")
			.with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.startsWith("invalid after 'tomorrow'")));
		this.mvc.perform(get("/api/v1/schedules/fire-times").param("schedule", "weekly")).andExpect(status().isUnauthorized());
	}

	@Test
	void anUnknownClusterIsA404ProblemWithTheCliMessage() throws Exception {
		this.mvc.perform(get("/api/v1/clusters/nope").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isNotFound())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.status").value(404))
			.andExpect(jsonPath("$.title").value("Unknown cluster"))
			.andExpect(jsonPath("$.detail").value("unknown cluster 'nope'; 'ospatch cluster list' shows the clusters"));
	}

	@Test
	void aViewerReadsButOnlyAnOperatorMayChangeThroughTheApi() throws Exception {
		this.mvc.perform(post("/api/v1/clusters").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isForbidden())
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail").value("this needs the role operator"));
		// past the rules
		this.mvc.perform(post("/api/v1/clusters").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"by-otto\"}")
			.with(httpBasic("otto", OPERATOR_PASSWORD))).andExpect(status().isCreated());
		this.mvc.perform(get("/api/v1/clusters").with(httpBasic("vera", "wrong"))).andExpect(status().isUnauthorized());
		this.mvc.perform(get("/api/v1/clusters").with(httpBasic("vera", VIEWER_PASSWORD)))
			.andExpect(status().isOk())
			.andExpect(header().doesNotExist("Set-Cookie"));
	}

	@Test
	void theAdminPasswordCreatesTheOperatorAdmin() throws Exception {
		this.mvc.perform(post("/api/v1/clusters").contentType(MediaType.APPLICATION_JSON)
			.content("{\"name\": \"by-admin\"}")
			.with(httpBasic("admin", "admin-password-123"))).andExpect(status().isCreated());
		this.mvc.perform(get("/api/v1/clusters").with(httpBasic("admin", "wrong-password-123")))
			.andExpect(status().isUnauthorized());
	}

	@Test
	void theOpenApiDocumentDescribesTheClustersPathsBehindTheLogin() throws Exception {
		this.mvc.perform(get("/v3/api-docs").with(loggedIn("vera", "VIEWER")))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.paths['/api/v1/clusters'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/clusters/{name}'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/clusters/{name}/fire-times'].get").exists())
			.andExpect(jsonPath("$.paths['/api/v1/schedules/fire-times'].get").exists())
			.andExpect(jsonPath("$.paths['/']").doesNotExist())
			.andExpect(jsonPath("$.components.securitySchemes.basic.scheme").value("basic"));
	}

	/** A user logged in through the form, with a session, as Spring Security's test support sets one up. */
	private static RequestPostProcessor loggedIn(String name, String role) {
		return user(name).roles(role);
	}

	private void cli(String... args) {
		CliRunner.succeeded(this.context, args);
	}

}
