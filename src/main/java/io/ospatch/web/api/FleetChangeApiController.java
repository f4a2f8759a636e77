package io.ospatch.web.api;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

import io.ospatch.audit.AuditTrail;
import io.ospatch.audit.ChangeDetails;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeSpec;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Changes to the fleet, for operators: add, change and remove clusters, add and remove nodes,
 * through the service the command line uses ({@link FleetService}, {@code ClusterSettings}, {@code
 * InputRules}), so with its rules and messages. Each change is recorded in the audit trail with the
 * login name of who made it.
 */
@RestController
@RequestMapping("/api/v1/clusters")
@Tag(name = "clusters")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class FleetChangeApiController {

	/** JSON merge patch, RFC 7396. */
	static final String MERGE_PATCH_JSON = "application/merge-patch+json";

	private final FleetService fleet;

	private final ClusterResources clusters;

	private final AuditTrail audit;

	FleetChangeApiController(FleetService fleet, ClusterResources clusters, AuditTrail audit) {
		this.fleet = fleet;
		this.clusters = clusters;
		this.audit = audit;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Add a cluster, as ospatch cluster add",
			description = "The settings left out take their defaults. Files (sshKey, knownHosts, becomePasswordFile, "
					+ "kubeconfig, webhook.secretFile) are paths on the server, checked now, read when needed.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = ClusterSettingsRequest.class))))
	@ApiResponse(responseCode = "201", description = "Added; Location names it")
	@ApiResponse(responseCode = "400", description = "Bad input, with the command line's message; nothing added",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "409", description = "A cluster of that name exists",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<ClusterResource> add(@RequestBody Map<String, Object> body, Authentication user) {
		ClusterSettingsBody given = ClusterSettingsBody.forNewCluster(body);
		Cluster cluster = this.fleet.addCluster(given.name(), given.settings());
		this.audit.record(user.getName(), AuditTrail.CLUSTER_ADD, cluster.name(), ChangeDetails.added(cluster));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{name}")
			.buildAndExpand(cluster.name())
			.toUri();
		return ResponseEntity.created(location).body(this.clusters.one(cluster.name()));
	}

	@PatchMapping(path = "/{name}", consumes = { MERGE_PATCH_JSON, MediaType.APPLICATION_JSON_VALUE })
	@Operation(summary = "Change a cluster's settings, as ospatch cluster set",
			description = "A JSON merge patch (RFC 7396; application/merge-patch+json or application/json): members "
					+ "left out stay; null clears an optional setting, as none does on the command line; in "
					+ "inventoryVars a variable given null is removed and the others stay; eks: null clears every "
					+ "EKS setting, webhook: null the webhook. Settings that cannot be cleared given null are refused.",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
					@Content(mediaType = MERGE_PATCH_JSON, schema = @Schema(implementation = ClusterSettingsRequest.class)),
					@Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
							schema = @Schema(implementation = ClusterSettingsRequest.class)) }))
	@ApiResponse(responseCode = "200", description = "Changed; the cluster as it is now")
	@ApiResponse(responseCode = "400", description = "Bad input, with the command line's message; nothing changed",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ClusterResource change(@PathVariable String name, @RequestBody Map<String, Object> body, Authentication user) {
		Cluster stored = this.fleet.cluster(name);
		FleetService.ClusterChange change = this.fleet.changeCluster(stored.name(),
				ClusterSettingsBody.forChange(stored.name(), body).settings());
		this.audit.record(user.getName(), AuditTrail.CLUSTER_SET, stored.name(),
				ChangeDetails.changed(change.before(), change.after()));
		return this.clusters.one(stored.name());
	}

	@DeleteMapping("/{name}")
	@Operation(summary = "Remove a cluster with its nodes, as ospatch cluster remove",
			description = "Refused while a run holds the cluster (409), even a run that died: ospatch unlock releases "
					+ "its lease first. A cluster with runs is refused (409) unless withHistory=true, which removes its "
					+ "runs, their node results and events too. Its audit trail stays.")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "409", description = "A run holds the cluster, or it has runs and not withHistory; nothing removed",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<Void> remove(@PathVariable String name,
			@Parameter(description = "remove its run history as well (--with-history)") @RequestParam(defaultValue = "false") boolean withHistory,
			Authentication user) {
		FleetService.RemovedCluster removed = this.fleet.removeCluster(name, withHistory);
		this.audit.record(user.getName(), AuditTrail.CLUSTER_REMOVE, name, ChangeDetails.removed(removed));
		return ResponseEntity.noContent().build();
	}

	@PostMapping(path = "/{name}/nodes", consumes = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Register a node of a cluster, as ospatch node add",
			requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
					content = @Content(schema = @Schema(implementation = NodeRequest.class))))
	@ApiResponse(responseCode = "201", description = "Added; Location names it")
	@ApiResponse(responseCode = "400", description = "Bad input, with the command line's message; nothing added",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "404", description = "No cluster of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "409", description = "The cluster has a node of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<RegisteredNode> addNode(@PathVariable String name, @RequestBody NodeRequest node, Authentication user) {
		NodeSpec spec = new NodeSpec(node.name(), node.address(), node.port(),
				(node.role() != null) ? NodeRole.of(node.role()) : null,
				(node.sshKey() != null) ? path(node.sshKey()) : null);
		Node added = this.fleet.addNode(name, spec);
		this.audit.record(user.getName(), AuditTrail.NODE_ADD, name, ChangeDetails.node(added));
		URI location = ServletUriComponentsBuilder.fromCurrentRequestUri()
			.path("/{node}")
			.buildAndExpand(added.name())
			.toUri();
		return ResponseEntity.created(location).body(RegisteredNode.of(added));
	}

	/** A path as the command line's converter makes it; the service checks the file. */
	private static Path path(String text) {
		try {
			return Path.of(text);
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputException("invalid SSH private key path '" + InputRules.printable(text) + "'");
		}
	}

	@DeleteMapping("/{name}/nodes/{node}")
	@Operation(summary = "Remove a node from its cluster, as ospatch node remove",
			description = "Later runs no longer patch or count it. Refused while a run holds the cluster (409). A node "
					+ "with results in past runs is refused (409) unless withHistory=true, which removes those results too.")
	@ApiResponse(responseCode = "204", description = "Removed")
	@ApiResponse(responseCode = "404", description = "No cluster or node of that name",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	@ApiResponse(responseCode = "409", description = "A run holds the cluster, or the node has results and not withHistory",
			content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(ref = OpenApiConfiguration.PROBLEM)))
	ResponseEntity<Void> removeNode(@PathVariable String name, @PathVariable String node,
			@Parameter(description = "remove its results in past runs as well (--with-history)") @RequestParam(defaultValue = "false") boolean withHistory,
			Authentication user) {
		long runs = this.fleet.removeNode(name, node, withHistory);
		this.audit.record(user.getName(), AuditTrail.NODE_REMOVE, name, ChangeDetails.nodeRemoved(node, runs));
		return ResponseEntity.noContent().build();
	}

}
