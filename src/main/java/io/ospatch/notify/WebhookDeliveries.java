package io.ospatch.notify;

import java.util.List;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The webhook calls of runs, as {@code ospatch runs --id N} shows them. */
@Repository
public class WebhookDeliveries {

	/** The error column's length. */
	static final int ERROR_LENGTH = 1024;

	private final JdbcClient jdbc;

	WebhookDeliveries(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void record(long runId, WebhookDelivery delivery) {
		String error = delivery.error();
		this.jdbc.sql("""
				INSERT INTO webhook_deliveries (run_id, event, target, status, attempts, http_status, error_text, delivered_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(runId, delivery.event(), delivery.target(), delivery.status(), delivery.attempts(),
					delivery.httpStatus(),
					(error != null && error.length() > ERROR_LENGTH) ? error.substring(0, ERROR_LENGTH) : error,
					UtcTimes.toDb(delivery.at()))
			.update();
	}

	/** The run's webhook calls, in the order they ended. */
	public List<WebhookDelivery> ofRun(long runId) {
		return this.jdbc.sql("""
				SELECT event, target, status, attempts, http_status, error_text, delivered_at
				FROM webhook_deliveries WHERE run_id = ? ORDER BY delivered_at, id""")
			.param(runId)
			.query((rs, row) -> new WebhookDelivery(rs.getString("event"), rs.getString("target"), rs.getString("status"),
					rs.getInt("attempts"), rs.getObject("http_status", Integer.class), rs.getString("error_text"),
					UtcTimes.read(rs, "delivered_at")))
			.list();
	}

}
