package io.ospatch.report;

import java.time.Duration;

/** Waiting between SMTP attempts, behind an interface so that tests need not wait. */
@FunctionalInterface
interface MailSleeper {

	MailSleeper THREAD = (duration) -> Thread.sleep(duration.toMillis());

	void sleep(Duration duration) throws InterruptedException;

}
