package io.ospatch.cli;

import java.util.function.BooleanSupplier;

import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop ospatch gracefully: a running rollout finishes its chunks (up to its
 * grace period), starts no new one, leaves its runs resumable and exits with
 * {@link ExitCodes#STOPPED}. Without a rollout to stop, the process exits at once with that code.
 *
 * <p>The JVM's own reaction to SIGTERM, running shutdown hooks while the rollout threads go on, would
 * close the database under them; hence a handler of our own ({@code sun.misc.Signal}, in the
 * {@code jdk.unsupported} module that every JDK ships).
 */
final class StopSignals {

	private StopSignals() {
	}

	/** @param stopRollouts asks running rollouts to stop; false if there is none */
	static void install(BooleanSupplier stopRollouts) {
		for (String name : new String[] { "TERM", "INT" }) {
			Signal.handle(new Signal(name), (signal) -> {
				if (!stopRollouts.getAsBoolean()) {
					System.exit(ExitCodes.STOPPED);
				}
			});
		}
	}

}
