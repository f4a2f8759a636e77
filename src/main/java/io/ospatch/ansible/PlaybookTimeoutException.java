package io.ospatch.ansible;

import java.time.Duration;

/**
 * A playbook run took longer than {@code ospatch.ansible.run-timeout} and was killed. Its hosts may
 * be half-way through the playbook.
 */
public class PlaybookTimeoutException extends PlaybookExecutionException {

	private final Duration timeout;

	public PlaybookTimeoutException(String message, Duration timeout) {
		super(message);
		this.timeout = timeout;
	}

	/** The timeout the run exceeded. */
	public Duration timeout() {
		return this.timeout;
	}

}
