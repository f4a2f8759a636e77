package io.ospatch.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.ospatch.cluster.InvalidInputException;

import org.springframework.stereotype.Component;

/**
 * Posts one notification to one webhook with the JDK's HTTP client: retried with backoff when the
 * receiver cannot be reached, fails (5xx) or asks to wait (429, its {@code Retry-After} honoured up
 * to the longest backoff); not retried when it refuses the call (other 4xx) or redirects it (a
 * redirect is not followed: the body and signature go to the URL configured, nowhere else). Errors
 * name the webhook only redacted.
 */
@Component
class WebhookPoster {

	/** Enough of a refusal's body to say why ("invalid_token", "no_service"), not a page of HTML. */
	private static final int BODY_SHOWN = 200;

	private final NotifyProperties properties;

	private final Clock clock;

	/**
	 * Built on the first post, not with the bean: building one sets up the JDK's TLS context, a
	 * noticeable part of the start of every command, most of which never post anything.
	 */
	private volatile HttpClient client;

	WebhookPoster(NotifyProperties properties, Clock clock) {
		this.properties = properties;
		this.clock = clock;
	}

	private HttpClient client() {
		HttpClient built = this.client;
		if (built == null) {
			synchronized (this) {
				built = this.client;
				if (built == null) {
					built = HttpClient.newBuilder()
						.connectTimeout(this.properties.connectTimeout())
						.followRedirects(HttpClient.Redirect.NEVER)
						.build();
					this.client = built;
				}
			}
		}
		return built;
	}

	/**
	 * Posts until delivered, refused, or out of attempts. An interrupt (the process ending) stops it
	 * at once, failed; the interrupt flag stays set.
	 */
	WebhookDelivery post(RunNotification notification, WebhookTarget target) {
		String secret;
		try {
			secret = target.signingSecret();
		}
		catch (InvalidInputException ex) {
			// never unsigned in its place: the receiver would refuse it, or worse, accept it
			return WebhookDelivery.failed(0, null, "not sent: " + ex.getMessage());
		}
		Integer lastStatus = null;
		String lastError = null;
		int attempt = 0;
		while (attempt < this.properties.attempts()) {
			attempt++;
			Duration wait = this.properties.backoffBefore(attempt);
			try {
				HttpResponse<InputStream> response = client().send(request(notification, target, secret),
						HttpResponse.BodyHandlers.ofInputStream());
				int status = response.statusCode();
				String shown = shown(response);
				if (status >= 200 && status < 300) {
					return WebhookDelivery.delivered(attempt, status);
				}
				lastStatus = status;
				lastError = redacted("HTTP " + status + (shown.isEmpty() ? "" : ": " + shown), target);
				if (status != 429 && status < 500) {
					return WebhookDelivery.failed(attempt, status, lastError);
				}
				wait = retryAfter(response).orElse(wait);
			}
			catch (IOException ex) {
				lastStatus = null;
				lastError = redacted(describe(ex), target);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return WebhookDelivery.failed(attempt, lastStatus, "interrupted: ospatch was ending"
						+ ((lastError != null) ? " (last error: " + lastError + ")" : ""));
			}
			if (attempt < this.properties.attempts()) {
				try {
					Thread.sleep(wait.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return WebhookDelivery.failed(attempt, lastStatus, lastError + " (retries cut short: ospatch was ending)");
				}
			}
		}
		return WebhookDelivery.failed(attempt, lastStatus, lastError);
	}

	private HttpRequest request(RunNotification notification, WebhookTarget target, String secret) {
		HttpRequest.Builder request = HttpRequest.newBuilder(target.url())
			.timeout(this.properties.requestTimeout())
			.header("Content-Type", "application/json; charset=utf-8")
			.header("User-Agent", "ospatch")
			.header("X-Ospatch-Event", notification.event().value())
			.POST(HttpRequest.BodyPublishers.ofString(notification.body(), StandardCharsets.UTF_8));
		if (secret != null) {
			// signed again for each attempt, so that a receiver's freshness check counts from the retry
			long timestamp = this.clock.instant().getEpochSecond();
			request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
				.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(secret, timestamp, notification.body()));
		}
		return request.build();
	}

	/** A {@code Retry-After} in seconds no longer than the longest backoff; dates and longer waits are not. */
	private Optional<Duration> retryAfter(HttpResponse<?> response) {
		return response.headers().firstValue("Retry-After").filter((value) -> value.strip().matches("[0-9]{1,6}"))
			.map((value) -> Duration.ofSeconds(Long.parseLong(value.strip())))
			.filter((wait) -> wait.compareTo(this.properties.maxBackoff()) <= 0);
	}

	/** The start of the receiver's answer, one line of printable text. */
	private static String shown(HttpResponse<InputStream> response) throws IOException {
		try (InputStream body = response.body()) {
			String text = new String(body.readNBytes(BODY_SHOWN), StandardCharsets.UTF_8);
			return text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
		}
	}

	private static String describe(IOException ex) {
		String message = (ex.getMessage() != null && !ex.getMessage().isBlank()) ? ex.getMessage().strip() : null;
		String kind = (ex instanceof java.net.http.HttpConnectTimeoutException) ? "connect timed out"
				: (ex instanceof java.net.http.HttpTimeoutException) ? "no answer in time"
						: (ex instanceof java.net.ConnectException) ? "cannot connect" : ex.getClass().getSimpleName();
		return (message != null && !message.equalsIgnoreCase(kind)) ? kind + ": " + message.lines().findFirst().orElse("")
				: kind;
	}

	/** An exception's message may quote the URL: only its redacted form is kept. */
	static String redacted(String text, WebhookTarget target) {
		String url = target.url().toString();
		String redacted = text.replace(url, target.redacted());
		String path = target.url().getRawPath();
		if (path != null && path.length() > 1) {
			redacted = redacted.replace(path, "/…");
		}
		String query = target.url().getRawQuery();
		if (query != null && !query.isEmpty()) {
			redacted = redacted.replace(query, "…");
		}
		return redacted;
	}

}
