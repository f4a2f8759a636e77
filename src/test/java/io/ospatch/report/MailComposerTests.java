package io.ospatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.thymeleaf.spring6.SpringTemplateEngine;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/** The mail of a run as written, before any SMTP: subject, both bodies, what is attached. */
class MailComposerTests {

	private static final Instant STARTED = Instant.parse("2026-11-29T00:00:00Z");

	@TempDir
	Path dir;

	@Test
	void theSubjectCountsCompliantNodesNamesWhatWentWrongAndTheTargetsOfEveryStream() {
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null),
				node("d-2", NodeResultStatus.ALREADY_CURRENT, "Debian", "12.12", null, "12.12", null),
				node("d-3", NodeResultStatus.SKIPPED, "Debian", "12.4", null, null, "Connection refused"),
				node("u-1", NodeResultStatus.PATCHED, "Ubuntu", "18.04.3", "18.04.5", "18.04.5", null),
				node("u-2", NodeResultStatus.NOT_ATTEMPTED, "Ubuntu", "18.04.3", null, null, null));

		String subject = MailComposer.subject(run(42, RunOutcome.HALTED, "failure budget exceeded"), RunFigures.of(results));

		assertThat(subject)
			.isEqualTo("[ospatch] prod-eu-1: 3/5 nodes compliant, 1 skipped, 1 not attempted (Debian 12.12, Ubuntu 18.04.5)");
	}

	@Test
	void aDeferredRunCountsItsDeferredAndLeftOutNodesInTheSubject() {
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null),
				node("d-2", NodeResultStatus.LEFT_OUT, "Debian", "12.4", null, null, null),
				node("d-3", NodeResultStatus.DEFERRED, "Debian", "12.4", null, null, null),
				node("d-4", NodeResultStatus.DEFERRED, "Debian", "12.4", null, null, null));

		String subject = MailComposer.subject(run(43, RunOutcome.DEFERRED, "the maintenance window closed"),
				RunFigures.of(results));

		assertThat(subject).isEqualTo("[ospatch] prod-eu-1: 1/4 nodes compliant, 2 deferred, 1 left out (Debian 12.12)");
	}

	@Test
	void deferredAndLeftOutNodesNeedAttentionEvenWhenCurrentAndSayWhy() {
		// given: d-2 and d-3 already on the target, but one deferred and one left out
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null),
				node("d-2", NodeResultStatus.DEFERRED, "Debian", "12.12", null, null, null),
				node("d-3", NodeResultStatus.LEFT_OUT, "Debian", "12.12", null, null, null));

		// when
		MailContent mail = composer(DataSize.ofMegabytes(10), 50).compose(
				run(43, RunOutcome.DEFERRED, "the maintenance window closed before chunk 3/4"), results, null);

		// then
		for (String body : List.of(mail.html(), mail.text())) {
			assertThat(body).contains("deferred", "the maintenance window closed before chunk 3/4", "1 patched, 1 deferred, 1 left out",
					"d-2", "not reached before the maintenance window closed; the next run starts with it", "d-3",
					"left out", "cordoned by someone else: not touched");
			assertThat(body).doesNotContain("d-1");
		}
		assertThat(mail.text()).contains("prod-eu-1: deferred - 3 of 3 nodes compliant");
	}

	@Test
	void anEksRunListsTheNodegroupsThatNeedAttention() {
		// given: two up to date, one failed, one not updatable
		List<NodegroupResult> nodegroups = List.of(
				new NodegroupResult("apps", "1.31.0-20241024", "1.31.3-20241121", "upd-apps", NodegroupStatus.SUCCESSFUL,
						null, STARTED, STARTED.plusSeconds(1260)),
				new NodegroupResult("batch", "1.31.3-20241121", "1.31.3-20241121", null, NodegroupStatus.CURRENT, null,
						STARTED, STARTED),
				new NodegroupResult("custom", null, null, null, NodegroupStatus.NOT_UPDATABLE, "custom AMI", null, STARTED),
				new NodegroupResult("web", "1.31.0-20241024", null, "upd-web", NodegroupStatus.FAILED,
						"NodeCreationFailure: <b>instances</b> failed to join", STARTED, STARTED.plusSeconds(600)));

		// when
		MailContent mail = composer(DataSize.ofMegabytes(10), 50).compose(run(44, RunOutcome.PARTIAL, "1 node group failed"),
				List.of(), nodegroups, null);

		// then
		assertThat(mail.subject()).isEqualTo("[ospatch] prod-eu-1: 2/4 node groups up to date, 1 failed, 1 not updatable");
		for (String body : List.of(mail.html(), mail.text())) {
			assertThat(body).contains("1 successful, 1 current, 1 failed, 1 not updatable", "Node groups that need attention",
					"custom", "custom AMI", "web", "1.31.0-20241024", "failed to join");
			assertThat(body).doesNotContain("apps", "batch", "nodes compliant");
		}
		assertThat(mail.text()).contains("prod-eu-1: partial - 2 of 4 node groups compliant after run 44")
			.contains("Node groups: 1 successful")
			.contains("- web: failed, compliant no, release 1.31.0-20241024, target latest");
		assertThat(mail.html()).contains("NodeCreationFailure: &lt;b&gt;instances&lt;/b&gt; failed to join")
			.doesNotContain("<b>instances");
	}

	@Test
	void aCompliantRunSaysSoWithoutCountsOfTroubles() {
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null));

		assertThat(MailComposer.subject(run(7, RunOutcome.COMPLIANT, null), RunFigures.of(results)))
			.isEqualTo("[ospatch] prod-eu-1: 1/1 nodes compliant (Debian 12.12)");
	}

	@Test
	void bothBodiesSummariseTheRunAndListTheNodesThatNeedAttention() throws IOException {
		ReportFiles files = files("<html>report</html>", "node,status\n");
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null),
				node("d-2", NodeResultStatus.PATCHED, "Debian", "12.4", "12.9", "12.12", null),
				node("d-3", NodeResultStatus.SKIPPED, "Debian", "12.4", null, null, "ssh: connect to host 10.0.0.3: Connection refused"));

		MailContent mail = composer(DataSize.ofMegabytes(10), 50).compose(run(42, RunOutcome.PARTIAL, "1 node skipped"),
				results, files);

		for (String body : List.of(mail.html(), mail.text())) {
			assertThat(body).contains("prod-eu-1", "partial", "1 node skipped", "scheduled by cron", "2026-11-29 00:00:00 UTC",
					"2 patched, 1 skipped", "Debian 12 → 12.12", "d-2", "d-3", "Connection refused", files.html().toString(),
					"prod-eu-1-run-42.html", "prod-eu-1-run-42.csv");
			assertThat(body).doesNotContain("d-1").doesNotContain("more");
		}
		assertThat(mail.html()).contains("0 → 1 of 3").doesNotContain("http://", "https://", "<link", "<img", "<script");
		assertThat(mail.text()).contains("Compliance:  0 -> 1 of 3");
		assertThat(mail.attachments()).extracting(MailContent.Attachment::name)
			.containsExactly("prod-eu-1-run-42.html", "prod-eu-1-run-42.csv");
	}

	@Test
	void aBigRunListsSomeNodesAndCountsTheRest() {
		List<NodeResult> results = new ArrayList<>();
		for (int i = 1; i <= 60; i++) {
			results.add(node("w-" + i, NodeResultStatus.NOT_ATTEMPTED, "Debian", "12.4", null, null, null));
		}
		results.add(node("w-0", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null));

		MailContent mail = composer(DataSize.ofMegabytes(10), 50).compose(run(9, RunOutcome.HALTED, "failure budget exceeded"),
				results, null);

		assertThat(mail.html()).contains("w-50").doesNotContain("w-51").contains("and 10 more");
		assertThat(mail.text()).contains("w-50").doesNotContain("w-51").contains("and 10 more");
		assertThat(mail.attachments()).isEmpty();
	}

	@Test
	void aReportFileOverTheLimitIsNotAttachedAndTheBodySaysWhereItIs() throws IOException {
		ReportFiles files = files("x".repeat(2048), "small\n");

		MailContent mail = composer(DataSize.ofKilobytes(1), 50).compose(run(42, RunOutcome.COMPLIANT, null),
				List.of(node("d-1", NodeResultStatus.PATCHED, "Debian", "12.4", "12.12", "12.12", null)), files);

		assertThat(mail.attachments()).extracting(MailContent.Attachment::name).containsExactly("prod-eu-1-run-42.csv");
		assertThat(mail.html()).contains("Not attached").contains("prod-eu-1-run-42.html").contains("over the")
			.contains(files.html().toString());
		assertThat(mail.text()).contains("Not attached: prod-eu-1-run-42.html");
	}

	@Test
	void hostileTextIsEscapedInTheHtmlBody() {
		List<NodeResult> results = List.of(node("d-1", NodeResultStatus.FAILED, "Debian", "12.4", null, null,
				"<script>alert('x')</script> & <img src=x onerror=alert(1)>"));

		MailContent mail = composer(DataSize.ofMegabytes(10), 50).compose(run(5, RunOutcome.HALTED, "<b>budget</b>"), results,
				null);

		assertThat(mail.html()).doesNotContain("<script>", "<img", "<b>budget")
			.contains("&lt;script&gt;", "&lt;img src=x onerror=alert(1)&gt;", "&amp;", "&lt;b&gt;budget&lt;/b&gt;");
		assertThat(mail.text()).contains("<script>alert('x')</script>");
	}

	private ReportFiles files(String html, String csv) throws IOException {
		Path htmlFile = Files.writeString(this.dir.resolve("report.html"), html);
		Path csvFile = Files.writeString(this.dir.resolve("report.csv"), csv);
		return new ReportFiles(htmlFile, this.dir.resolve("report.json"), csvFile);
	}

	static MailComposer composer(DataSize attachmentMaxSize, int maxListedNodes) {
		SpringTemplateEngine engine = new SpringTemplateEngine();
		engine.setTemplateResolver(new MailTemplates().mailTemplateResolver());
		return new MailComposer(engine, new MailProperties("ospatch@example.com", List.of(), 3, Duration.ofSeconds(10), 2,
				Duration.ofMinutes(2), attachmentMaxSize, maxListedNodes));
	}

	private static RunRepository.Run run(long id, RunOutcome outcome, String detail) {
		return new RunRepository.Run(id, "launch", 1, "prod-eu-1", Trigger.SCHEDULED, "cron", outcome, detail, STARTED,
				STARTED.plus(Duration.ofMinutes(40)), null);
	}

	private static NodeResult node(String name, NodeResultStatus status, String distribution, String before, String after,
			String target, String error) {
		String failure = (error != null) ? "failed" : null;
		return new NodeResult(name, 1, status, failure, distribution, before, "6.1.0", after, null, target, 0, List.of(), false,
				1, error, STARTED, STARTED.plusSeconds(60));
	}

}
