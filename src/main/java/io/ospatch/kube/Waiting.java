package io.ospatch.kube;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The pauses between looks at a cluster, never past a deadline ({@link System#nanoTime()}). */
final class Waiting {

	private Waiting() {
	}

	/**
	 * Sleeps {@code interval}, or until {@code deadline} if that comes first.
	 * @throws KubeApiException if the thread is interrupted (ospatch is stopping), its interrupt kept
	 */
	static void sleep(Duration interval, long deadline, String doing) {
		long nanos = Math.max(0, Math.min(interval.toNanos(), deadline - System.nanoTime()));
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new KubeApiException("interrupted while " + doing, ex);
		}
	}

	static boolean passed(long deadline) {
		return System.nanoTime() - deadline >= 0;
	}

}
