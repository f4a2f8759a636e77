package io.ospatch.notify;

import java.net.URI;
import java.time.Duration;

import io.ospatch.cluster.ClusterWebhook;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The webhook settings: backoff, the longest an ending process waits, and nothing secret in their text. */
class NotifyPropertiesTests {

	@Test
	void theBackoffDoublesUpToItsLongest() {
		NotifyProperties properties = defaults("", "");

		assertThat(properties.backoffBefore(1)).isEqualTo(Duration.ofSeconds(2));
		assertThat(properties.backoffBefore(2)).isEqualTo(Duration.ofSeconds(4));
		assertThat(properties.backoffBefore(6)).isEqualTo(Duration.ofSeconds(60));
		assertThat(properties.backoffBefore(60)).isEqualTo(Duration.ofSeconds(60));
	}

	@Test
	void anEndingProcessWaitsAtMostEveryAttemptTimingOutWithItsBackoffs() {
		assertThat(defaults("", "").longestDelivery()).isEqualTo(Duration.ofSeconds(3 * 20 + 2 + 4));
	}

	@Test
	void neitherTheUrlNorTheSecretIsInTheirText() {
		NotifyProperties properties = defaults("https://hooks.slack.com/services/T0/B0/SECRETPATH", "s3cret");

		assertThat(properties.globalWebhook()).contains(URI.create("https://hooks.slack.com/services/T0/B0/SECRETPATH"));
		assertThat(properties.toString()).doesNotContain("SECRETPATH").doesNotContain("s3cret").contains("(set)");
	}

	@Test
	void aGlobalWebhookThatIsNotHttpIsRefusedWithoutRepeatingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> defaults("ftp://hooks.example.com/SECRETPATH", ""))
			.withMessage("ospatch.notify.webhook-url: only http and https URLs are called, not 'ftp'");
		assertThatIllegalArgumentException().isThrownBy(() -> new NotifyProperties("", "", 0, Duration.ofSeconds(2),
				Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofSeconds(10)))
			.withMessage("ospatch.notify.attempts must be at least 1");
	}

	@Test
	void aWebhookIsShownAsItsSchemeHostAndPortOnly() {
		assertThat(ClusterWebhook.redact(URI.create("https://hooks.slack.com/services/T0/B0/SECRET"))).isEqualTo("https://hooks.slack.com/…");
		assertThat(ClusterWebhook.redact(URI.create("http://user:pw@10.0.0.5:8080/hook?token=SECRET")))
			.isEqualTo("http://10.0.0.5:8080/…");
		assertThat(ClusterWebhook.redact(URI.create("HTTPS://example.com"))).isEqualTo("https://example.com/");
		assertThat(WebhookPoster.redacted("POST https://x.example.com/a/SECRET?k=QS failed",
				WebhookTarget.global(URI.create("https://x.example.com/a/SECRET?k=QS"), null)))
			.isEqualTo("POST https://x.example.com/… failed");
	}

	private static NotifyProperties defaults(String url, String secret) {
		return new NotifyProperties(url, secret, 3, Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(10),
				Duration.ofSeconds(10));
	}

}
