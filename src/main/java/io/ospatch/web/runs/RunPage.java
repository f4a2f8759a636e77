package io.ospatch.web.runs;

import java.util.List;

import io.ospatch.notify.WebhookDelivery;
import io.ospatch.rollout.RunProgress.Progress;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultDetail;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunSummary;

/**
 * What the run page shows, every value text ready for the page.
 *
 * @param run the run as in the runs list
 * @param detail why it halted, stopped or failed, or {@code null}
 * @param finished whether it is over for good (the page stops refreshing itself)
 * @param progress for example {@code chunk 2 of 5, 3 of 9 nodes done}, or {@code null} for node groups
 * @param took how long it took, or {@code -} while running
 * @param mail what became of its mail
 * @param nodes its node results in rolling order
 * @param nodegroups its node-group results (an EKS run)
 * @param events what happened to the run
 * @param nodeEvents the first of its node events in time order
 * @param nodeEventCount how many node events it has
 * @param webhooks its webhook calls
 * @param reportWritten whether its report is on disk
 */
record RunPage(RunRow run, String detail, boolean finished, String progress, String took, String mail, List<NodeRow> nodes,
		List<NodegroupRow> nodegroups, List<EventRow> events, List<EventRow> nodeEvents, long nodeEventCount,
		List<WebhookRow> webhooks, boolean reportWritten) {

	static RunPage of(RunDetail detail, List<NodeEvent> nodeEvents, long nodeEventCount) {
		RunSummary run = detail.run();
		return new RunPage(RunRow.of(run), run.outcomeDetail(), run.outcome().finished(), progress(detail.progress()),
				RunText.took(run.startedAt(), run.endedAt()), detail.mail().summary(),
				detail.nodes().stream().map(NodeRow::of).toList(), run.nodegroups().stream().map(NodegroupRow::of).toList(),
				run.events().stream().map(EventRow::of).toList(), nodeEvents.stream().map(EventRow::of).toList(),
				nodeEventCount, detail.webhooks().stream().map(WebhookRow::of).toList(), detail.reportWritten());
	}

	/** Whether the page leaves out node events: a large run has tens of thousands. */
	public boolean nodeEventsCut() {
		return this.nodeEventCount > this.nodeEvents.size();
	}

	private static String progress(Progress progress) {
		if (progress == null) {
			return null;
		}
		return "chunk " + progress.chunksDone() + " of " + progress.chunks() + " done, " + progress.nodesDone() + " of "
				+ progress.nodes() + " nodes";
	}

	/** A node's result: OS before → after with its distribution, the error on one line. */
	record NodeRow(String node, String role, int chunk, String before, String after, String status, String statusStyle,
			int packages, boolean rebooted, int attempts, String error) {

		static NodeRow of(NodeResultDetail detail) {
			NodeResult node = detail.result();
			String distribution = (node.distribution() != null) ? node.distribution() + " " : "";
			return new NodeRow(node.nodeName(), detail.role(), node.chunkNumber(),
					(node.versionBefore() != null) ? distribution + node.versionBefore() : "-",
					(node.versionAfter() != null) ? distribution + node.versionAfter() : "-", node.status().value(),
					RunText.style(node.status()), node.packagesChanged(), node.rebooted(), node.attempts(),
					oneLine(node.failure(), node.error()));
		}

	}

	/** A node group's result: release before → after. */
	record NodegroupRow(String nodegroup, String status, String statusStyle, String before, String after, String updateId,
			String took, String error) {

		static NodegroupRow of(NodegroupResult nodegroup) {
			return new NodegroupRow(nodegroup.nodegroup(),
					nodegroup.unfinished() ? "unfinished" : nodegroup.status().value(), RunText.style(nodegroup.status()),
					dash(nodegroup.releaseBefore()), dash(nodegroup.releaseAfter()), dash(nodegroup.updateId()),
					RunText.took(nodegroup.startedAt(), nodegroup.endedAt()), oneLine(null, nodegroup.error()));
		}

	}

	/** An event of the run ({@code node} {@code null}) or of one of its nodes. */
	record EventRow(String at, String node, String role, String event, String detail) {

		static EventRow of(RunEvent event) {
			return new EventRow(RunText.time(event.at()), null, null, event.kind().value(), event.detail());
		}

		static EventRow of(NodeEvent event) {
			return new EventRow(RunText.millis(event.at()), event.nodeName(), event.role(), event.kind().value(), event.detail());
		}

	}

	/** A webhook call, its webhook redacted as recorded. */
	record WebhookRow(String at, String event, String target, String status, String statusStyle, int attempts,
			String response) {

		static WebhookRow of(WebhookDelivery delivery) {
			String response = (delivery.error() != null) ? oneLine(null, delivery.error())
					: (delivery.httpStatus() != null) ? "HTTP " + delivery.httpStatus() : "";
			return new WebhookRow(RunText.time(delivery.at()), delivery.event(), delivery.target(), delivery.status(),
					delivery.delivered() ? "ok" : "bad", delivery.attempts(), response);
		}

	}

	private static String oneLine(String failure, String error) {
		if (error == null) {
			return "";
		}
		return ((failure != null) ? failure + ": " : "") + error.replaceAll("\\s+", " ").strip();
	}

	private static String dash(String value) {
		return (value != null) ? value : "-";
	}

}
