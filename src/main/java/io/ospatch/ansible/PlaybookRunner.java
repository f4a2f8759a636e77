package io.ospatch.ansible;

/**
 * Runs one playbook on a group of hosts and reports the outcome for each of them.
 */
public interface PlaybookRunner {

	/**
	 * Runs the request's playbook on exactly the request's hosts.
	 * @return one outcome per requested host, also for hosts that failed or were unreachable
	 * @throws PlaybookExecutionException when the run as a whole failed, so that no host's outcome
	 * is known: ansible-playbook could not start, timed out, exited with a code other than 0, 2 or
	 * 4, or printed something that is not the json callback's report
	 * @throws PlaybookStoppedException when the calling thread was interrupted: the run was stopped
	 * and killed with everything it started, and the interrupt flag stays set
	 */
	PlaybookRun run(PlaybookRequest request);

}
