package io.ospatch.report;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ospatch.cluster.FleetService;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.FileSystemResource;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Service;

/**
 * The mail to a cluster's security contacts after a run: one per finished run, retried with backoff
 * when the SMTP server does not answer, its outcome recorded on the run. A mail that cannot be sent
 * never fails the run: nothing here throws.
 */
@Service
public class RunMailer {

	private static final Logger log = LoggerFactory.getLogger(RunMailer.class);

	/** Runs that get a mail: over, and run to their end (not given up, not missed). */
	private static final Set<RunOutcome> MAILED = Set.of(RunOutcome.COMPLIANT, RunOutcome.PARTIAL, RunOutcome.HALTED,
			RunOutcome.DEFERRED);

	private final RunRepository runs;

	private final NodeResultRepository results;

	private final NodegroupResultRepository nodegroups;

	private final FleetService fleet;

	private final RunMails mails;

	private final MailComposer composer;

	private final MailProperties properties;

	private final ObjectProvider<JavaMailSender> senders;

	private final Clock clock;

	private final MailSleeper sleeper;

	private final AtomicBoolean notConfiguredLogged = new AtomicBoolean();

	@Autowired
	RunMailer(RunRepository runs, NodeResultRepository results, NodegroupResultRepository nodegroups,
			FleetService fleet, RunMails mails, MailComposer composer, MailProperties properties,
			ObjectProvider<JavaMailSender> senders, Clock clock) {
		this(runs, results, nodegroups, fleet, mails, composer, properties, senders, clock, MailSleeper.THREAD);
	}

	RunMailer(RunRepository runs, NodeResultRepository results, NodegroupResultRepository nodegroups,
			FleetService fleet, RunMails mails, MailComposer composer, MailProperties properties,
			ObjectProvider<JavaMailSender> senders, Clock clock, MailSleeper sleeper) {
		this.runs = runs;
		this.results = results;
		this.nodegroups = nodegroups;
		this.fleet = fleet;
		this.mails = mails;
		this.composer = composer;
		this.properties = properties;
		this.senders = senders;
		this.clock = clock;
		this.sleeper = sleeper;
	}

	/** Whether an SMTP server is configured ({@code spring.mail.host}): without one, no mail is sent. */
	public boolean configured() {
		return this.senders.getIfAvailable() != null;
	}

	/**
	 * After a run ended: sends its mail once per run if the run is finished (compliant, partial,
	 * halted) and no mail was claimed for it yet. Never throws: failures are logged in one line and
	 * recorded on the run.
	 */
	public MailResult mailAfterRun(long runId, ReportFiles files) {
		try {
			return send(runId, files, false);
		}
		catch (RuntimeException ex) {
			return unexpected(runId, ex);
		}
	}

	/**
	 * {@code ospatch report --run ID --resend}: sends the run's mail again, whatever became of it
	 * before, and records the result. Never throws.
	 */
	public MailResult resend(long runId, ReportFiles files) {
		try {
			return send(runId, files, true);
		}
		catch (RuntimeException ex) {
			return unexpected(runId, ex);
		}
	}

	private MailResult send(long runId, ReportFiles files, boolean again) {
		Optional<RunRepository.Run> found = this.runs.find(runId);
		if (found.isEmpty()) {
			return MailResult.notDue("no run " + runId);
		}
		RunRepository.Run run = found.get();
		if (!MAILED.contains(run.outcome())) {
			return MailResult.notDue("run " + runId + " is " + run.outcome() + ": only a compliant, partial or halted run is mailed");
		}
		JavaMailSender sender = this.senders.getIfAvailable();
		if (sender == null) {
			if (this.notConfiguredLogged.compareAndSet(false, true)) {
				log.info("mail not configured: set SPRING_MAIL_HOST");
			}
			return MailResult.notConfigured();
		}
		List<String> recipients = recipients(run);
		if (recipients.isEmpty()) {
			log.info("run {} of {}: no mail, the cluster has no security contacts and ospatch.mail.to is empty", runId,
					run.clusterName());
			return MailResult.noRecipients("cluster " + run.clusterName() + " has no security contacts and ospatch.mail.to is empty");
		}
		if (again) {
			this.mails.reclaim(runId);
		}
		else if (!this.mails.claim(runId)) {
			return MailResult.notDue("the mail of run " + runId + " was already sent or is being sent");
		}
		// claimed: from here on, whatever goes wrong is recorded on the run, so that a resend can follow
		MailContent content;
		try {
			content = this.composer.compose(run, this.results.findByRun(runId), this.nodegroups.findByRun(runId), files);
		}
		catch (RuntimeException ex) {
			return failed(run, "cannot write the mail: " + reason(ex), 0);
		}
		return deliver(sender, run, recipients, content);
	}

