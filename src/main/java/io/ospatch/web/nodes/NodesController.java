package io.ospatch.web.nodes;

import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.UnknownClusterException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import jakarta.servlet.http.HttpServletResponse;

/** A cluster's nodes at {@code /clusters/{name}/nodes}. Reads only: viewers. */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class NodesController {

	private final FleetService fleet;

	private final ClusterNodes nodes;

	NodesController(FleetService fleet, ClusterNodes nodes) {
		this.fleet = fleet;
		this.nodes = nodes;
	}

	@GetMapping("/clusters/{name}/nodes")
	String nodes(@PathVariable String name, Model model, Principal user) {
		Cluster cluster = this.fleet.cluster(name);
		model.addAttribute("user", user.getName());
		model.addAttribute("cluster", cluster.name());
		model.addAttribute("kind", cluster.kind().value());
		model.addAttribute("ofNodegroups", cluster.kind().updatesNodegroups());
		model.addAttribute("nodes", this.nodes.of(cluster).stream().map(NodeRow::of).toList());
		return "web/nodes";
	}

	/** An unknown cluster's page: 404, with the command line's message. */
	@ExceptionHandler
	String unknownCluster(UnknownClusterException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		model.addAttribute("message", ex.getMessage());
		return "web/not-found";
	}

	/** A node as the page shows it: text ready for the page. */
	record NodeRow(String name, String role, String state, String stateStyle, String os, String kernel, String lastPatched,
			Long lastRunId, String lastResult, String lastResultAt) {

		static NodeRow of(NodeStanding node) {
			String os = (node.osVersion() != null)
					? ((node.distribution() != null) ? node.distribution() + " " : "") + node.osVersion() : "-";
			return new NodeRow(node.name(), node.role(), node.state(), style(node.state()), os,
					(node.kernel() != null) ? node.kernel() : "-", time(node.lastPatchedAt()), node.lastRunId(),
					(node.lastResult() != null) ? node.lastResult() : "-", time(node.lastResultAt()));
		}

		private static String style(String state) {
			return switch (state) {
				case "ready" -> "ok";
				case "failed", "unreachable" -> "bad";
				case "patching" -> "warn";
				default -> "muted";
			};
		}

		private static String time(Instant instant) {
			return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
		}

	}

}
