package io.ospatch.cronjob;

import java.util.Map;
import java.util.Optional;

/**
 * The cron expression each schedule preset fires on (minute hour day-of-month month day-of-week).
 * {@code every-two-weeks} fires weekly: which Sundays are due is the application's decision, as
 * cron cannot count weeks.
 */
final class SchedulePresets {

	private static final Map<String, String> CRON = Map.of("weekly", "0 0 * * 0", "every-two-weeks", "0 0 * * 0",
			"monthly", "0 0 1 * *", "every-two-months", "0 0 1 */2 *");

	private SchedulePresets() {
	}

	/** The preset's cron expression, or empty if {@code schedule} is a custom expression. */
	static Optional<String> cron(String schedule) {
		return Optional.ofNullable(CRON.get(schedule));
	}

}
