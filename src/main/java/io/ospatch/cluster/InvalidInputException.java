package io.ospatch.cluster;

/**
 * Bad input from an operator: an unknown cluster, a malformed value, a setting that cannot be
 * applied. The message is written for the operator; nothing has been changed when it is thrown.
 */
public class InvalidInputException extends RuntimeException {

	public InvalidInputException(String message) {
		super(message);
	}

}
