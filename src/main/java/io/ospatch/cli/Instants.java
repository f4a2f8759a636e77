package io.ospatch.cli;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

import io.ospatch.cluster.InvalidInputException;

/** Instants as options take them: ISO-8601 with {@code Z} or an offset. */
final class Instants {

	private Instants() {
	}

	static Instant parse(String option, String text) {
		try {
			return OffsetDateTime.parse(text).toInstant();
		}
		catch (DateTimeParseException ex) {
			throw new InvalidInputException("invalid " + option + " '" + text
					+ "': expected an ISO-8601 instant with Z or an offset, such as 2026-11-29T00:00:00Z or 2026-11-29T00:00+01:00");
		}
	}

}
