package io.ospatch.run;

import io.ospatch.cluster.InvalidInputException;

/**
 * Bad input naming a run that is not recorded: the command line exits 2 as for any bad input, the
 * REST API answers 404.
 */
public class UnknownRunException extends InvalidInputException {

	public UnknownRunException(long runId) {
		super("no run " + runId);
	}

}
