package io.ospatch.database;

/**
 * The database could not be opened, so no command that needs it can run. Its message is meant for
 * the operator as it is: it names the database and says why, without credentials.
 */
public class DatabaseUnavailableException extends RuntimeException {

	DatabaseUnavailableException(String message) {
		super(message);
	}

}
