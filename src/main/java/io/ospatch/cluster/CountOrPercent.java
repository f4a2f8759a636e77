package io.ospatch.cluster;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number of nodes given either as a count ({@code 2}) or as a percent of a cluster's nodes
 * ({@code 25%}); used for max-unavailable and for the failure budget.
 *
 * @param value the count, or the percent (0-100)
 * @param percent whether {@code value} is a percent
 */
public record CountOrPercent(int value, boolean percent) {

	private static final Pattern SYNTAX = Pattern.compile("(\\d{1,6})(%?)");

	public CountOrPercent {
		if (value < 0 || (percent && value > 100)) {
			throw new IllegalArgumentException("out of range: " + value + (percent ? "%" : ""));
		}
	}

	public static CountOrPercent count(int value) {
		return new CountOrPercent(value, false);
	}

	/**
	 * Parses {@code "3"} or {@code "30%"}.
	 * @param setting the setting's name, for the error message
	 * @param text what the operator wrote
	 */
	public static CountOrPercent parse(String setting, String text) {
		Matcher matcher = SYNTAX.matcher(text == null ? "" : text.strip());
		if (!matcher.matches()) {
			throw new InvalidInputException(setting + ": '" + InputRules.printable(text) + "' is not a count (e.g. 2) or a percent (e.g. 25%)");
		}
		int value = Integer.parseInt(matcher.group(1));
		boolean percent = !matcher.group(2).isEmpty();
		if (percent && value > 100) {
			throw new InvalidInputException(setting + ": '" + InputRules.printable(text) + "' is more than 100%");
		}
		return new CountOrPercent(value, percent);
	}

	/** How many of {@code nodes} nodes this is; a percent rounds down. */
	public int of(int nodes) {
		return this.percent ? nodes * this.value / 100 : this.value;
	}

	@Override
	public String toString() {
		return this.value + (this.percent ? "%" : "");
	}

}
