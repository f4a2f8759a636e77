package io.ospatch.ansible;

/**
 * A playbook run failed as a whole, so no host's outcome is known.
 */
public class PlaybookExecutionException extends RuntimeException {

	public PlaybookExecutionException(String message) {
		super(message);
	}

	public PlaybookExecutionException(String message, Throwable cause) {
		super(message, cause);
	}

}
