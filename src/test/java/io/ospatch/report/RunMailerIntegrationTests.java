package io.ospatch.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import io.ospatch.cli.CliRunner;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeSpec;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.TestSmtp;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mail after a run, sent to a real SMTP server (GreenMail, on a free port) with authentication,
 * for runs recorded through the real repositories on the MySQL/MariaDB test database.
 */
@SpringBootTest(properties = { "spring.mail.host=127.0.0.1", "spring.mail.username=ospatch-smtp",
		"spring.mail.password=smtp-Pa55-secret", "ospatch.mail.from=ospatch@example.com",
		"ospatch.mail.to=SEC@example.com, ops@example.com", "ospatch.mail.retry-delay=10ms",
		"ospatch.mail.retry-max-delay=20ms" })
@ExtendWith(OutputCaptureExtension.class)
class RunMailerIntegrationTests {

	private static final int SMTP_PORT = TestSmtp.freePort();

	private static final String INVENTORY_SECRET = "inv-S3cret-become-pw";

	private static final String BECOME_SECRET = "file-B3come-Pa55word";

	private static final String KEY_SECRET = "KEYMATERIAL-abc123xyz";

	@RegisterExtension
	static final GreenMailExtension smtp = TestSmtp.server(SMTP_PORT)
		.withConfiguration(GreenMailConfiguration.aConfig().withUser("ospatch-smtp", "smtp-Pa55-secret"));

	@DynamicPropertySource
	static void smtpPort(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.port", () -> SMTP_PORT);
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RunMailer mailer;

	@Autowired
	FleetService fleet;

	@Autowired
	RunRepository runs;

	@Autowired
	NodeResultRepository results;

	@Autowired
	NodegroupResultRepository nodegroups;

	@Autowired
	RunEvents events;

	@Autowired
	RunMails mails;

	@Autowired
	MailComposer composer;

	@Autowired
	MailProperties properties;

	@Autowired
	RunReporting reporting;

	@Autowired
	RunReports reports;

	@TempDir
	Path dir;

	Cluster cluster;

	ReportFiles files;

	@BeforeEach
	void aClusterWithContactsAndSecretsAndAReport() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		smtp.purgeEmailFromAllMailboxes();
		Path becomePassword = Files.writeString(this.dir.resolve("become"), BECOME_SECRET + "\n");
		Files.setPosixFilePermissions(becomePassword, PosixFilePermissions.fromString("rw-------"));
		// a stand-in key file (ospatch checks the path, never reads it): its content is what no mail may carry
		Path key = Files.writeString(this.dir.resolve("id_ed25519"), KEY_SECRET + "\n");
		this.cluster = this.fleet.addCluster("prod-eu-1",
				ClusterSettings.fromText(null, null, null, null, "1", "1", List.of("alice@example.com", "sec@example.com"),
						"ops", key.toString(), null, null, becomePassword.toString(),
						Map.of("ansible_become", "true", "ansible_become_password", INVENTORY_SECRET), null, null));
		for (String name : List.of("d-1", "d-2", "d-3")) {
			this.fleet.addNode("prod-eu-1", new NodeSpec(name, "10.0.0." + name.charAt(2), null, NodeRole.WORKER, null));
		}
		this.files = new ReportFiles(Files.writeString(this.dir.resolve("report.html"), "<html><body>the report</body></html>"),
				Files.writeString(this.dir.resolve("report.json"), "{}"),
				Files.writeString(this.dir.resolve("report.csv"), "node,status\nd-1,patched\n"));
	}

