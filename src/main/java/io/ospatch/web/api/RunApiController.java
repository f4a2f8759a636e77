package io.ospatch.web.api;

import java.util.Iterator;
import java.util.List;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEventPages;
import io.ospatch.run.RunHistory;
import io.ospatch.web.api.RunResource.NodeEventResource;
import io.ospatch.web.api.RunResource.RunEventResource;
import io.ospatch.web.runs.ReportFormat;
import io.ospatch.web.runs.RunDetails;
import io.ospatch.web.runs.RunReportFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/v1/runs}: patch runs newest first, one run whole, its events and its report; the same
 * read models as {@code ospatch runs} and {@code ospatch report}. Reads only.
 */
@RestController
@Tag(name = "runs", description = "Patch runs, their node results, events and reports")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RunApiController {

	/** The most runs one request lists. */
	static final int MAX_LIMIT = 100;

	private static final String REPORT_TYPES = "text/html, application/json or text/csv";

	private final RunHistory history;

	private final RunDetails details;

	private final NodeEventPages nodeEvents;

	private final RunReportFiles reports;

	private final FleetService fleet;

	RunApiController(RunHistory history, RunDetails details, NodeEventPages nodeEvents, RunReportFiles reports,
			FleetService fleet) {
		this.history = history;
		this.details = details;
		this.nodeEvents = nodeEvents;
		this.reports = reports;
		this.fleet = fleet;
	}

	@GetMapping("/api/v1/runs")
	@Operation(summary = "Runs newest first, of every cluster or one; page with before (the last id of the previous page)")
	@ApiResponse(responseCode = "200", description = "The runs")
	@ApiResponse(responseCode = "400", description = "A limit or before that is not a whole number, or a limit out of 1 to 100",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	List<RunResource> runs(@Parameter(description = "only this cluster's runs") @RequestParam(required = false) String cluster,
			@Parameter(description = "at most this many runs, 1 to 100") @RequestParam(defaultValue = "20") int limit,
			@Parameter(description = "only runs with a smaller id") @RequestParam(required = false) Long before) {
		return list((cluster != null) ? this.fleet.cluster(cluster).name() : null, limit, before);
	}

	@GetMapping("/api/v1/clusters/{name}/runs")
	@Operation(summary = "The cluster's runs newest first; 404 if there is no cluster of that name")
	@ApiResponse(responseCode = "200", description = "The cluster's runs")
	@ApiResponse(responseCode = "400", description = "A limit or before that is not a whole number, or a limit out of 1 to 100",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	List<RunResource> clusterRuns(@PathVariable String name,
			@Parameter(description = "at most this many runs, 1 to 100") @RequestParam(defaultValue = "20") int limit,
			@Parameter(description = "only runs with a smaller id") @RequestParam(required = false) Long before) {
		return list(this.fleet.cluster(name).name(), limit, before);
	}

	@GetMapping("/api/v1/runs/{id}")
	@Operation(summary = "One run whole: counts, progress, node (or node-group) results, events, mail, webhook calls "
			+ "and its report's URLs; 404 if there is no such run")
	@ApiResponse(responseCode = "200", description = "The run")
	@ApiResponse(responseCode = "404", description = "No run of that id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	RunDetailResource run(@PathVariable long id) {
		return RunDetailResource.of(this.details.of(id));
	}

	@GetMapping("/api/v1/runs/{id}/events")
	@Operation(summary = "The run's events and every node event (cordoned, drained, rebooted, …) in time order")
	@ApiResponse(responseCode = "200", description = "The run's events")
	@ApiResponse(responseCode = "404", description = "No run of that id",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	RunEventsResource events(@PathVariable long id) {
		List<RunEventResource> events = this.history.get(id).events().stream().map(RunEventResource::of).toList();
		Iterable<NodeEvent> nodeEvents = this.nodeEvents.inTimeOrder(id);
		Iterable<NodeEventResource> written = () -> new Iterator<>() {

			private final Iterator<NodeEvent> read = nodeEvents.iterator();

			@Override
			public boolean hasNext() {
				return this.read.hasNext();
			}

			@Override
			public NodeEventResource next() {
				return NodeEventResource.of(this.read.next());
			}

		};
		return new RunEventsResource(id, events, written);
	}

	@GetMapping("/api/v1/runs/{id}/report")
	@Operation(summary = "The run's report in the format the Accept header asks for: " + REPORT_TYPES
			+ " (JSON for any); 404 while it is not written",
			responses = @ApiResponse(responseCode = "200", content = {
					@Content(mediaType = "text/html", schema = @Schema(type = "string")),
					@Content(mediaType = "application/json", schema = @Schema(type = "object")),
					@Content(mediaType = "text/csv", schema = @Schema(type = "string")) }))
	@ApiResponse(responseCode = "404", description = "No run of that id, or its report is not written (yet)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<Resource> report(@PathVariable long id,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		List<MediaType> accepted = (accept != null && !accept.isBlank()) ? MediaType.parseMediaTypes(accept) : List.of();
		ReportFormat format = ReportFormat.acceptedBy(accepted)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_ACCEPTABLE,
					"a report is " + REPORT_TYPES + ", not " + accept));
		return this.reports.response(id, format);
	}

	@GetMapping("/api/v1/runs/{id}/report.{format}")
	@Operation(summary = "The run's report as html, json or csv, whatever the Accept header; 404 while it is not written",
			responses = @ApiResponse(responseCode = "200", content = {
					@Content(mediaType = "text/html", schema = @Schema(type = "string")),
					@Content(mediaType = "application/json", schema = @Schema(type = "object")),
					@Content(mediaType = "text/csv", schema = @Schema(type = "string")) }))
	@ApiResponse(responseCode = "404", description = "No run of that id, a format other than html, json or csv, or its report is not written (yet)",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<Resource> reportFile(@PathVariable long id,
			@Parameter(description = "html, json or csv") @PathVariable String format) {
		ReportFormat reportFormat = ReportFormat.ofExtension(format)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"a report is in html, json or csv, not '" + format + "'"));
		return this.reports.response(id, reportFormat);
	}

	private List<RunResource> list(String cluster, int limit, Long before) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
		}
		if (before != null && before < 1) {
			throw new InvalidInputException("before must be a run id (1 or more), not " + before);
		}
		return this.history.recent(cluster, before, limit).stream().map(RunResource::of).toList();
	}

}
