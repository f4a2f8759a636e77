package io.ospatch.web.launch;

import java.util.List;
import java.util.Optional;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.eks.EksApiException;
import io.ospatch.eks.NodegroupPlan;
import io.ospatch.rollout.ClusterPlan;
import io.ospatch.rollout.PlanService;
import io.ospatch.rollout.PreflightException;
import io.ospatch.web.security.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.view.RedirectView;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A cluster's Patch now page: what a launch would do (its chunks in order with their nodes, or for
 * EKS its node groups; the failure budget; the maintenance window; whether an unfinished run is
 * resumed) and, for operators, the confirmation that launches it through {@link OnDemandLaunches}
 * and leads to the run's page. Reads only the database (and, for EKS, AWS): nothing runs on the
 * nodes to show it.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PatchNowController {

	private static final Logger log = LoggerFactory.getLogger(PatchNowController.class);

	private final FleetService fleet;

	private final PlanService plans;

	private final OnDemandLaunches launches;

	PatchNowController(FleetService fleet, PlanService plans, OnDemandLaunches launches) {
		this.fleet = fleet;
		this.plans = plans;
		this.launches = launches;
	}

	@GetMapping("/clusters/{name}/patch")
	String show(@PathVariable String name, Model model, Authentication user) {
		return page(model, user, this.fleet.cluster(name), null);
	}

	@PostMapping("/clusters/{name}/patch")
	Object launch(@PathVariable String name, @RequestParam(defaultValue = "false") boolean fresh, Model model,
			Authentication user, HttpServletResponse response) {
		Cluster cluster = this.fleet.cluster(name);
		try {
			OnDemandLaunches.Launched launched = this.launches.launch(cluster.name(), fresh, user.getName(), "web");
			RedirectView toRun = new RedirectView("/runs/" + launched.run().id(), true);
			toRun.setStatusCode(HttpStatus.SEE_OTHER);
			return toRun;
		}
		catch (InvalidInputException ex) {
			return refused(model, user, cluster, response, HttpStatus.BAD_REQUEST, ex);
		}
		catch (ClusterBusyException ex) {
			return refused(model, user, cluster, response, HttpStatus.CONFLICT, ex);
		}
		catch (LaunchWorkerFullException | LaunchJobNotCreatedException | PreflightException ex) {
			return refused(model, user, cluster, response, HttpStatus.SERVICE_UNAVAILABLE, ex);
		}
	}

	/** An unknown cluster's page: 404, with the command line's message. */
	@ExceptionHandler
	String unknownCluster(UnknownClusterException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		model.addAttribute("message", ex.getMessage());
		return "web/not-found";
	}

	private String refused(Model model, Authentication user, Cluster cluster, HttpServletResponse response,
			HttpStatus status, RuntimeException ex) {
		log.info("{}: launch by {} refused: {}", cluster.name(), user.getName(), ex.getMessage());
		response.setStatus(status.value());
		return page(model, user, cluster, ex.getMessage());
	}

	private String page(Model model, Authentication user, Cluster cluster, String error) {
		model.addAttribute("user", user.getName());
		model.addAttribute("operator", user.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + Role.OPERATOR.name()).equals(authority.getAuthority())));
		model.addAttribute("cluster", cluster);
		model.addAttribute("error", error);
		Optional<String> refusal = cluster.kind().patchRefusal();
		model.addAttribute("refusal", refusal.orElse(null));
		if (refusal.isPresent()) {
			return "web/patch-now";
		}
		model.addAttribute("window",
				(cluster.maintenanceWindow() != null) ? InputRules.formatWindow(cluster.maintenanceWindow()) : null);
		model.addAttribute("unfinished", this.launches.unfinished(cluster).orElse(null));
		if (cluster.kind().updatesNodegroups()) {
			nodegroups(model, cluster);
		}
		else {
			ClusterPlan plan = this.plans.order(cluster.name());
			model.addAttribute("plan", plan);
			model.addAttribute("nodeCount", plan.chunks().stream().mapToInt((chunk) -> chunk.nodes().size()).sum());
		}
		return "web/patch-now";
	}

	/** An EKS cluster's node groups, from AWS: one that cannot be asked now leaves the page readable. */
	private void nodegroups(Model model, Cluster cluster) {
		try {
			List<NodegroupPlan> nodegroups = this.plans.planNodegroups(cluster.name());
			model.addAttribute("nodegroups", nodegroups);
			model.addAttribute("updates",
					nodegroups.stream().filter((plan) -> plan.action() == NodegroupPlan.Action.UPDATE).count());
		}
		catch (EksApiException ex) {
			model.addAttribute("nodegroupsError", "the node groups cannot be read from AWS now: " + ex.getMessage());
		}
	}

}
