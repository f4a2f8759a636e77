package io.ospatch.web.api;

import java.time.Clock;
import java.time.Instant;

import io.ospatch.cluster.InputRules;
import io.ospatch.schedule.FireTimePreview;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Schedule previews: the next fire times of a cluster's schedule, or of one being chosen, with the
 * rules and messages of {@code ospatch schedule} (one service, {@link FireTimePreview}). Reads only.
 */
@RestController
@Tag(name = "schedules", description = "The next fire times of a schedule")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ScheduleApiController {

	private final FireTimePreview preview;

	private final Clock clock;

	ScheduleApiController(FireTimePreview preview, Clock clock) {
		this.preview = preview;
		this.clock = clock;
	}

	@GetMapping("/api/v1/clusters/{name}/fire-times")
	@Operation(summary = "The next fire times of the cluster's schedule, in its timezone; 400 if it has none")
	@ApiResponse(responseCode = "200", description = "The fire times, earliest first")
	@ApiResponse(responseCode = "400", description = "The cluster has no schedule, or a bad count or after",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	FireTimesResource clusterFireTimes(@PathVariable String name, @RequestParam(defaultValue = "5") int count,
			@RequestParam(required = false) String after) {
		return FireTimesResource.of(this.preview.ofCluster(name, from(after), count));
	}

	@GetMapping("/api/v1/schedules/fire-times")
	@Operation(summary = "The next fire times of a schedule (a preset or a cron expression) in a timezone (default UTC)")
	@ApiResponse(responseCode = "200", description = "The fire times, earliest first")
	@ApiResponse(responseCode = "400", description = "A schedule, timezone, count or after that is not valid, or a schedule that never fires",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	FireTimesResource fireTimes(@RequestParam String schedule, @RequestParam(required = false) String timezone,
			@RequestParam(defaultValue = "5") int count, @RequestParam(required = false) String after) {
		return FireTimesResource.of(this.preview.ofSchedule(schedule, timezone, from(after), count));
	}

	private Instant from(String after) {
		return (after != null) ? InputRules.instant("after", after) : this.clock.instant();
	}

}
