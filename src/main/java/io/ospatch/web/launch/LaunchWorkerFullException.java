package io.ospatch.web.launch;

/**
 * The server takes no further launch now: every worker is patching and every waiting place is taken,
 * or the server is stopping. Nothing was leased or opened for it.
 */
public class LaunchWorkerFullException extends RuntimeException {

	public LaunchWorkerFullException(String message) {
		super(message);
	}

}
