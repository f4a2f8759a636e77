package io.ospatch.run;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The state of each run's mail to its security contacts ({@code patch_runs.mail_*}). A run has at
 * most one mail: whoever claims it first sends it, so a resumed run, or two processes ending the
 * same run, send one mail for the whole run.
 */
@Repository
public class RunMails {

	/** Longest reason kept, as {@code mail_detail} holds it. */
	private static final int DETAIL_LENGTH = 1024;

	/**
	 * A run's mail as recorded.
	 *
	 * @param status {@code pending}, {@code sent} or {@code failed}; {@code null} while no mail was claimed
	 * @param detail who it went to, or why it failed; {@code null} if nothing was recorded
	 * @param at when it was sent or given up, or {@code null}
	 * @param attempts SMTP attempts of the last sending
	 */
	public record MailState(String status, String detail, Instant at, int attempts) {

		/**
		 * For example {@code sent 2026-11-29T00:41:02Z to sec@example.com (1 attempt)}, or {@code none}
		 * while no mail was claimed.
		 */
		public String summary() {
			if (this.status == null) {
				return "none";
			}
			StringBuilder text = new StringBuilder(this.status);
			if (this.at != null) {
				text.append(' ').append(this.at.truncatedTo(ChronoUnit.SECONDS));
			}
			if (this.detail != null) {
				text.append(this.status.equals("failed") ? ": " : " ").append(this.detail);
			}
			if (this.attempts > 0) {
				text.append(" (").append(this.attempts).append((this.attempts == 1) ? " attempt)" : " attempts)");
			}
			return text.toString();
		}

	}

	private final JdbcClient jdbc;

	RunMails(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Claims the run's mail for the caller, once: only a run whose mail was never claimed changes.
	 * @return whether this call claimed it
	 */
	public boolean claim(long runId) {
		return this.jdbc.sql("""
				UPDATE patch_runs SET mail_status = 'pending', mail_detail = NULL, mail_at = NULL, mail_attempts = 0
				WHERE id = ? AND mail_status IS NULL""").param(runId).update() == 1;
	}

	/**
	 * Finished runs whose mail nobody claimed: their process ended (killed, crashed) between the
	 * run's end and its mail. Oldest first.
	 * @param endedFrom the earliest end that still counts (older runs are history, not news)
	 * @param endedBefore the latest end that counts: a run that ended since may be mailed by its own process yet
	 */
	public List<Long> unclaimed(Instant endedFrom, Instant endedBefore) {
		return this.jdbc.sql("""
				SELECT id FROM patch_runs
				WHERE mail_status IS NULL AND outcome IN ('compliant', 'partial', 'halted', 'deferred')
				  AND ended_at >= ? AND ended_at < ?
				ORDER BY id""")
			.params(UtcTimes.toDb(endedFrom), UtcTimes.toDb(endedBefore))
			.query(Long.class)
			.list();
	}

	/** Claims the run's mail again, whatever its state: for a resend. */
	public void reclaim(long runId) {
		this.jdbc.sql("""
				UPDATE patch_runs SET mail_status = 'pending', mail_detail = NULL, mail_at = NULL, mail_attempts = 0
				WHERE id = ?""").param(runId).update();
	}

	public void sent(long runId, String detail, int attempts, Instant at) {
		record(runId, "sent", detail, attempts, at);
	}

	public void failed(long runId, String reason, int attempts, Instant at) {
		record(runId, "failed", reason, attempts, at);
	}

	/** The run's mail state; empty if there is no such run. */
	public Optional<MailState> find(long runId) {
		return this.jdbc.sql("SELECT mail_status, mail_detail, mail_at, mail_attempts FROM patch_runs WHERE id = ?")
			.param(runId)
			.query((rs, row) -> new MailState(rs.getString("mail_status"), rs.getString("mail_detail"),
					UtcTimes.read(rs, "mail_at"), rs.getInt("mail_attempts")))
			.optional();
	}

	private void record(long runId, String status, String detail, int attempts, Instant at) {
		this.jdbc.sql("UPDATE patch_runs SET mail_status = ?, mail_detail = ?, mail_at = ?, mail_attempts = ? WHERE id = ?")
			.params(status, RunRepository.truncate(detail, DETAIL_LENGTH), UtcTimes.toDb(at), attempts, runId)
			.update();
	}

}
