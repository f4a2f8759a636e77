package io.ospatch.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** A clock at 02:00 UTC on Wednesday 2026-11-25 that a test moves: import it to replace the application's. */
@TestConfiguration(proxyBeanMethods = false)
public class MovableClock {

	public static final Instant START = Instant.parse("2026-11-25T02:00:00Z");

	@Bean
	@Primary
	Moving movingClock() {
		return new Moving();
	}

	/** The clock itself; stands still until moved. */
	public static final class Moving extends Clock {

		private volatile Instant now = START;

		public void set(Instant instant) {
			this.now = instant;
		}

		public void move(Duration by) {
			this.now = this.now.plus(by);
		}

		public void reset() {
			this.now = START;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
