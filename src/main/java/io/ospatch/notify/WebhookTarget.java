package io.ospatch.notify;

import java.net.URI;
import java.nio.file.Path;

import io.ospatch.cluster.ClusterWebhook;

/**
 * Where a notification goes, and what signs it: the global secret as configured, or a cluster's
 * secret file, read only when the call is sent.
 *
 * @param url the webhook; never logged or recorded whole
 * @param secret the global webhook's secret, or {@code null}
 * @param secretFile the cluster's secret file, or {@code null}
 */
record WebhookTarget(URI url, String secret, Path secretFile) {

	static WebhookTarget global(URI url, String secret) {
		return new WebhookTarget(url, (secret != null && !secret.isEmpty()) ? secret : null, null);
	}

	static WebhookTarget of(ClusterWebhook webhook) {
		return new WebhookTarget(webhook.url(), null, webhook.secretFile());
	}

	/**
	 * The signing secret, or {@code null} for unsigned calls.
	 * @throws io.ospatch.cluster.InvalidInputException when the secret file cannot be read
	 */
	String signingSecret() {
		return (this.secretFile != null) ? ClusterWebhook.readSecret(this.secretFile) : this.secret;
	}

	String redacted() {
		return ClusterWebhook.redact(this.url);
	}

	/** Redacted: a target in a log line must not carry its URL's secret, nor its own. */
	@Override
	public String toString() {
		return redacted();
	}

}
