package io.ospatch.web.settings;

import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.List;

import io.ospatch.audit.AuditTrail;
import io.ospatch.audit.ChangeDetails;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.schedule.FireTimePreview;
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
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

/**
 * A cluster's Settings → Machine Management → OS Patching Schedule: the schedule (none, a preset, or a
 * custom month/day/hour/minute) with its next fire times, timezone, patch on boot, max-unavailable,
 * failure budget and maintenance window. Viewers read it; operators preview the fire times of what they
 * choose ("Preview", nothing saved) and save it, through the same service and rules as {@code ospatch
 * cluster set}, each save recorded in the audit trail with who saved it. Clusters of a kind ospatch does
 * not patch show why instead of a form.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class OsPatchingController {

	private static final Logger log = LoggerFactory.getLogger(OsPatchingController.class);

	private static final int FIRE_TIMES = 5;

	private final FleetService fleet;

	private final FireTimePreview preview;

	private final Clock clock;

	private final AuditTrail audit;

	OsPatchingController(FleetService fleet, FireTimePreview preview, Clock clock, AuditTrail audit) {
		this.audit = audit;
		this.fleet = fleet;
		this.preview = preview;
		this.clock = clock;
	}

	@GetMapping("/clusters/{name}/settings/os-patching")
	String show(@PathVariable String name, Model model, Authentication user) {
		Cluster cluster = this.fleet.cluster(name);
		return page(model, user, cluster, OsPatchingForm.of(cluster), null, null);
	}

	@PostMapping("/clusters/{name}/settings/os-patching")
	String change(@PathVariable String name, @ModelAttribute("form") OsPatchingForm form,
			@RequestParam(defaultValue = "save") String action, Model model, Authentication user,
			HttpServletResponse response, RedirectAttributes redirect) {
		Cluster cluster = this.fleet.cluster(name);
		try {
			if ("preview".equals(action)) {
				List<ZonedDateTime> previewed = OsPatchingForm.NONE.equals(form.scheduleText()) ? List.of()
						: this.preview.ofSchedule(form.scheduleText(), form.getTimezone(), this.clock.instant(), FIRE_TIMES);
				return page(model, user, cluster, form, previewed, null);
			}
			FleetService.ClusterChange change = this.fleet.changeCluster(name, form.settings());
			this.audit.record(user.getName(), AuditTrail.CLUSTER_SET, cluster.name(),
					ChangeDetails.changed(change.before(), change.after()));
			log.info("{}: OS patching settings changed by {} (schedule {}, timezone {})", name, user.getName(),
					form.scheduleText(), form.getTimezone());
			redirect.addFlashAttribute("saved", true);
			return "redirect:/clusters/" + cluster.name() + "/settings/os-patching";
		}
		catch (InvalidInputException ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(model, user, cluster, form, null, ex.getMessage());
		}
	}

	/** An unknown cluster's page: 404, with the command line's message. */
	@ExceptionHandler
	String unknownCluster(UnknownClusterException ex, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		model.addAttribute("message", ex.getMessage());
		return "web/not-found";
	}

	private String page(Model model, Authentication user, Cluster cluster, OsPatchingForm form, List<ZonedDateTime> previewed,
			String error) {
		model.addAttribute("user", user.getName());
		model.addAttribute("operator", user.getAuthorities()
			.stream()
			.anyMatch((authority) -> ("ROLE_" + Role.OPERATOR.name()).equals(authority.getAuthority())));
		model.addAttribute("cluster", cluster);
		model.addAttribute("refusal", cluster.kind().patchRefusal().orElse(null));
		model.addAttribute("form", form);
		model.addAttribute("choices", OsPatchingForm.choices());
		model.addAttribute("error", error);
		model.addAttribute("previewed", (previewed != null) ? offsets(previewed) : null);
		model.addAttribute("fireTimes", (cluster.schedule() != null)
				? offsets(this.preview.ofCluster(cluster.name(), this.clock.instant(), FIRE_TIMES)) : List.of());
		return "web/os-patching";
	}

	private static List<String> offsets(List<ZonedDateTime> fireTimes) {
		return fireTimes.stream().map((fire) -> fire.toOffsetDateTime().toString()).toList();
	}

}
