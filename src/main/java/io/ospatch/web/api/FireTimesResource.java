package io.ospatch.web.api;

import java.time.ZonedDateTime;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The next fire times of a schedule, ISO-8601 with the offset of the schedule's timezone, as
 * {@code ospatch schedule} prints them.
 *
 * @param timezone the schedule's timezone
 * @param fireTimes the fire times, earliest first
 */
@Schema(name = "FireTimesResource")
record FireTimesResource(String timezone, @Schema(requiredMode = Schema.RequiredMode.REQUIRED) List<String> fireTimes) {

	static FireTimesResource of(List<ZonedDateTime> fireTimes) {
		String zone = fireTimes.isEmpty() ? null : fireTimes.get(0).getZone().getId();
		return new FireTimesResource(zone, fireTimes.stream().map((fire) -> fire.toOffsetDateTime().toString()).toList());
	}

}
