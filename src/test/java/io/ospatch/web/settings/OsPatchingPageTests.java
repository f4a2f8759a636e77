package io.ospatch.web.settings;

import io.ospatch.audit.AuditEntry;
import io.ospatch.audit.AuditTrail;
import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A cluster's Settings → Machine Management → OS Patching Schedule page, through MockMvc on H2: viewers
 * read it, operators preview and save, with the command line's rules and messages; what is saved is
 * what {@code ospatch cluster show} and {@code ospatch schedule} then say.
 */
@SpringBootTest(properties = { "spring.main.web-application-type=servlet",
		"spring.datasource.url=jdbc:h2:mem:os-patching-page;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=",
		"ospatch.web.users-file=src/test/resources/web/users.yaml" })
@AutoConfigureMockMvc
class OsPatchingPageTests {

	private static final String PAGE = "/clusters/prod-eu-1/settings/os-patching";

	@Autowired
	MockMvc mvc;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void aWeeklyCluster() {
		DatabaseCleaner.clean(this.jdbc);
		cli("cluster", "add", "prod-eu-1", "--schedule", "weekly", "--timezone", "Europe/Paris");
	}

	@Test
	void aViewerSeesTheScheduleAndItsNextFireTimesButNoForm() throws Exception {
		Document page = page(get(PAGE).with(as("vera", "VIEWER")), 200);

		assertThat(page.select("h1").text()).isEqualTo("OS Patching Schedule");
		assertThat(page.select("#main").text()).contains("Schedule weekly, timezone Europe/Paris");
		assertThat(page.select("ol.fire-times li")).hasSize(5);
		assertThat(page.select("ol.fire-times li").first().text()).endsWith("T00:00+01:00");
		assertThat(page.select("form[method=post] button[value=save]")).isEmpty();
		assertThat(page.text()).contains("Changing these settings needs the role operator");
	}

	@Test
	void anOperatorPreviewsACustomScheduleWithoutSavingThenSavesIt() throws Exception {
		Document form = page(get(PAGE).with(as("otto", "OPERATOR")), 200);
		assertThat(form.select("input[name=schedule][checked]").attr("value")).isEqualTo("weekly");
		assertThat(form.select("label[for=month]")).hasSize(1);

		Document previewed = page(custom("preview").with(as("otto", "OPERATOR")).with(csrf()), 200);

		assertThat(previewed.select("#previewed + p, #previewed ~ ol li").eachText()).contains("2027-06-15T02:30+05:30");
		assertThat(cliOut("cluster", "show", "prod-eu-1")).contains("schedule:        weekly");

		this.mvc.perform(custom("save").with(as("otto", "OPERATOR")).with(csrf()))
			.andExpect(status().is3xxRedirection())
			.andExpect(redirectedUrl(PAGE));

		assertThat(cliOut("cluster", "show", "prod-eu-1")).contains("schedule:        30 2 15 6 *")
			.contains("Asia/Kolkata")
			.contains("maintenance-window: 4h");
		AuditEntry saved = this.context.getBean(AuditTrail.class).recent("prod-eu-1", 1).get(0);
		assertThat(saved.actor()).as("who saved it, recorded").isEqualTo("otto");
		assertThat(saved.action()).isEqualTo("cluster set");
		assertThat(saved.detail()).isEqualTo("timezone: Europe/Paris -> Asia/Kolkata; schedule: weekly -> 30 2 15 6 *; "
				+ "maintenance-window: none -> 4h");
		assertThat(cliOut("audit", "--cluster", "prod-eu-1", "--limit", "1")).contains("otto").contains("cluster set");
		assertThat(cliOut("schedule", "--cluster", "prod-eu-1", "--count", "1", "--after", "2026-11-26T00:00:00Z"))
			.isEqualTo("2027-06-15T02:30+05:30\n");
		Document after = page(get(PAGE).with(as("otto", "OPERATOR")), 200);
		assertThat(after.select("input[name=schedule][checked]").attr("value")).isEqualTo("custom");
		assertThat(after.select("input[name=month]").attr("value")).isEqualTo("6");
		assertThat(after.select("input[name=maintenanceWindow]").attr("value")).isEqualTo("4h");
	}

	@Test
	void aScheduleThatNeverFiresIsRefusedWithTheCliMessageAndNothingChanges() throws Exception {
		Document refused = page(post(PAGE).param("action", "save")
			.param("schedule", "custom")
			.param("month", "2")
			.param("day", "31")
			.param("hour", "0")
			.param("minute", "0")
			.param("timezone", "UTC")
			.param("maxUnavailable", "1")
			.param("failureBudget", "0")
			.param("maintenanceWindow", "")
			.with(as("otto", "OPERATOR"))
			.with(csrf()), 400);

		assertThat(refused.select("[role=alert]").text()).contains("0 0 31 2 *");
		assertThat(refused.select("input[name=day]").attr("value")).as("the form keeps what was typed").isEqualTo("31");
		assertThat(cliOut("cluster", "show", "prod-eu-1")).contains("schedule:        weekly").contains("Europe/Paris");
		assertThat(this.context.getBean(AuditTrail.class).recent("prod-eu-1", 10)).as("a refused save records nothing")
			.extracting(AuditEntry::action)
			.containsExactly("cluster add");
	}

	@Test
	void changesNeedAnOperatorAndACsrfToken() throws Exception {
		this.mvc.perform(custom("save").with(as("vera", "VIEWER")).with(csrf())).andExpect(status().isForbidden());
		this.mvc.perform(custom("save").with(as("otto", "OPERATOR"))).andExpect(status().isForbidden());
		this.mvc.perform(get(PAGE)).andExpect(status().is3xxRedirection());
		assertThat(cliOut("cluster", "show", "prod-eu-1")).contains("schedule:        weekly");
		assertThat(this.context.getBean(AuditTrail.class).recent("prod-eu-1", 10)).extracting(AuditEntry::action)
			.containsExactly("cluster add");
	}

	@Test
	void aKindOspatchDoesNotPatchSaysWhyAndAnUnknownClusterIs404() throws Exception {
		cli("cluster", "add", "legacy", "--kind", "imported");

		Document page = page(get("/clusters/legacy/settings/os-patching").with(as("otto", "OPERATOR")), 200);

		assertThat(page.text()).contains("Not available for this cluster")
			.contains("imported clusters are managed by their own tooling");
		assertThat(page.select("form[method=post] button[value=save]")).isEmpty();
		Document unknown = page(get("/clusters/nope/settings/os-patching").with(as("otto", "OPERATOR")), 404);
		assertThat(unknown.text()).contains("unknown cluster 'nope'");
	}

	private MockHttpServletRequestBuilder custom(String action) {
		return post(PAGE).param("action", action)
			.param("schedule", "custom")
			.param("month", "6")
			.param("day", "15")
			.param("hour", "2")
			.param("minute", "30")
			.param("timezone", "Asia/Kolkata")
			.param("maxUnavailable", "1")
			.param("failureBudget", "0")
			.param("maintenanceWindow", "4h");
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
