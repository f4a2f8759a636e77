package io.ospatch.web.runs;

import java.util.List;

import io.ospatch.notify.WebhookDelivery;
import io.ospatch.rollout.RunProgress.Progress;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.RunMails.MailState;
import io.ospatch.run.RunSummary;

/**
 * One run whole, as the run page and {@code GET /api/v1/runs/{id}} show it.
 *
 * @param run the run with its node (or node-group) results and events
 * @param nodes its node results in rolling order, each with the node's role
 * @param progress chunks and nodes done of its rollout; {@code null} for a run of node groups
 * @param mail its mail to the security contacts
 * @param webhooks its webhook calls, their webhooks redacted
 * @param reportWritten whether its report is on disk
 */
public record RunDetail(RunSummary run, List<NodeResultDetail> nodes, Progress progress, MailState mail,
		List<WebhookDelivery> webhooks, boolean reportWritten) {

	public RunDetail {
		nodes = List.copyOf(nodes);
		webhooks = List.copyOf(webhooks);
	}

}
