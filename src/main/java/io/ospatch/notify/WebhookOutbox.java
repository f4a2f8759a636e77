package io.ospatch.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends notifications on a few background threads, so that a slow or dead receiver never holds a
 * run, and records each one's result. Calls of one run to one webhook go in order (a run's start
 * before its end). When ospatch ends, the calls still going get at most
 * {@link NotifyProperties#longestDelivery()} (1m6s by default) to finish; those cut short are
 * recorded failed, so an ending process never hangs on a dead receiver.
 */
@Component
class WebhookOutbox implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(WebhookOutbox.class);

	/** Calls under way at once, across runs and webhooks. */
	static final int THREADS = 4;

	private final WebhookPoster poster;

	private final WebhookDeliveries deliveries;

	private final Duration longestDelivery;

	private final Clock clock;

	private final ExecutorService threads;

	/** The last call of each run and webhook, for the next one of that pair to wait for. */
	private final Map<String, Future<?>> lanes = new HashMap<>();

	private final Set<Outgoing> pending = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	WebhookOutbox(WebhookPoster poster, WebhookDeliveries deliveries, NotifyProperties properties, Clock clock) {
		this.poster = poster;
		this.deliveries = deliveries;
		this.longestDelivery = properties.longestDelivery();
		this.clock = clock;
		AtomicInteger count = new AtomicInteger();
		this.threads = Executors.newFixedThreadPool(THREADS, (task) -> {
			Thread thread = new Thread(task, "webhook-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	/** Sends it in the background; returns at once. */
	void send(RunNotification notification, WebhookTarget target) {
		Outgoing outgoing = new Outgoing(notification, target);
		if (this.closing) {
			record(outgoing, WebhookDelivery.failed(0, null, "not sent: ospatch was ending"));
			return;
		}
		this.pending.add(outgoing);
		synchronized (this.lanes) {
			this.lanes.values().removeIf(Future::isDone);
			String lane = notification.runId() + " " + target.url();
			Future<?> before = this.lanes.get(lane);
			this.lanes.put(lane, this.threads.submit(() -> {
				awaitQuietly(before);
				try {
					record(outgoing, this.poster.post(notification, target));
				}
				catch (RuntimeException ex) {
					record(outgoing, WebhookDelivery.failed(0, null,
							"not sent: " + WebhookPoster.redacted(String.valueOf(ex.getMessage()), target)));
				}
			}));
		}
	}

	/** Waits for the calls still going, at most as long as one can take; those cut short are recorded failed. */
	@Override
	public void destroy() throws InterruptedException {
		this.closing = true;
		this.threads.shutdown();
		if (!this.pending.isEmpty()) {
			log.info("waiting up to {} s for {} webhook call(s) to finish", this.longestDelivery.toSeconds(),
					this.pending.size());
		}
		if (!this.threads.awaitTermination(this.longestDelivery.toMillis(), TimeUnit.MILLISECONDS)) {
			this.threads.shutdownNow();
			this.threads.awaitTermination(5, TimeUnit.SECONDS);
		}
		for (Outgoing outgoing : this.pending) {
			record(outgoing, WebhookDelivery.failed(0, null, "not sent: ospatch ended before its turn"));
		}
	}

	private void record(Outgoing outgoing, WebhookDelivery result) {
		if (!outgoing.recorded.compareAndSet(false, true)) {
			return;
		}
		this.pending.remove(outgoing);
		RunNotification notification = outgoing.notification;
		WebhookTarget target = outgoing.target;
		WebhookDelivery delivery = result.of(notification.event(), target, this.clock.instant());
		if (delivery.delivered()) {
			log.debug("run {}: webhook {} told {} (HTTP {})", notification.runId(), target, notification.event(),
					delivery.httpStatus());
		}
		else {
			log.warn("run {}: webhook {} not told {} after {} attempt(s): {}", notification.runId(), target,
					notification.event(), delivery.attempts(), delivery.error());
		}
		try {
			this.deliveries.record(notification.runId(), delivery);
		}
		catch (RuntimeException ex) {
			log.warn("run {}: the result of webhook {} could not be recorded: {}", notification.runId(), target,
					ex.getMessage());
		}
	}

	/** A call of the same run and webhook still going: this one waits, whatever became of it. */
	private static void awaitQuietly(Future<?> before) {
		if (before == null) {
			return;
		}
		try {
			before.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			// its failure is its own, recorded by it
		}
	}

	/** One call to make, recorded once whatever ends it. */
	private static final class Outgoing {

		private final RunNotification notification;

		private final WebhookTarget target;

		private final AtomicBoolean recorded = new AtomicBoolean();

		private Outgoing(RunNotification notification, WebhookTarget target) {
			this.notification = notification;
			this.target = target;
		}

	}

}
