package io.ospatch.web.api;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.ospatch.rollout.RunProgress.Progress;
import io.ospatch.web.api.RunResource.MailResource;
import io.ospatch.web.api.RunResource.NodeResultResource;
import io.ospatch.web.api.RunResource.NodegroupResultResource;
import io.ospatch.web.api.RunResource.RunEventResource;
import io.ospatch.web.api.RunResource.WebhookResource;
import io.ospatch.web.runs.RunDetail;

/**
 * One run whole, as {@code ospatch runs --id N --format json} shows it, with its progress and where
 * its report is.
 *
 * @param run the run as listed
 * @param progress chunks and nodes done of its rollout; {@code null} for an EKS run
 * @param nodes its node results in rolling order; none for an EKS run
 * @param nodegroups an EKS run's node-group results
 * @param events what happened to the run
 * @param mail its mail to the security contacts
 * @param webhooks its webhook calls
 * @param reports its report's URLs by format ({@code html}, {@code json}, {@code csv}); empty while not written
 */
public record RunDetailResource(RunResource run, Progress progress, List<NodeResultResource> nodes,
		List<NodegroupResultResource> nodegroups, List<RunEventResource> events, MailResource mail,
		List<WebhookResource> webhooks, Map<String, String> reports) {

	static RunDetailResource of(RunDetail detail) {
		long id = detail.run().runId();
		Map<String, String> reports = detail.reportWritten()
				? new TreeMap<>(Map.of("html", reportPath(id, "html"), "json", reportPath(id, "json"), "csv",
						reportPath(id, "csv")))
				: Map.of();
		return new RunDetailResource(RunResource.of(detail.run()), detail.progress(),
				detail.nodes().stream().map(NodeResultResource::of).toList(),
				detail.run().nodegroups().stream().map(NodegroupResultResource::of).toList(),
				detail.run().events().stream().map(RunEventResource::of).toList(), MailResource.of(detail.mail()),
				detail.webhooks().stream().map(WebhookResource::of).toList(), reports);
	}

	private static String reportPath(long runId, String extension) {
		return "/api/v1/runs/" + runId + "/report." + extension;
	}

}
