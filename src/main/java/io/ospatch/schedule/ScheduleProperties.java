package io.ospatch.schedule;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How scheduled runs treat fire times ({@code ospatch.schedule.*}, or {@code OSPATCH_SCHEDULE_…}).
 *
 * @param catchUpWindow a fire time that {@code ospatch scheduled} finds no older than this is run
 * (caught up, once); an older one is recorded as missed and not run, so that a CronJob that was
 * down for days does not patch at an hour nobody chose (default 6h)
 */
@ConfigurationProperties("ospatch.schedule")
public record ScheduleProperties(@DefaultValue("6h") Duration catchUpWindow) {

	public ScheduleProperties {
		if (catchUpWindow.isNegative()) {
			throw new IllegalArgumentException("ospatch.schedule.catch-up-window must not be negative");
		}
	}

}
