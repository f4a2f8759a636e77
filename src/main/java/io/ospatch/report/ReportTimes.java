package io.ospatch.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and durations as reports show them: UTC, to the second (node events to the millisecond); durations in words a person reads. */
public final class ReportTimes {

	private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
		.withZone(ZoneOffset.UTC);

	private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
		.withZone(ZoneOffset.UTC);

	private ReportTimes() {
	}

	/** For example {@code 2026-11-26 14:03:07 UTC}; {@code –} when unknown. */
	public static String time(Instant instant) {
		return (instant != null) ? UTC.format(instant) : "–";
	}

	/**
	 * For example {@code 2026-11-26 14:03:07.250 UTC}: node events of one chunk follow each other
	 * within a second, and their order is what they prove.
	 */
	public static String eventTime(Instant instant) {
		return (instant != null) ? UTC_MILLIS.format(instant) : "–";
	}

	/** For example {@code 4 min 12 s}, {@code 2 h 5 min}, {@code 3 d 4 h}; {@code –} when either end is unknown. */
	public static String duration(Instant start, Instant end) {
		return (start != null && end != null) ? duration(Duration.between(start, end)) : "–";
	}

	/** For example {@code 4 min 12 s}, {@code 2 h 5 min}, {@code 3 d 4 h}, {@code 0 s}. */
	public static String duration(Duration duration) {
		long seconds = Math.max(0, duration.getSeconds());
		long days = seconds / 86_400;
		long hours = (seconds % 86_400) / 3_600;
		long minutes = (seconds % 3_600) / 60;
		long rest = seconds % 60;
		if (days > 0) {
			return (hours > 0) ? days + " d " + hours + " h" : days + " d";
		}
		if (hours > 0) {
			return (minutes > 0) ? hours + " h " + minutes + " min" : hours + " h";
		}
		if (minutes > 0) {
			return (rest > 0) ? minutes + " min " + rest + " s" : minutes + " min";
		}
		return rest + " s";
	}

}
