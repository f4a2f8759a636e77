package io.ospatch.web.runs;

import java.security.Principal;
import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.UnknownClusterException;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEventPages;
import io.ospatch.run.RunHistory;
import io.ospatch.run.RunSummary;
import io.ospatch.run.UnknownRunException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import jakarta.servlet.http.HttpServletResponse;

/**
 * The runs pages: {@code /runs} (newest first, of one cluster with {@code ?cluster=}, a page at a
 * time), {@code /runs/{id}} (one run whole; it refreshes itself until the run is over) and the run's
 * report at {@code /runs/{id}/report.html}, {@code .json} and {@code .csv}. Reads only: viewers.
 */
@Controller
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RunsController {

	/** Runs per page of the list. */
	static final int PAGE_SIZE = 25;

	/** Node events shown on a run's page: the report and the API have them all. */
	static final int NODE_EVENTS_SHOWN = 500;

	/** Seconds between the refreshes of an unfinished run's page. */
	static final int REFRESH_SECONDS = 5;

	private final RunHistory history;

	private final RunDetails details;

	private final NodeEventPages nodeEvents;

	private final RunReportFiles reports;

	private final FleetService fleet;

	RunsController(RunHistory history, RunDetails details, NodeEventPages nodeEvents, RunReportFiles reports,
			FleetService fleet) {
		this.history = history;
		this.details = details;
		this.nodeEvents = nodeEvents;
		this.reports = reports;
		this.fleet = fleet;
	}

	@GetMapping("/runs")
	String runs(@RequestParam(required = false) String cluster, @RequestParam(required = false) Long before, Model model,
			Principal user) {
		String clusterName = (cluster != null && !cluster.isBlank()) ? this.fleet.cluster(cluster).name() : null;
		List<RunSummary> runs = this.history.recent(clusterName, before, PAGE_SIZE + 1);
		List<RunRow> rows = runs.stream().limit(PAGE_SIZE).map(RunRow::of).toList();
		model.addAttribute("user", user.getName());
		model.addAttribute("cluster", clusterName);
		model.addAttribute("clusters", this.fleet.clusters().stream().map(Cluster::name).toList());
		model.addAttribute("runs", rows);
		model.addAttribute("paged", before != null);
		model.addAttribute("nextBefore", (runs.size() > PAGE_SIZE) ? rows.get(rows.size() - 1).id() : null);
		return "web/runs";
	}

	@GetMapping("/runs/{id}")
	String run(@PathVariable long id, Model model, Principal user) {
		RunDetail detail = this.details.of(id);
		List<NodeEvent> events = new ArrayList<>();
		for (NodeEvent event : this.nodeEvents.inTimeOrder(id)) {
			if (events.size() == NODE_EVENTS_SHOWN) {
				break;
			}
			events.add(event);
		}
		RunPage page = RunPage.of(detail, events, (events.size() < NODE_EVENTS_SHOWN) ? events.size()
				: this.nodeEvents.count(id));
		model.addAttribute("user", user.getName());
		model.addAttribute("page", page);
		model.addAttribute("refreshSeconds", page.finished() ? null : REFRESH_SECONDS);
		return "web/run";
	}

	@GetMapping("/runs/{id}/report.{format}")
	ResponseEntity<Resource> report(@PathVariable long id, @PathVariable String format) {
		ReportFormat reportFormat = ReportFormat.ofExtension(format)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
					"a report is in html, json or csv, not '" + format + "'"));
		return this.reports.response(id, reportFormat);
	}

	@ExceptionHandler({ UnknownRunException.class, UnknownClusterException.class, ReportNotWrittenException.class })
	String notFound(RuntimeException ex, Model model, HttpServletResponse response) {
		return notFound(ex.getMessage(), model, response);
	}

	@ExceptionHandler
	String unknownFormat(ResponseStatusException ex, Model model, HttpServletResponse response) {
		return notFound(ex.getReason(), model, response);
	}

	private static String notFound(String message, Model model, HttpServletResponse response) {
		response.setStatus(HttpStatus.NOT_FOUND.value());
		model.addAttribute("message", message);
		return "web/not-found";
	}

}