	@Test
	void aFinishedRunIsMailedOnceToItsContactsAndTheGlobalListWithBothBodiesAndTheReportAttached() throws Exception {
		long runId = run(RunOutcome.PARTIAL, "1 node skipped", "ssh: connect to host 10.0.0.3 port 22: Connection refused");

		MailResult result = this.mailer.mailAfterRun(runId, this.files);
		MailResult again = this.mailer.mailAfterRun(runId, this.files);

		assertThat(result.kind()).as(result.toString()).isEqualTo(MailResult.Kind.SENT);
		assertThat(again.kind()).isEqualTo(MailResult.Kind.NOT_DUE);
		MimeMessage[] received = smtp.getReceivedMessages();
		assertThat(received).as("one copy per recipient, one mail").hasSize(3);
		MimeMessage mail = received[0];
		assertThat(Arrays.stream(mail.getRecipients(jakarta.mail.Message.RecipientType.TO)).map(Address::toString))
			.containsExactlyInAnyOrder("alice@example.com", "sec@example.com", "ops@example.com");
		assertThat(mail.getFrom()).extracting(Address::toString).containsExactly("ospatch@example.com");
		assertThat(mail.getSubject())
			.isEqualTo("[ospatch] prod-eu-1: 2/3 nodes compliant, 1 skipped (Debian 12.12)");

		MimeMultipart mixed = (MimeMultipart) mail.getContent();
		assertThat(mixed.getContentType()).startsWith("multipart/mixed");
		MimeMultipart alternative = (MimeMultipart) mixed.getBodyPart(0).getContent();
		assertThat(alternative.getContentType()).startsWith("multipart/alternative");
		assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
		assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
		String text = (String) alternative.getBodyPart(0).getContent();
		String html = (String) alternative.getBodyPart(1).getContent();
		for (String body : List.of(text, html)) {
			assertThat(body).contains("partial", "1 node skipped", "d-3", "Connection refused", "Debian 12 → 12.12",
					this.files.html().toString());
		}
		assertThat(attachments(mixed)).containsOnly(
				Map.entry("prod-eu-1-run-" + runId + ".html", "<html><body>the report</body></html>"),
				Map.entry("prod-eu-1-run-" + runId + ".csv", "node,status\nd-1,patched\n"));

		RunMails.MailState state = this.mails.find(runId).orElseThrow();
		assertThat(state.status()).isEqualTo("sent");
		assertThat(state.attempts()).isEqualTo(1);
		assertThat(state.at()).isNotNull();
		assertThat(state.detail()).contains("alice@example.com", "ops@example.com");
		CliRunner.Result shown = CliRunner.run(this.context, "runs", "--id", String.valueOf(runId));
		assertThat(shown.out()).containsPattern("mail:\\s+sent \\S+ to alice@example.com.* \\(1 attempt\\)");
		CliRunner.Result json = CliRunner.run(this.context, "runs", "--id", String.valueOf(runId), "--format", "json");
		assertThat(json.out()).containsPattern("\"mail\" : \\{\\s*\"status\" : \"sent\"");
	}

	@Test
	void noSecretOfTheClusterReachesTheMail() throws Exception {
		long runId = run(RunOutcome.COMPLIANT, null, null);

		assertThat(this.mailer.mailAfterRun(runId, this.files).kind()).isEqualTo(MailResult.Kind.SENT);

		String raw = raw(smtp.getReceivedMessages()[0]);
		assertThat(raw).doesNotContain(INVENTORY_SECRET, BECOME_SECRET, KEY_SECRET, "smtp-Pa55-secret", "ansible_become",
				this.dir.resolve("become").toString(), this.dir.resolve("id_ed25519").toString());
	}

	@Test
	void hostileErrorTextIsEscapedInTheHtmlBody() throws Exception {
		long runId = run(RunOutcome.HALTED, "failure budget <b>exceeded</b>", "<script>alert('owned')</script>");

		assertThat(this.mailer.mailAfterRun(runId, this.files).kind()).isEqualTo(MailResult.Kind.SENT);

		MimeMultipart mixed = (MimeMultipart) smtp.getReceivedMessages()[0].getContent();
		String html = (String) ((MimeMultipart) mixed.getBodyPart(0).getContent()).getBodyPart(1).getContent();
		assertThat(html).doesNotContain("<script>", "<b>exceeded")
			.contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;", "&lt;b&gt;exceeded&lt;/b&gt;");
	}

