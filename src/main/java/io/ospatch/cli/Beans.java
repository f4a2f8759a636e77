package io.ospatch.cli;

import java.util.Map;

/** Where commands get the application's services from, once they run. */
@FunctionalInterface
interface Beans {

	<T> T get(Class<T> type);

	/**
	 * Starts the application as ospatch's web server ({@code serve}), with these Spring settings over
	 * all others, where {@link #get} starts it without one. Only an application started for the
	 * command line can: a test's context is already what it is.
	 * @return the port it listens on
	 */
	default int startWebServer(Map<String, Object> settings) {
		throw new UnsupportedOperationException("this application was started without a web server");
	}

	/** Waits until a stop signal (SIGTERM, SIGINT) ends the web server that {@link #startWebServer} started. */
	default void awaitStop() throws InterruptedException {
		throw new UnsupportedOperationException("this application was started without a web server");
	}

}
