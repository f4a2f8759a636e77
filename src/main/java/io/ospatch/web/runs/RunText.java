package io.ospatch.web.runs;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;

import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunSummary;

/** How the runs pages write values: times to the second in UTC, tallies and styles as the fleet page's. */
final class RunText {

	private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
		.withZone(ZoneOffset.UTC);

	private RunText() {
	}

	/** UTC to the second, as {@code ospatch runs} prints it; {@code -} for none. */
	static String time(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
	}

	/**
	 * UTC to the millisecond, as {@code ospatch runs --events} prints node events: their order within
	 * a second matters.
	 */
	static String millis(Instant instant) {
		return EVENT_TIME.format(instant);
	}

	/** For example {@code 4m 12s}; {@code -} while it has no end. */
	static String took(Instant start, Instant end) {
		if (start == null || end == null) {
			return "-";
		}
		long seconds = Duration.between(start, end).toSeconds();
		return (seconds >= 60) ? (seconds / 60) + "m " + (seconds % 60) + "s" : seconds + "s";
	}

	/** {@code 2 patched, 1 skipped}, or an EKS run's {@code node groups: 2 successful}; {@code none recorded}. */
	static String tally(RunSummary run) {
		if (run.ofNodegroups()) {
			return "node groups: " + counts(run.nodegroupsByStatus());
		}
		Map<NodeResultStatus, Long> nodes = run.nodesByStatus();
		return nodes.isEmpty() ? "none recorded" : counts(nodes);
	}

	private static String counts(Map<?, Long> counts) {
		return counts.entrySet()
			.stream()
			.map((count) -> count.getValue() + " " + count.getKey())
			.collect(Collectors.joining(", "));
	}

	/** The CSS class of an outcome: {@code ok}, {@code warn}, {@code bad} or {@code muted}. */
	static String style(RunOutcome outcome) {
		return switch (outcome) {
			case COMPLIANT -> "ok";
			case PARTIAL, DEFERRED, STOPPED -> "warn";
			case HALTED, FAILED, MISSED -> "bad";
			case RUNNING, ABANDONED -> "muted";
		};
	}

	static String style(NodeResultStatus status) {
		return switch (status) {
			case PATCHED, ALREADY_CURRENT -> "ok";
			case FAILED, UNREACHABLE -> "bad";
			case SKIPPED, NOT_ATTEMPTED, DEFERRED, LEFT_OUT -> "warn";
		};
	}

	/** An update still followed (no status yet) is {@code muted}. */
	static String style(NodegroupStatus status) {
		if (status == null) {
			return "muted";
		}
		if (status.upToDate()) {
			return "ok";
		}
		return status.failure() ? "bad" : "warn";
	}

}
