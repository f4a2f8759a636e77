package io.ospatch.cluster;

/**
 * Bad input naming a cluster that is not registered: the command line exits 2 as for any bad input,
 * the REST API answers 404.
 */
public class UnknownClusterException extends InvalidInputException {

	public UnknownClusterException(String message) {
		super(message);
	}

}
