package io.ospatch.notify;

import io.ospatch.run.RunOutcome;

/** What a notification tells of a run, as its {@code event} field and record say it. */
enum WebhookEvent {

	/** A new run opened. */
	STARTED("started"),
	/** An unfinished run picked up again. */
	RESUMED("resumed"),
	/** Finished for good: compliant, partial or deferred. */
	ENDED("ended"),
	/** Stopped at its failure budget, its canary or its health gate. */
	HALTED("halted"),
	/** Stopped before its end; the same command resumes it. */
	STOPPED("stopped"),
	/** Ended by an error of ospatch or its surroundings; the same command resumes it. */
	FAILED("failed");

	private final String value;

	WebhookEvent(String value) {
		this.value = value;
	}

	String value() {
		return this.value;
	}

	static WebhookEvent ended(RunOutcome outcome) {
		return switch (outcome) {
			case HALTED -> HALTED;
			case STOPPED -> STOPPED;
			case FAILED -> FAILED;
			default -> ENDED;
		};
	}

	@Override
	public String toString() {
		return this.value;
	}

}
