package io.ospatch.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.ospatch.OspatchProperties;
import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.TestSmtp;
import io.ospatch.support.LabFleet;
import io.ospatch.support.OutOfService;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end on the lab fleet: {@code ospatch patch} of a cluster with one behind node and one
 * unreachable node leaves a report with the nodes' real versions before and after and the CVE ids
 * of the lab's test package, the fleet index, and a mail to the cluster's security contact,
 * through a real SMTP server (GreenMail).
 */
@SpringBootTest(properties = { "spring.mail.host=127.0.0.1", "ospatch.mail.from=ospatch@lab.invalid" })
class ComplianceReportLabIntegrationTests {

	private static final int SMTP_PORT = TestSmtp.freePort();

	@RegisterExtension
	static final GreenMailExtension smtp = TestSmtp.server(SMTP_PORT);

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	OspatchProperties properties;

	@TempDir
	Path dir;

	LabFleet lab;

	@BeforeEach
	void freshDatabaseAndHealthyLab() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		smtp.purgeEmailFromAllMailboxes();
		this.lab = LabFleet.get();
		this.lab.reset();
		assertThat(cli("import", this.lab.fleetYaml(this.dir).toString()).exitCode()).isZero();
		assertThat(cli("cluster", "set", "lab-a", "--failure-budget", "1", "--contacts", "secops@lab.invalid")
			.exitCode()).isZero();
	}

	/** Whatever the test did, no run had more nodes out of service at once than its cluster allows. */
	@AfterEach
	void everyRunKeptToItsMaxUnavailable() {
		OutOfService.assertEveryRunKeptToItsMaxUnavailable(this.jdbc);
	}

	@Test
	void aRunWithABehindAndAnUnreachableNodeEndsInItsReportTheIndexAndAMail() throws Exception {
		// given: lab-a-3 a point release behind, with lab-tools 1.0-lab1; lab-a-2 unreachable
		this.lab.behind("lab-a-3");
		String behind = this.lab.debianVersion("lab-a-3");
		this.lab.fault("lab-a-2", "unreachable");
		CliRunner.Result patch;
		try {
			// when
			patch = cli("patch", "--cluster", "lab-a");
		}
		finally {
			this.lab.clear("lab-a-2");
		}

		// then the run is partial, and its summary points at its report
		String current = this.lab.debianVersion("lab-a-3");
		assertThat(current).isNotEqualTo(behind);
		assertThat(patch.exitCode()).as(patch.out() + patch.err()).isEqualTo(3);
		long runId = this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
		Path reports = this.properties.reportsDir().toAbsolutePath().normalize();
		Path html = reports.resolve("lab-a").resolve(runId + ".html");
		assertThat(patch.out()).contains("report: " + html);

		// the JSON: real versions before and after, and the test package's CVE ids, those of its new version only
		JsonNode json = JsonMapper.builder().build().readTree(reports.resolve("lab-a").resolve(runId + ".json").toFile());
		assertThat(json.path("outcome").asString()).isEqualTo("partial");
		assertThat(json.path("summary").path("nodes").asInt()).isEqualTo(3);
		assertThat(json.path("summary").path("skipped").asInt()).isEqualTo(1);
		assertThat(json.path("summary").path("compliant_after").asInt()).isEqualTo(2);
		JsonNode patched = node(json, "lab-a-3");
		assertThat(patched.path("status").asString()).isEqualTo("patched");
		assertThat(patched.path("os_version_before").asString()).isEqualTo(behind);
		assertThat(patched.path("os_version_after").asString()).isEqualTo(current);
		assertThat(patched.path("target_version").asString()).isEqualTo(current);
		assertThat(patched.path("compliant").asBoolean()).isTrue();
		JsonNode labTools = packageOf(patched, "lab-tools");
		assertThat(labTools.path("from").asString()).isEqualTo("1.0-lab1");
		assertThat(labTools.path("to").asString()).isEqualTo("1.1-lab1");
		assertThat(texts(labTools.path("cves"))).containsExactly("CVE-2026-20001", "CVE-2026-20002");
		JsonNode unreachable = node(json, "lab-a-2");
		assertThat(unreachable.path("status").asString()).isEqualTo("skipped");
		assertThat(unreachable.path("failure").asString()).isEqualTo("unreachable");
		assertThat(unreachable.path("compliant").asBoolean()).isFalse();
		assertThat(unreachable.path("error").asString()).contains("Connection refused");
		assertThat(json.path("cves_fixed").findValuesAsString("id")).contains("CVE-2026-20001", "CVE-2026-20002")
			.doesNotContain("CVE-2025-10001");

		// the HTML says the same to a person
		Document page = Jsoup.parse(html.toFile());
		assertThat(page.select("#compliance").text()).endsWith("(2/3)");
		assertThat(page.select("#targets").text()).isEqualTo("Debian 12 → " + current);
		Element row = page.select("table.nodes > tbody > tr").stream()
			.filter((tr) -> tr.select("td.node").text().equals("lab-a-3"))
			.findFirst()
			.orElseThrow();
		assertThat(row.select("td.version").text()).isEqualTo(behind + " → " + current);
		assertThat(row.select("td.package-cves").eachText()).contains("CVE-2026-20001 CVE-2026-20002");
		assertThat(page.select("table.cves td").eachText()).contains("CVE-2026-20001", "CVE-2026-20002");
		assertThat(page.select("script")).isEmpty();

		// the fleet index links to it
		String index = Files.readString(reports.resolve("index.html"));
		assertThat(index).contains("href=\"lab-a/" + runId + ".html\"");

		// one mail to the contact, with the report and its CSV attached, recorded as sent
		MimeMessage[] mails = smtp.getReceivedMessages();
		assertThat(mails).hasSize(1);
		MimeMessage mail = mails[0];
		assertThat(mail.getAllRecipients()).extracting(Object::toString).containsExactly("secops@lab.invalid");
		assertThat(mail.getSubject()).isEqualTo("[ospatch] lab-a: 2/3 nodes compliant, 1 skipped (Debian " + current + ")");
		assertThat(attachmentNames((Multipart) mail.getContent())).containsExactlyInAnyOrder(
				"lab-a-run-" + runId + ".html", "lab-a-run-" + runId + ".csv");
		Map<String, Object> recorded = this.jdbc.sql("SELECT mail_status, mail_attempts FROM patch_runs WHERE id = ?")
			.param(runId)
			.query()
			.singleRow();
		assertThat(recorded).containsEntry("mail_status", "sent");
		assertThat(((Number) recorded.get("mail_attempts")).intValue()).isEqualTo(1);
	}

	private CliRunner.Result cli(String... args) {
		return CliRunner.run(this.context, args);
	}

	private static JsonNode node(JsonNode report, String name) {
		for (JsonNode node : report.path("nodes")) {
			if (node.path("node").asString().equals(name)) {
				return node;
			}
		}
		throw new AssertionError("no node " + name + " in the report");
	}

	private static JsonNode packageOf(JsonNode node, String name) {
		for (JsonNode change : node.path("packages")) {
			if (change.path("name").asString().equals(name)) {
				return change;
			}
		}
		throw new AssertionError("no package " + name + " in " + node);
	}

	private static List<String> texts(JsonNode array) {
		List<String> texts = new ArrayList<>();
		array.forEach((item) -> texts.add(item.asString()));
		return texts;
	}

	private static List<String> attachmentNames(Multipart multipart) throws Exception {
		List<String> names = new ArrayList<>();
		for (int i = 0; i < multipart.getCount(); i++) {
			BodyPart part = multipart.getBodyPart(i);
			if (part.getFileName() != null) {
				names.add(part.getFileName());
			}
			else if (part.getContent() instanceof Multipart nested) {
				names.addAll(attachmentNames(nested));
			}
		}
		return names;
	}

}
