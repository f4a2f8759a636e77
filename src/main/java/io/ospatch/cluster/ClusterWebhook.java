package io.ospatch.cluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A cluster's own webhook, called on its runs' start and end besides the global one. Its URL may
 * carry a secret in its path (Slack's and Teams' do), so it is kept in the clusters table only and
 * shown, logged and recorded {@link #redact redacted}. Its signing secret is given by reference, an
 * owner-only file read when a call is sent: never stored, shown or logged.
 *
 * @param url an http or https URL
 * @param secretFile the owner-only file holding the secret that signs each call, or {@code null}
 * for unsigned calls
 */
public record ClusterWebhook(URI url, Path secretFile) {

	/** Long enough for any chat service's webhook; what the database keeps. */
	static final int MAX_URL_LENGTH = 2048;

	private static final Pattern CONTROL_OR_SPACE = Pattern.compile("[\\p{Cntrl}\\s]");

	/** The signing secret, read from {@link #secretFile()}; {@code null} when there is none. */
	public String readSecret() {
		return (this.secretFile != null) ? readSecret(this.secretFile) : null;
	}

	/** The URL as it may be shown: {@code scheme://host[:port]/…}. */
	public String redacted() {
		return redact(this.url);
	}

	/**
	 * A webhook URL as given on the command line or in a fleet file. The error never repeats the
	 * URL: it may hold a secret.
	 * @throws InvalidInputException saying what is wrong with it
	 */
	public static URI url(String text) {
		String given = text.strip();
		if (given.isEmpty() || given.length() > MAX_URL_LENGTH || CONTROL_OR_SPACE.matcher(given).find()) {
			throw new InvalidInputException("webhook-url: expected an http or https URL of at most " + MAX_URL_LENGTH
					+ " characters, without spaces or control characters");
		}
		URI url;
		try {
			url = new URI(given);
		}
		catch (URISyntaxException ex) {
			throw new InvalidInputException("webhook-url: not a valid URL (at character " + (ex.getIndex() + 1) + ")");
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new InvalidInputException("webhook-url: only http and https URLs are called, not "
					+ (scheme.isEmpty() ? "a URL without a scheme" : "'" + InputRules.printable(scheme) + "'"));
		}
		if (url.getHost() == null) {
			throw new InvalidInputException("webhook-url: the URL names no host");
		}
		return url;
	}

	/**
	 * The secret file as given on the command line or in a fleet file, checked as {@link #readSecret(Path)} checks it.
	 * @throws InvalidInputException naming the file and what is wrong with it, never its content
	 */
	public static Path secretFile(String path) {
		Path file;
		try {
			file = Path.of(path.strip()).toAbsolutePath().normalize();
		}
		catch (InvalidPathException ex) {
			throw new InvalidInputException("invalid webhook secret file '" + InputRules.printable(path) + "'");
		}
		readSecret(file);
		return file;
	}

	/**
	 * Reads the secret: the file's first line. The file must be a regular file that only its owner
	 * may read.
	 * @throws InvalidInputException naming the file and what is wrong with it, never its content
	 */
	public static String readSecret(Path file) {
		String name = "webhook secret file " + InputRules.printable(file.toString());
		String content = OwnerOnlyFiles.read(file, name);
		String secret = content.lines().findFirst().orElse("").strip();
		if (secret.isEmpty()) {
			throw new InvalidInputException(name + " is empty: the secret is its first line");
		}
		return secret;
	}

	/**
	 * A webhook URL as logs, records and {@code cluster show} give it: scheme, host and port, with
	 * {@code /…} for whatever path and query it has (where services put their secrets).
	 */
	public static String redact(URI url) {
		if (url == null) {
			return null;
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "?";
		String host = (url.getHost() != null) ? url.getHost() : "?";
		String port = (url.getPort() != -1) ? ":" + url.getPort() : "";
		boolean more = (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/"))
				|| url.getRawQuery() != null || url.getRawFragment() != null;
		return scheme + "://" + host + port + (more ? "/…" : "/");
	}

}