	/** Sends, retrying what may pass (the server down or busy) with backoff; records the outcome. */
	private MailResult deliver(JavaMailSender sender, RunRepository.Run run, List<String> recipients, MailContent content) {
		Duration delay = this.properties.retryDelay();
		for (int attempt = 1;; attempt++) {
			try {
				sender.send(message(sender, recipients, content));
				String detail = "to " + String.join(", ", recipients);
				this.mails.sent(run.id(), detail, attempt, this.clock.instant());
				log.info("run {} of {}: mail sent {}", run.id(), run.clusterName(), detail);
				return MailResult.sent(detail);
			}
			catch (MailException ex) {
				boolean lasting = ex instanceof MailAuthenticationException || ex instanceof MailParseException
						|| ex instanceof MailPreparationException;
				if (lasting || attempt >= this.properties.maxAttempts()) {
					return failed(run, reason(ex), attempt);
				}
				log.debug("run {}: mail attempt {} failed, next in {}", run.id(), attempt, delay, ex);
			}
			catch (RuntimeException ex) {
				// not the SMTP server's answer, but a fault of this side: another attempt would meet it again
				return failed(run, reason(ex), attempt);
			}
			try {
				this.sleeper.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return failed(run, "interrupted while waiting to retry", attempt);
			}
			delay = next(delay);
		}
	}

	private Duration next(Duration delay) {
		Duration grown = Duration.ofMillis(Math.round(delay.toMillis() * this.properties.retryMultiplier()));
		return (grown.compareTo(this.properties.retryMaxDelay()) > 0) ? this.properties.retryMaxDelay() : grown;
	}

	private MimeMessage message(JavaMailSender sender, List<String> recipients, MailContent content) {
		MimeMessage message = sender.createMimeMessage();
		try {
			// mixed: the attachments beside a multipart/alternative of the text and HTML bodies
			MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED, "UTF-8");
			helper.setFrom(this.properties.from());
			helper.setTo(recipients.toArray(String[]::new));
			helper.setSubject(content.subject());
			helper.setText(content.text(), content.html());
			for (MailContent.Attachment attachment : content.attachments()) {
				helper.addAttachment(attachment.name(), new FileSystemResource(attachment.file()), attachment.contentType());
			}
		}
		catch (MessagingException ex) {
			throw new MailPreparationException(ex);
		}
		return message;
	}

	/** The cluster's security contacts, then the global list, each address once whatever its case. */
	private List<String> recipients(RunRepository.Run run) {
		Map<String, String> recipients = new LinkedHashMap<>();
		this.fleet.cluster(run.clusterName()).contacts().forEach((contact) -> recipients.putIfAbsent(key(contact), contact));
		this.properties.to().forEach((address) -> recipients.putIfAbsent(key(address), address));
		return List.copyOf(recipients.values());
	}

	private static String key(String address) {
		return address.strip().toLowerCase(Locale.ROOT);
	}

	private MailResult failed(RunRepository.Run run, String reason, int attempts) {
		this.mails.failed(run.id(), reason, attempts, this.clock.instant());
		log.warn("run {} of {}: mail not sent after {} attempt(s): {}; 'ospatch report --run {} --resend' sends it again",
				run.id(), run.clusterName(), attempts, reason, run.id());
		return MailResult.failed(reason);
	}

	/**
	 * What nothing above expected, such as the database gone: said in one line, not recorded (the
	 * run's mail state may be another process's, or unreachable), and never thrown at the run.
	 */
	private MailResult unexpected(long runId, RuntimeException ex) {
		String reason = reason(ex);
		log.warn("run {}: mail not sent: {}", runId, reason);
		log.debug("run {}: mail not sent", runId, ex);
		return MailResult.failed(reason);
	}

	/** The innermost message, one line: what the SMTP server or the network said. */
	private static String reason(Throwable ex) {
		Throwable cause = ex;
		String message = ex.getMessage();
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
			if (cause.getMessage() != null) {
				message = cause.getMessage();
			}
		}
		String text = cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
		return text.replaceAll("\\s+", " ").strip();
	}

}
