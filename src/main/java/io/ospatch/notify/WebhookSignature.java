package io.ospatch.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook call: HMAC-SHA256, keyed with the secret, of
 * {@code <timestamp>.<body>}, sent as {@value #SIGNATURE_HEADER}: {@code sha256=<hex>} with the
 * timestamp (Unix seconds) as {@value #TIMESTAMP_HEADER}. Signing the timestamp with the body lets a
 * receiver refuse a call replayed later.
 */
final class WebhookSignature {

	static final String SIGNATURE_HEADER = "X-Ospatch-Signature";

	static final String TIMESTAMP_HEADER = "X-Ospatch-Timestamp";

	private WebhookSignature() {
	}

	static String sign(String secret, long timestamp, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "sha256=" + HexFormat.of().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			// every JDK has HmacSHA256, and any non-empty key fits it
			throw new IllegalStateException("cannot sign a webhook call: " + ex.getMessage(), ex);
		}
	}

}
