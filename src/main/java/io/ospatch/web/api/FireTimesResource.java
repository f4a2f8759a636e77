package io.ospatch.web.api;

import java.time.ZonedDateTime;
import java.util.List;

/**
 * The next fire times of a schedule, ISO-8601 with the offset of the schedule's timezone, as
 * {@code ospatch schedule} prints them.
 *
 * @param timezone the schedule's timezone
 * @param fireTimes the fire times, earliest first
 */
record FireTimesResource(String timezone, List<String> fireTimes) {

	static FireTimesResource of(List<ZonedDateTime> fireTimes) {
		String zone = fireTimes.isEmpty() ? null : fireTimes.get(0).getZone().getId();
		return new FireTimesResource(zone, fireTimes.stream().map((fire) -> fire.toOffsetDateTime().toString()).toList());
	}

}
