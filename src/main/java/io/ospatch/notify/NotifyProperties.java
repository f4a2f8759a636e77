package io.ospatch.notify;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import io.ospatch.cluster.ClusterWebhook;
import io.ospatch.cluster.InvalidInputException;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Run notifications by webhook ({@code ospatch.notify.*}, or {@code OSPATCH_NOTIFY_…} in the
 * environment). A cluster's own webhook is a cluster setting ({@code --webhook-url}).
 *
 * @param webhookUrl the global webhook, called for every cluster's runs, or empty for none; it may
 * carry a secret (Slack's do), so it is shown and logged only as {@code scheme://host/…} (default none)
 * @param webhookSecret the secret that signs the global webhook's calls, or empty for unsigned calls;
 * never logged (default none)
 * @param attempts calls per notification, the first included (default 3)
 * @param backoff wait before the first retry, doubled for each next one (default 2s)
 * @param maxBackoff longest wait between retries; also the longest {@code Retry-After} honoured (default 1m)
 * @param connectTimeout how long a connection to the receiver may take (default 10s)
 * @param requestTimeout how long the receiver may take to answer a call (default 10s)
 */
@ConfigurationProperties("ospatch.notify")
public record NotifyProperties(@DefaultValue("") String webhookUrl, @DefaultValue("") String webhookSecret,
		@DefaultValue("3") int attempts, @DefaultValue("2s") Duration backoff, @DefaultValue("1m") Duration maxBackoff,
		@DefaultValue("10s") Duration connectTimeout, @DefaultValue("10s") Duration requestTimeout) {

	public NotifyProperties {
		webhookUrl = (webhookUrl != null) ? webhookUrl.strip() : "";
		webhookSecret = (webhookSecret != null) ? webhookSecret.strip() : "";
		if (!webhookUrl.isEmpty()) {
			try {
				ClusterWebhook.url(webhookUrl);
			}
			catch (InvalidInputException ex) {
				// the message never repeats the URL
				throw new IllegalArgumentException("ospatch.notify." + ex.getMessage());
			}
		}
		if (attempts < 1) {
			throw new IllegalArgumentException("ospatch.notify.attempts must be at least 1");
		}
		requirePositive("backoff", backoff);
		requirePositive("max-backoff", maxBackoff);
		requirePositive("connect-timeout", connectTimeout);
		requirePositive("request-timeout", requestTimeout);
	}

	/** The global webhook, if one is set. */
	public Optional<URI> globalWebhook() {
		return this.webhookUrl.isEmpty() ? Optional.empty() : Optional.of(ClusterWebhook.url(this.webhookUrl));
	}

	/** The wait before retry {@code retry} (1 for the first): the backoff doubled each time, at most the max. */
	Duration backoffBefore(int retry) {
		Duration wait = this.backoff;
		for (int i = 1; i < retry && wait.compareTo(this.maxBackoff) < 0; i++) {
			wait = wait.multipliedBy(2);
		}
		return (wait.compareTo(this.maxBackoff) > 0) ? this.maxBackoff : wait;
	}

	/**
	 * The longest one notification can take against a receiver that never answers: every attempt
	 * timing out on connect and on the answer, with every backoff between them. What a process that
	 * ends waits, at most, for the calls still going.
	 */
	Duration longestDelivery() {
		Duration longest = this.connectTimeout.plus(this.requestTimeout).multipliedBy(this.attempts);
		for (int retry = 1; retry < this.attempts; retry++) {
			longest = longest.plus(backoffBefore(retry));
		}
		return longest;
	}

	/** Neither the URL, which may carry a secret, nor the secret. */
	@Override
	public String toString() {
		return "NotifyProperties[webhookUrl=" + (this.webhookUrl.isEmpty() ? "none" : "(set)") + ", webhookSecret="
				+ (this.webhookSecret.isEmpty() ? "none" : "(set)") + ", attempts=" + this.attempts + ", backoff="
				+ this.backoff + ", maxBackoff=" + this.maxBackoff + ", connectTimeout=" + this.connectTimeout
				+ ", requestTimeout=" + this.requestTimeout + "]";
	}

	private static void requirePositive(String name, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException("ospatch.notify." + name + " must be positive");
		}
	}

}
