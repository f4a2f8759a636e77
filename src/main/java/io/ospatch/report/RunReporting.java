package io.ospatch.report;

import io.ospatch.run.RunEnded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What follows the end of every run: its report, the fleet index, and, once the run is finished
 * for good, its mail. A report or a mail that cannot be made is logged in one line and never fails
 * the run: the run's records are what counts, and {@code ospatch report --run N [--resend]} makes
 * them again.
 */
@Component
class RunReporting {

	private static final Logger log = LoggerFactory.getLogger(RunReporting.class);

	private final RunReports reports;

	private final FleetIndex index;

	private final RunMailer mailer;

	RunReporting(RunReports reports, FleetIndex index, RunMailer mailer) {
		this.reports = reports;
		this.index = index;
		this.mailer = mailer;
	}

	@EventListener
	void runEnded(RunEnded ended) {
		ReportFiles files = null;
		try {
			files = this.reports.render(ended.runId());
			log.info("{}: run {} report: {}", ended.clusterName(), ended.runId(), files.html());
		}
		catch (RuntimeException ex) {
			log.warn("{}: run {}: the report could not be written: {} (ospatch report --run {} writes it again)",
					ended.clusterName(), ended.runId(), ex.getMessage(), ended.runId());
			log.debug("report of run {}", ended.runId(), ex);
		}
		try {
			this.index.rewrite();
		}
		catch (RuntimeException ex) {
			log.warn("the fleet index could not be written: {}", ex.getMessage());
			log.debug("fleet index", ex);
		}
		if (ended.outcome().finished()) {
			// without a report the mail still goes, without attachments: the contacts learn of the run
			this.mailer.mailAfterRun(ended.runId(), files);
		}
	}

}
