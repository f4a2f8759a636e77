package io.ospatch.web.runs;

import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.ClusterKind;
import io.ospatch.notify.WebhookDeliveries;
import io.ospatch.rollout.RunProgress;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.NodeResultPages;
import io.ospatch.run.RunHistory;
import io.ospatch.run.RunMails;
import io.ospatch.run.RunSummary;
import io.ospatch.run.UnknownRunException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Service;

/**
 * Reads one run whole for the console and the API, from the read models {@code ospatch runs --id}
 * reads: {@link RunHistory}, {@link NodeResultPages}, {@link RunMails}, {@link WebhookDeliveries}.
 */
@Service
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class RunDetails {

	private final RunHistory history;

	private final NodeResultPages nodes;

	private final RunProgress progress;

	private final RunMails mails;

	private final WebhookDeliveries webhooks;

	private final RunReportFiles reports;

	RunDetails(RunHistory history, NodeResultPages nodes, RunProgress progress, RunMails mails,
			WebhookDeliveries webhooks, RunReportFiles reports) {
		this.history = history;
		this.nodes = nodes;
		this.progress = progress;
		this.mails = mails;
		this.webhooks = webhooks;
		this.reports = reports;
	}

	/** @throws UnknownRunException {@code no run N}, the command line's message */
	public RunDetail of(long runId) {
		RunSummary run = this.history.get(runId);
		List<NodeResultDetail> nodes = new ArrayList<>();
		this.nodes.inRollingOrder(runId).forEach(nodes::add);
		boolean ofNodegroups = run.ofNodegroups()
				|| ClusterKind.EKS.value().equals(this.nodes.clusterKind(runId).orElse(null));
		return new RunDetail(run, nodes, ofNodegroups ? null : this.progress.of(run),
				this.mails.find(runId).orElse(new RunMails.MailState(null, null, null, 0)), this.webhooks.ofRun(runId),
				this.reports.written(run.clusterName(), runId));
	}

}
