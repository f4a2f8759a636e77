package io.ospatch.cli;

/** Where commands get the application's services from, once they run. */
@FunctionalInterface
interface Beans {

	<T> T get(Class<T> type);

}
