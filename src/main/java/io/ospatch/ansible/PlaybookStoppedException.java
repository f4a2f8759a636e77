package io.ospatch.ansible;

/**
 * A playbook run was stopped on request, by interrupting the thread that ran it, and killed with
 * everything it had started. Its hosts may be half-way through the playbook. The thread's interrupt
 * flag stays set.
 */
public class PlaybookStoppedException extends PlaybookExecutionException {

	public PlaybookStoppedException(String message, Throwable cause) {
		super(message, cause);
	}

}
