package io.ospatch.cluster;

/**
 * Bad input that conflicts with what is stored: a name already taken, or a removal that would take
 * a history with it unasked. The command line exits 2 as for any bad input; the REST API answers 409.
 * Nothing has been changed when it is thrown.
 */
public class FleetConflictException extends InvalidInputException {

	public FleetConflictException(String message) {
		super(message);
	}

}
