package io.ospatch.notify;

import java.util.ArrayList;
import java.util.List;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.run.RunEnded;
import io.ospatch.run.RunHistory;
import io.ospatch.run.RunStarted;
import io.ospatch.run.RunSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells the webhooks of a run (the global one and its cluster's) when it starts, resumes and
 * ends. The notification is made here, from the run's records as they are at that moment; the
 * calls go out in the background. Nothing here fails or holds the run: a notification that cannot
 * be made is logged in one line.
 */
@Component
class RunNotifier {

	private static final Logger log = LoggerFactory.getLogger(RunNotifier.class);

	private final NotifyProperties properties;

	private final RunHistory history;

	private final FleetService fleet;

	private final WebhookOutbox outbox;

	RunNotifier(NotifyProperties properties, RunHistory history, FleetService fleet, WebhookOutbox outbox) {
		this.properties = properties;
		this.history = history;
		this.fleet = fleet;
		this.outbox = outbox;
	}

	@EventListener
	void runStarted(RunStarted started) {
		notify(started.runId(), started.clusterName(), started.resumed() ? WebhookEvent.RESUMED : WebhookEvent.STARTED);
	}

	@EventListener
	void runEnded(RunEnded ended) {
		notify(ended.runId(), ended.clusterName(), WebhookEvent.ended(ended.outcome()));
	}

	private void notify(long runId, String clusterName, WebhookEvent event) {
		try {
			List<WebhookTarget> targets = targets(clusterName);
			if (targets.isEmpty()) {
				return;
			}
			RunSummary run = this.history.find(runId).orElseThrow(() -> new IllegalStateException("no run " + runId));
			RunNotification notification = RunNotification.of(event, run);
			targets.forEach((target) -> this.outbox.send(notification, target));
		}
		catch (RuntimeException ex) {
			log.warn("{}: run {}: its webhooks could not be told it {}: {}", clusterName, runId, event, ex.getMessage());
			log.debug("webhook notification of run {}", runId, ex);
		}
	}

	private List<WebhookTarget> targets(String clusterName) {
		List<WebhookTarget> targets = new ArrayList<>();
		this.properties.globalWebhook()
			.ifPresent((url) -> targets.add(WebhookTarget.global(url, this.properties.webhookSecret())));
		Cluster cluster = this.fleet.cluster(clusterName);
		if (cluster.webhook() != null) {
			targets.add(WebhookTarget.of(cluster.webhook()));
		}
		return targets;
	}

}
