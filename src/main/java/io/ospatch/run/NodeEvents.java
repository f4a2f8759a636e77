package io.ospatch.run;

import java.time.Instant;
import java.util.List;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The node events of runs ({@code node_events}), in the order they happened. Each is written as it
 * happens, in its own statement, so that a run killed mid-chunk leaves the events up to the kill.
 */
@Repository
public class NodeEvents {

	private final JdbcClient jdbc;

	NodeEvents(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void record(long runId, long nodeId, NodeEvent.Kind kind, String detail, Instant at) {
		this.jdbc.sql("INSERT INTO node_events (run_id, node_id, occurred_at, event, detail) VALUES (?, ?, ?, ?, ?)")
			.params(runId, nodeId, UtcTimes.toDb(at), kind.value(), RunRepository.truncate(detail))
			.update();
	}

	/** The run's node events in the order they happened. */
	public List<NodeEvent> ofRun(long runId) {
		return this.jdbc.sql("""
				SELECT e.occurred_at, n.name, n.role, e.event, e.detail
				FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? ORDER BY e.occurred_at, e.id""")
			.param(runId)
			.query((rs, row) -> new NodeEvent(UtcTimes.read(rs, "occurred_at"), rs.getString("name"), rs.getString("role"),
					NodeEvent.Kind.of(rs.getString("event")), rs.getString("detail")))
			.list();
	}

}
