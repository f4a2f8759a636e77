package io.ospatch.web.api;

import java.util.List;

import io.ospatch.audit.AuditTrail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/audit}: who changed the fleet or launched a patch, as {@code ospatch audit} shows it. */
@RestController
@Tag(name = "audit", description = "Who changed the fleet or launched a patch, when, and what")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class AuditApiController {

	private final AuditTrail audit;

	AuditApiController(AuditTrail audit) {
		this.audit = audit;
	}

	@GetMapping("/api/v1/audit")
	@Operation(summary = "The audit trail, newest first: changes and launches from the command line, the console and the API")
	@ApiResponse(responseCode = "200", description = "The entries, newest first")
	@ApiResponse(responseCode = "400", description = "A limit out of range or a malformed cluster name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	List<AuditEntryResource> audit(
			@Parameter(description = "only this cluster's entries (a removed one's too)") @RequestParam(required = false) String cluster,
			@Parameter(description = "at most this many, 1-1000") @RequestParam(defaultValue = "50") int limit) {
		return this.audit.recent(cluster, limit).stream().map(AuditEntryResource::of).toList();
	}

}
