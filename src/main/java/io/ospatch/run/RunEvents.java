package io.ospatch.run;

import java.time.Instant;
import java.util.List;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The events of runs, in the order they happened. */
@Repository
public class RunEvents {

	private final JdbcClient jdbc;

	RunEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(long runId, RunEvent.Kind kind, String detail, Instant at) {
		this.jdbc.sql("INSERT INTO run_events (run_id, occurred_at, event, detail) VALUES (?, ?, ?, ?)")
			.params(runId, UtcTimes.toDb(at), kind.value(), RunRepository.truncate(detail))
			.update();
	}

	public List<RunEvent> ofRun(long runId) {
		return this.jdbc.sql("SELECT occurred_at, event, detail FROM run_events WHERE run_id = ? ORDER BY occurred_at, id")
			.param(runId)
			.query((rs, row) -> new RunEvent(UtcTimes.read(rs, "occurred_at"), RunEvent.Kind.of(rs.getString("event")),
					rs.getString("detail")))
			.list();
	}

}