	@Test
	void aRunThatIsNotFinishedSendsNothing() {
		for (RunOutcome outcome : List.of(RunOutcome.STOPPED, RunOutcome.FAILED, RunOutcome.RUNNING)) {
			long runId = run(outcome, "interrupted", null);

			MailResult result = this.mailer.mailAfterRun(runId, this.files);

			assertThat(result.kind()).as(outcome.value()).isEqualTo(MailResult.Kind.NOT_DUE);
			assertThat(this.mails.find(runId).orElseThrow().status()).as(outcome.value()).isNull();
		}
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	@Test
	void anSmtpServerThatIsDownFailsTheMailAfterItsRetriesAndAResendSendsIt() {
		long runId = run(RunOutcome.COMPLIANT, null, null);
		List<Duration> waits = new ArrayList<>();
		RunMailer down = mailer(sender(TestSmtp.freePort(), "smtp-Pa55-secret"), this.properties, waits::add);

		MailResult failed = down.mailAfterRun(runId, this.files);

		assertThat(failed.kind()).isEqualTo(MailResult.Kind.FAILED);
		assertThat(failed.detail()).contains("Connection refused");
		RunMails.MailState state = this.mails.find(runId).orElseThrow();
		assertThat(state.status()).isEqualTo("failed");
		assertThat(state.attempts()).isEqualTo(3);
		assertThat(state.detail()).contains("Connection refused");
		assertThat(waits).containsExactly(Duration.ofMillis(10), Duration.ofMillis(20));
		assertThat(this.runs.find(runId).orElseThrow().outcome()).as("the run stays as it ended").isEqualTo(RunOutcome.COMPLIANT);
		assertThat(down.mailAfterRun(runId, this.files).kind()).as("claimed once").isEqualTo(MailResult.Kind.NOT_DUE);

		MailResult resent = this.mailer.resend(runId, this.files);

		assertThat(resent.kind()).as(resent.toString()).isEqualTo(MailResult.Kind.SENT);
		assertThat(this.mails.find(runId).orElseThrow()).satisfies((sent) -> {
			assertThat(sent.status()).isEqualTo("sent");
			assertThat(sent.attempts()).isEqualTo(1);
		});
		assertThat(smtp.getReceivedMessages()).hasSize(3);
	}

	@Test
	void aWrongSmtpPasswordIsAFailureNotRetried() {
		long runId = run(RunOutcome.COMPLIANT, null, null);
		List<Duration> waits = new ArrayList<>();

		MailResult result = mailer(sender(SMTP_PORT, "not-the-password"), this.properties, waits::add).mailAfterRun(runId,
				this.files);

		assertThat(result.kind()).isEqualTo(MailResult.Kind.FAILED);
		assertThat(waits).isEmpty();
		assertThat(this.mails.find(runId).orElseThrow().attempts()).isEqualTo(1);
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	@Test
	void aFaultOfTheSenderIsRecordedNotThrownAtTheRun() {
		long runId = run(RunOutcome.COMPLIANT, null, null);
		JavaMailSenderImpl broken = new JavaMailSenderImpl() {
			@Override
			public void send(MimeMessage message) {
				throw new IllegalStateException("the mail library broke");
			}
		};

		MailResult result = mailer(broken, this.properties, (wait) -> {
		}).mailAfterRun(runId, this.files);

		assertThat(result.kind()).isEqualTo(MailResult.Kind.FAILED);
		assertThat(this.mails.find(runId).orElseThrow()).satisfies((failed) -> {
			assertThat(failed.status()).isEqualTo("failed");
			assertThat(failed.detail()).contains("the mail library broke");
			assertThat(failed.attempts()).isEqualTo(1);
		});
	}

	@Test
	void withoutAnSmtpServerNothingIsSentNorRecordedAndItIsSaidOnce(CapturedOutput output) {
		long runId = run(RunOutcome.COMPLIANT, null, null);
		RunMailer unconfigured = mailer(null, this.properties, (wait) -> {
		});

		MailResult first = unconfigured.mailAfterRun(runId, this.files);
		MailResult second = unconfigured.mailAfterRun(runId, this.files);

		assertThat(first.kind()).isEqualTo(MailResult.Kind.NOT_CONFIGURED);
		assertThat(second.kind()).isEqualTo(MailResult.Kind.NOT_CONFIGURED);
		assertThat(this.mails.find(runId).orElseThrow().status()).isNull();
		assertThat(output.getAll().split("mail not configured: set SPRING_MAIL_HOST", -1)).hasSize(2);
	}

	@Test
	void aRunWithNobodyToTellSendsNothing() {
		this.fleet.updateCluster("prod-eu-1", ClusterSettings.fromText(null, null, null, null, null, null, List.of("none"), null,
				null, null, null, null, null, null, null));
		long runId = run(RunOutcome.COMPLIANT, null, null);
		MailProperties noGlobalList = new MailProperties("ospatch@example.com", List.of(), 3, Duration.ofMillis(10), 2,
				Duration.ofMillis(20), this.properties.attachmentMaxSize(), 50);

		MailResult result = mailer(sender(SMTP_PORT, "smtp-Pa55-secret"), noGlobalList, (wait) -> {
		}).mailAfterRun(runId, this.files);

		assertThat(result.kind()).isEqualTo(MailResult.Kind.NO_RECIPIENTS);
		assertThat(this.mails.find(runId).orElseThrow().status()).isNull();
		assertThat(smtp.getReceivedMessages()).isEmpty();
	}

	@Test
	void aFinishedRunWhoseProcessEndedBeforeItsMailIsMailedByTheNextLaunchOnce() throws Exception {
		// given: finished runs whose mail nobody claimed, ended 30 min, 1 min and 2 days ago; a stopped one
		Instant now = Instant.now();
		long overdue = endedAt(run(RunOutcome.COMPLIANT, null, null), now.minus(Duration.ofMinutes(30)));
		long justEnded = endedAt(run(RunOutcome.COMPLIANT, null, null), now.minus(Duration.ofMinutes(1)));
		long history = endedAt(run(RunOutcome.PARTIAL, null, "apt failed"), now.minus(Duration.ofDays(2)));
		long stopped = endedAt(run(RunOutcome.STOPPED, "stopped", null), now.minus(Duration.ofMinutes(30)));

		// when
		List<Long> caughtUp = this.reporting.catchUpMail();
		List<Long> again = this.reporting.catchUpMail();

		// then: the one overdue run is mailed, with its report written; its own process may yet mail the recent one
		assertThat(caughtUp).containsExactly(overdue);
		assertThat(again).isEmpty();
		assertThat(java.util.Arrays.stream(smtp.getReceivedMessages()).map(RunMailerIntegrationTests::subject).distinct())
			.singleElement()
			.asString()
			.startsWith("[ospatch] prod-eu-1: 3/3 nodes compliant");
		assertThat(this.mails.find(overdue).orElseThrow().status()).isEqualTo("sent");
		assertThat(this.mails.find(justEnded).orElseThrow().status()).isNull();
		assertThat(this.mails.find(history).orElseThrow().status()).isNull();
		assertThat(this.mails.find(stopped).orElseThrow().status()).isNull();
		assertThat(this.reports.filesOf("prod-eu-1", overdue).html()).isRegularFile();
	}

	private long endedAt(long runId, Instant at) {
		this.jdbc.sql("UPDATE patch_runs SET ended_at = ? WHERE id = ?")
			.params(io.ospatch.cluster.UtcTimes.toDb(at), runId)
			.update();
		return runId;
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * A run of d-1 (patched 12.4 → 12.12), d-2 (already on 12.12) and d-3 (skipped on 12.4 with
	 * {@code error}, or patched when there is none), ended with {@code outcome}.
	 */
	private long run(RunOutcome outcome, String detail, String error) {
		Instant started = Instant.parse("2026-11-29T00:00:00Z");
		long runId = this.runs.create("launch-" + System.nanoTime(), this.cluster.id(), Trigger.SCHEDULED, "cron", started);
		this.events.record(runId, RunEvent.Kind.STARTED, null, started);
		Map<String, Node> nodes = new java.util.HashMap<>();
		this.fleet.nodes(this.cluster).forEach((node) -> nodes.put(node.name(), node));
		this.results.insert(runId, nodes.get("d-1").id(), result("d-1", NodeResultStatus.PATCHED, "12.12", null), List.of());
		this.results.insert(runId, nodes.get("d-2").id(), result("d-2", NodeResultStatus.ALREADY_CURRENT, null, null), List.of());
		this.results.insert(runId, nodes.get("d-3").id(), (error != null)
				? result("d-3", NodeResultStatus.SKIPPED, null, error) : result("d-3", NodeResultStatus.PATCHED, "12.12", null),
				List.of());
		if (outcome != RunOutcome.RUNNING) {
			this.runs.finish(runId, outcome, detail, started.plus(Duration.ofMinutes(30)));
		}
		return runId;
	}

	private static NodeResult result(String name, NodeResultStatus status, String after, String error) {
		String before = (status == NodeResultStatus.ALREADY_CURRENT) ? "12.12" : "12.4";
		String target = (status == NodeResultStatus.SKIPPED) ? null : "12.12";
		Instant at = Instant.parse("2026-11-29T00:01:00Z");
		return new NodeResult(name, 1, status, (error != null) ? "unreachable" : null, "Debian", before, "6.1.0-1", after,
				(after != null) ? "6.1.0-2" : null, target, 0, List.of(), after != null, (error != null) ? 3 : 1, error, at, at);
	}

	private RunMailer mailer(JavaMailSender sender, MailProperties mailProperties, MailSleeper sleeper) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		if (sender != null) {
			beans.addBean("mailSender", sender);
		}
		ObjectProvider<JavaMailSender> senders = beans.getBeanProvider(JavaMailSender.class);
		MailComposer mailComposer = (mailProperties == this.properties) ? this.composer
				: MailComposerTests.composer(mailProperties.attachmentMaxSize(), mailProperties.maxListedNodes());
		return new RunMailer(this.runs, this.results, this.nodegroups, this.fleet, this.mails, mailComposer, mailProperties, senders,
				Clock.systemUTC(), sleeper);
	}

	private static JavaMailSender sender(int port, String password) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(port);
		sender.setUsername("ospatch-smtp");
		sender.setPassword(password);
		sender.getJavaMailProperties().put("mail.smtp.connectiontimeout", "2000");
		sender.getJavaMailProperties().put("mail.smtp.timeout", "2000");
		return sender;
	}

	/** Attached files by name, with their content. */
	private static Map<String, String> attachments(MimeMultipart mixed) throws MessagingException, IOException {
		Map<String, String> attachments = new java.util.LinkedHashMap<>();
		for (int i = 0; i < mixed.getCount(); i++) {
			BodyPart part = mixed.getBodyPart(i);
			if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
				// text travels with CRLF line ends in mail, whatever the file had
				attachments.put(part.getFileName(),
						new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n"));
			}
		}
		return attachments;
	}

	private static String raw(MimeMessage message) throws MessagingException, IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		message.writeTo(bytes);
		return bytes.toString(StandardCharsets.UTF_8);
	}

}
