package io.ospatch.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in Prometheus's text format, read back: each sample by its series as printed
 * ({@code name{label="value",...}}, labels in name order) and the type of each metric.
 */
record Scrape(Map<String, Double> samples, Map<String, String> types) {

	private static final Pattern TYPE = Pattern.compile("# TYPE (\\S+) (\\S+)");

	static Scrape of(String text) {
		Map<String, Double> samples = new LinkedHashMap<>();
		Map<String, String> types = new LinkedHashMap<>();
		text.lines().forEach((line) -> {
			Matcher type = TYPE.matcher(line);
			if (type.matches()) {
				types.put(type.group(1), type.group(2));
			}
			else if (!line.isBlank() && !line.startsWith("#")) {
				int space = line.lastIndexOf(' ');
				samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
			}
		});
		return new Scrape(samples, types);
	}

	/** The samples of the metrics whose names start with {@code prefix}. */
	Map<String, Double> startingWith(String prefix) {
		Map<String, Double> found = new LinkedHashMap<>();
		this.samples.forEach((series, value) -> {
			if (series.startsWith(prefix)) {
				found.put(series, value);
			}
		});
		return found;
	}

}
