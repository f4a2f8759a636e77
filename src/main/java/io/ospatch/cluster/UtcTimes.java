package io.ospatch.cluster;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Instants stored as UTC {@code DATETIME(6)} values, so that what is written reads back the same
 * whatever the timezone of the JVM, the driver or the database server.
 */
public final class UtcTimes {

	private UtcTimes() {
	}

	public static LocalDateTime toDb(Instant instant) {
		return (instant != null) ? LocalDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
	}

	public static Instant fromDb(LocalDateTime value) {
		return (value != null) ? value.toInstant(ZoneOffset.UTC) : null;
	}

	/** The instant in a result set's column, or {@code null}. */
	public static Instant read(ResultSet rs, String column) throws SQLException {
		return fromDb(rs.getObject(column, LocalDateTime.class));
	}

}
