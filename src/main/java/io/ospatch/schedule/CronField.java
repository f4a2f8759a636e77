package io.ospatch.schedule;

import java.util.BitSet;
import java.util.List;
import java.util.Locale;

import io.ospatch.cluster.InvalidInputException;

/**
 * One field of a five-field cron expression: the values it allows, read as Vixie cron (and
 * Kubernetes CronJobs) read them: {@code *}, numbers, names, ranges {@code a-b}, steps {@code /n}
 * and lists {@code ,}.
 */
final class CronField {

	private final BitSet values;

	private final boolean star;

	private CronField(BitSet values, boolean star) {
		this.values = values;
		this.star = star;
	}

	boolean allows(int value) {
		return this.values.get(value);
	}

	/** Whether the field was written as {@code *…}: for day fields, cron then ANDs instead of ORs. */
	boolean star() {
		return this.star;
	}

	/** The allowed values, smallest first. */
	int[] values() {
		return this.values.stream().toArray();
	}

	/**
	 * @param names names for the values from {@code min} on (months, weekdays), or an empty list
	 * @param sevenIsZero day-of-week: 7 is Sunday, like 0
	 */
	static CronField parse(String field, String what, int min, int max, List<String> names, boolean sevenIsZero) {
		BitSet values = new BitSet();
		for (String item : field.split(",", -1)) {
			String range = item;
			int step = 1;
			int slash = item.indexOf('/');
			if (slash >= 0) {
				range = item.substring(0, slash);
				step = number(item.substring(slash + 1), what + " step", 1, max - min + 1, List.of(), min);
			}
			int from;
			int to;
			if (range.equals("*")) {
				from = min;
				to = max;
			}
			else if (range.indexOf('-') > 0) {
				int dash = range.indexOf('-');
				int upper = sevenIsZero ? 7 : max;
				from = number(range.substring(0, dash), what, min, upper, names, min);
				to = number(range.substring(dash + 1), what, min, upper, names, min);
				if (from > to) {
					throw new InvalidInputException(what + ": range '" + item + "' runs backwards");
				}
			}
			else {
				from = number(range, what, min, sevenIsZero ? 7 : max, names, min);
				// '5/15' means from 5 to the end in steps of 15, as in Vixie cron
				to = (slash >= 0) ? max : from;
			}
			for (int value = from; value <= to; value += step) {
				values.set((sevenIsZero && value == 7) ? 0 : value);
			}
		}
		return new CronField(values, field.startsWith("*"));
	}

	private static int number(String text, String what, int min, int max, List<String> names, int firstName) {
		int named = names.indexOf(text.toUpperCase(Locale.ROOT));
		if (named >= 0) {
			return firstName + named;
		}
		if (text.isEmpty() || text.length() > 4 || !text.chars().allMatch(Character::isDigit)) {
			throw new InvalidInputException(what + ": '" + text + "' is not a number"
					+ (names.isEmpty() ? "" : " or a name (" + String.join(", ", names) + ")"));
		}
		int value = Integer.parseInt(text);
		if (value < min || value > max) {
			throw new InvalidInputException(what + ": " + value + " is out of range " + min + "-" + max);
		}
		return value;
	}

}
