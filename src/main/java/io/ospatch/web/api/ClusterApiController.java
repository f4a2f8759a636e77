package io.ospatch.web.api;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters}: the clusters and their settings. */
@RestController
@RequestMapping("/api/v1/clusters")
@Tag(name = "clusters", description = "Clusters and their settings; secrets are never returned")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class ClusterApiController {

	private final ClusterResources clusters;

	ClusterApiController(ClusterResources clusters) {
		this.clusters = clusters;
	}

	@GetMapping
	@Operation(summary = "Every cluster with its settings, by name")
	@ApiResponse(responseCode = "200", description = "The clusters, by name")
	List<ClusterResource> clusters() {
		return this.clusters.all();
	}

	@GetMapping("/{name}")
	@Operation(summary = "One cluster with its settings; 404 (problem+json) if there is none of that name")
	@ApiResponse(responseCode = "200", description = "The cluster")
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ClusterResource cluster(@PathVariable String name) {
		return this.clusters.one(name);
	}

}
