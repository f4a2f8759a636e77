package io.ospatch.notify;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.RunSummary;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a webhook call says of a run: a JSON object whose {@code text} is a one-line summary (all
 * that Slack and Teams incoming webhooks show) and whose other fields are for machines. Made from
 * the run's records only: nothing of how the nodes are reached.
 *
 * @param runId the run
 * @param event what happened to it
 * @param body the JSON body
 */
record RunNotification(long runId, WebhookEvent event, String body) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static RunNotification of(WebhookEvent event, RunSummary run) {
		Map<String, Long> nodes = new LinkedHashMap<>();
		for (NodeResultStatus status : NodeResultStatus.values()) {
			long count = run.count(status);
			if (count > 0) {
				nodes.put(status.value(), count);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("text", text(event, run, nodes));
		body.put("event", event.value());
		body.put("cluster", run.clusterName());
		body.put("run", run.runId());
		body.put("trigger", run.trigger().value());
		body.put("outcome", run.outcome().value());
		body.put("detail", run.outcomeDetail());
		body.put("started", text(run.startedAt()));
		body.put("ended", text(run.endedAt()));
		body.put("nodes", nodes);
		return new RunNotification(run.runId(), event, JSON.writeValueAsString(body));
	}

	/** For example {@code ospatch: shop run 42 halted: failure budget of 1 exceeded (3 patched, 2 failed)}. */
	private static String text(WebhookEvent event, RunSummary run, Map<String, Long> nodes) {
		StringBuilder text = new StringBuilder("ospatch: ").append(run.clusterName())
			.append(" run ")
			.append(run.runId())
			.append(' ')
			.append(event.value());
		switch (event) {
			case STARTED, RESUMED -> text.append(" (").append(run.trigger().value()).append(')');
			case ENDED -> text.append(' ').append(run.outcome().value());
			default -> {
			}
		}
		if (run.outcomeDetail() != null && event != WebhookEvent.STARTED && event != WebhookEvent.RESUMED) {
			text.append(": ").append(run.outcomeDetail().replaceAll("\\s+", " ").strip());
		}
		if (!nodes.isEmpty() && event != WebhookEvent.STARTED && event != WebhookEvent.RESUMED) {
			text.append(nodes.entrySet()
				.stream()
				.map((count) -> count.getValue() + " " + count.getKey())
				.collect(Collectors.joining(", ", " (", ")")));
		}
		return text.toString();
	}

	private static String text(Instant instant) {
		return (instant != null) ? instant.toString() : null;
	}

}
