package io.ospatch.report;

/**
 * What became of a run's mail.
 *
 * @param kind sent, failed, not configured, no recipients or not due
 * @param detail who it went to, why it failed, or why none was sent
 */
public record MailResult(Kind kind, String detail) {

	/** What became of it. */
	public enum Kind {

		/** Accepted by the SMTP server. */
		SENT("sent"),
		/** Not sent, after its retries; recorded on the run with the reason. */
		FAILED("failed"),
		/** No SMTP server is configured ({@code spring.mail.host}); nothing recorded. */
		NOT_CONFIGURED("not-configured"),
		/** Neither the cluster nor {@code ospatch.mail.to} names anyone; nothing recorded. */
		NO_RECIPIENTS("no-recipients"),
		/** Nothing to send: the run is not finished, or its mail was already claimed. */
		NOT_DUE("not-due");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		@Override
		public String toString() {
			return this.value;
		}

	}

	static MailResult sent(String detail) {
		return new MailResult(Kind.SENT, detail);
	}

	static MailResult failed(String reason) {
		return new MailResult(Kind.FAILED, reason);
	}

	static MailResult notConfigured() {
		return new MailResult(Kind.NOT_CONFIGURED, "mail not configured: set SPRING_MAIL_HOST");
	}

	static MailResult noRecipients(String detail) {
		return new MailResult(Kind.NO_RECIPIENTS, detail);
	}

	static MailResult notDue(String detail) {
		return new MailResult(Kind.NOT_DUE, detail);
	}

	@Override
	public String toString() {
		return this.kind + ((this.detail != null) ? ": " + this.detail : "");
	}

}
