package io.ospatch.notify;

import java.time.Instant;

/**
 * What became of one webhook call of a run, once its last attempt was over.
 *
 * @param event what the call told ({@code started}, {@code ended}, {@code halted}, …)
 * @param target the webhook, redacted to {@code scheme://host[:port]/…}
 * @param status {@value #DELIVERED} or {@value #FAILED}
 * @param attempts calls made, the first included (0: none was made)
 * @param httpStatus the receiver's last HTTP status, or {@code null} when none answered
 * @param error why it failed, or {@code null}
 * @param at when its last attempt ended
 */
public record WebhookDelivery(String event, String target, String status, int attempts, Integer httpStatus,
		String error, Instant at) {

	public static final String DELIVERED = "delivered";

	public static final String FAILED = "failed";

	static WebhookDelivery delivered(int attempts, int httpStatus) {
		return new WebhookDelivery(null, null, DELIVERED, attempts, httpStatus, null, null);
	}

	static WebhookDelivery failed(int attempts, Integer httpStatus, String error) {
		return new WebhookDelivery(null, null, FAILED, attempts, httpStatus, error, null);
	}

	/** This result as the call of {@code event} to {@code target}, ended {@code at}. */
	WebhookDelivery of(WebhookEvent event, WebhookTarget target, Instant at) {
		return new WebhookDelivery(event.value(), target.redacted(), this.status, this.attempts, this.httpStatus,
				this.error, at);
	}

	public boolean delivered() {
		return DELIVERED.equals(this.status);
	}

}
