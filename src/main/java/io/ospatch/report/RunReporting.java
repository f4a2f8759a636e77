package io.ospatch.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.ospatch.run.RunEnded;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What follows the end of every run: its report, the fleet index, and, once the run is finished
 * for good, its mail. A report or a mail that cannot be made is logged in one line and never fails
 * the run: the run's records are what counts, and {@code ospatch report --run N [--resend]} makes
 * them again. A process killed between a run's end and its mail leaves the mail unclaimed: the
 * next launch on any host catches it up ({@link #catchUpMail()}).
 */
@Component
public class RunReporting {

	private static final Logger log = LoggerFactory.getLogger(RunReporting.class);

	private final RunReports reports;

	private final FleetIndex index;

	/** A run that ended this recently may still be mailed by its own process. */
	static final Duration OWN_PROCESS_GRACE = Duration.ofMinutes(10);

	/** A run that ended longer ago than this is history: its mail is not caught up. */
	static final Duration CATCH_UP_WINDOW = Duration.ofDays(1);

	private final RunMailer mailer;

	private final RunMails mails;

	private final RunRepository runs;

	private final Clock clock;

	RunReporting(RunReports reports, FleetIndex index, RunMailer mailer, RunMails mails, RunRepository runs,
			Clock clock) {
		this.runs = runs;
		this.reports = reports;
		this.index = index;
		this.mailer = mailer;
		this.mails = mails;
		this.clock = clock;
	}

	@EventListener
	void runEnded(RunEnded ended) {
		report(ended.runId(), ended.clusterName(), ended.outcome().finished());
	}

	/**
	 * Mails the finished runs of the last day whose mail was never claimed, because the process that
	 * ended them was killed before it mailed them: each with its report written again. Nothing
	 * without an SMTP server. A mail left {@code pending} by a process killed while sending is not
	 * retried here (the process may be alive and slow): {@code report --run N --resend} sends it.
	 * @return the runs it mailed or tried to
	 */
	public List<Long> catchUpMail() {
		if (!this.mailer.configured()) {
			return List.of();
		}
		Instant now = this.clock.instant();
		List<Long> overdue = this.mails.unclaimed(now.minus(CATCH_UP_WINDOW), now.minus(OWN_PROCESS_GRACE));
		for (long runId : overdue) {
			log.info("run {}: its mail was never sent (its process ended first); sending it now", runId);
			report(runId, this.runs.find(runId).map(RunRepository.Run::clusterName).orElse("?"), true);
		}
		return overdue;
	}

	private void report(long runId, String clusterName, boolean mail) {
		ReportFiles files = null;
		try {
			files = this.reports.render(runId);
			log.info("{}: run {} report: {}", clusterName, runId, files.html());
		}
		catch (RuntimeException ex) {
			log.warn("{}: run {}: the report could not be written: {} (ospatch report --run {} writes it again)",
					clusterName, runId, ex.getMessage(), runId);
			log.debug("report of run {}", runId, ex);
		}
		try {
			this.index.rewrite();
		}
		catch (RuntimeException ex) {
			log.warn("the fleet index could not be written: {}", ex.getMessage());
			log.debug("fleet index", ex);
		}
		if (mail) {
			// without a report the mail still goes, without attachments: the contacts learn of the run
			this.mailer.mailAfterRun(runId, files);
		}
	}

}
