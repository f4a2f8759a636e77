package io.ospatch.web.api;

import java.util.List;

import io.ospatch.web.nodes.ClusterNodes;
import io.ospatch.web.nodes.NodeStanding;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/clusters/{name}/nodes}: a cluster's nodes with their OS and last patch. Reads only. */
@RestController
@Tag(name = "nodes", description = "A cluster's nodes; no addresses or keys")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class NodeApiController {

	private final ClusterNodes nodes;

	NodeApiController(ClusterNodes nodes) {
		this.nodes = nodes;
	}

	@GetMapping("/api/v1/clusters/{name}/nodes")
	@Operation(summary = "The cluster's nodes (gone ones too), control plane first, with their state, OS version and "
			+ "last patch (run, result, time); 404 if there is no cluster of that name")
	@ApiResponse(responseCode = "200", description = "The cluster's nodes")
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	List<NodeStanding> nodes(@PathVariable String name) {
		return this.nodes.of(name);
	}

}
