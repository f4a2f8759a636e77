package io.ospatch.report;

import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An OS stream: a distribution's release whose patch releases a node moves through, e.g. Debian 12
 * (12.4 → 12.12), Ubuntu 18.04 (18.04.3 → 18.04.5), Rocky 9 (9.2 → 9.6).
 *
 * @param distribution as the playbook names it ({@code Debian}, {@code Ubuntu}, {@code Rocky}, …)
 * @param release the release within it ({@code 12}, {@code 18.04}, {@code 9})
 */
public record OsStream(String distribution, String release) implements Comparable<OsStream> {

	private static final Pattern NUMERIC_VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?.*");

	private static final Comparator<OsStream> ORDER = Comparator.comparing(OsStream::distribution)
		.thenComparing(OsStream::release, OsStream::compareVersions);

	/**
	 * The stream of an OS version: Ubuntu's releases are year.month ({@code 18.04.5} is in 18.04),
	 * everyone else's the major version ({@code 12.12} is in Debian 12, {@code 9.4} in Rocky 9).
	 * Empty when the distribution or the version is unknown or not numeric.
	 */
	public static Optional<OsStream> of(String distribution, String version) {
		if (distribution == null || distribution.isBlank() || version == null) {
			return Optional.empty();
		}
		Matcher matcher = NUMERIC_VERSION.matcher(version.trim());
		if (!matcher.matches()) {
			return Optional.empty();
		}
		boolean yearMonth = distribution.toLowerCase(Locale.ROOT).equals("ubuntu") && matcher.group(2) != null;
		return Optional.of(new OsStream(distribution, yearMonth ? matcher.group(1) + "." + matcher.group(2) : matcher.group(1)));
	}

	/** For example {@code Debian 12}. */
	public String label() {
		return this.distribution + " " + this.release;
	}

	/**
	 * Compares two versions made of dot-separated numbers ({@code 12.9 < 12.12}); parts that are not
	 * numbers compare as text. {@code null} sorts first.
	 */
	public static int compareVersions(String left, String right) {
		if (left == null || right == null) {
			return (left == null) ? ((right == null) ? 0 : -1) : 1;
		}
		String[] a = left.split("\\.");
		String[] b = right.split("\\.");
		for (int i = 0; i < Math.max(a.length, b.length); i++) {
			String x = (i < a.length) ? a[i] : "0";
			String y = (i < b.length) ? b[i] : "0";
			int order = (isNumber(x) && isNumber(y)) ? Long.compare(Long.parseLong(x), Long.parseLong(y)) : x.compareTo(y);
			if (order != 0) {
				return order;
			}
		}
		return 0;
	}

	// not String.matches: a report compares versions for every package of every node, and a regex is compiled per call
	private static boolean isNumber(String part) {
		if (part.isEmpty() || part.length() > 18) {
			return false;
		}
		for (int i = 0; i < part.length(); i++) {
			if (part.charAt(i) < '0' || part.charAt(i) > '9') {
				return false;
			}
		}
		return true;
	}

	@Override
	public int compareTo(OsStream other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return label();
	}

}
