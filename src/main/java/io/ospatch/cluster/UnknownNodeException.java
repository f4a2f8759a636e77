package io.ospatch.cluster;

/**
 * Bad input naming a node its cluster does not have: the command line exits 2 as for any bad input,
 * the REST API answers 404.
 */
public class UnknownNodeException extends InvalidInputException {

	public UnknownNodeException(String message) {
		super(message);
	}

}
