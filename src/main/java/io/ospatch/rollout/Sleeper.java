package io.ospatch.rollout;

import java.time.Duration;

/** Waiting between retries, behind an interface so that tests need not wait. */
@FunctionalInterface
interface Sleeper {

	Sleeper THREAD = (duration) -> Thread.sleep(duration.toMillis());

	void sleep(Duration duration) throws InterruptedException;

}
