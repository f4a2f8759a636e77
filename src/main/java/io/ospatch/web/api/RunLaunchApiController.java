package io.ospatch.web.api;

import java.net.URI;

import io.ospatch.web.launch.OnDemandLaunches;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/v1/clusters/{name}/runs}: patch a cluster now, as {@code ospatch patch --cluster
 * NAME} does. The request opens the run and answers at once; a launch worker of the server patches.
 */
@RestController
@Tag(name = "runs", description = "Patch runs: launch one on demand")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RunLaunchApiController {

	private static final String PROBLEM = "application/problem+json";

	private final OnDemandLaunches launches;

	RunLaunchApiController(OnDemandLaunches launches) {
		this.launches = launches;
	}

	@PostMapping("/api/v1/clusters/{name}/runs")
	@Operation(summary = "Patch the cluster now (operator)",
			description = "Opens the cluster's run, or resumes its unfinished one (unless fresh is true: then it is "
					+ "abandoned for a new one), and hands it to a launch worker of the server: 202 with the run and "
					+ "its Location. The run is recorded as launched by the user. The same rules and messages as "
					+ "'ospatch patch --cluster NAME'.",
			responses = { @ApiResponse(responseCode = "202", description = "Launched: the run is patching or waiting for a worker"),
					@ApiResponse(responseCode = "400", description = "The cluster cannot be patched (kind imported or aks), "
							+ "its key is missing, or a stored setting breaks the input rules",
							content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
					@ApiResponse(responseCode = "404", description = "No cluster of that name",
							content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
					@ApiResponse(responseCode = "409", description = "Another run holds the cluster; nothing launched",
							content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))),
					@ApiResponse(responseCode = "503", description = "The server cannot launch now: every launch worker is "
							+ "taken, it is stopping, or this machine cannot run Ansible rollouts (e.g. no ansible-playbook, "
							+ "an unwritable reports directory); nothing leased or opened",
							content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = ProblemDetail.class))) })
	ResponseEntity<LaunchedRunResource> launch(@PathVariable String name, @RequestBody(required = false) LaunchBody body,
			Authentication user, HttpServletRequest request) {
		boolean fresh = body != null && Boolean.TRUE.equals(body.fresh());
		OnDemandLaunches.Launched launched = this.launches.launch(name, fresh, user.getName(), "api");
		return ResponseEntity.accepted()
			.location(URI.create(request.getContextPath() + "/api/v1/runs/" + launched.run().id()))
			.body(LaunchedRunResource.of(launched));
	}

	/**
	 * What a launch may ask for.
	 *
	 * @param fresh abandon the cluster's unfinished run and start a new one, instead of resuming it
	 * (default false)
	 */
	record LaunchBody(Boolean fresh) {
	}

}
