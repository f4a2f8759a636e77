package io.ospatch.run;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * A run's node events in the order they happened, read a page at a time, for runs of any size: a
 * 10,000-node run has some 70,000 of them. Pages follow the index on {@code (run_id, occurred_at,
 * id)} from where the last one ended, so each page costs the same and no connection is held between
 * pages.
 */
@Repository
public class NodeEventPages {

	/** Events per page: a few hundred kilobytes of heap. */
	static final int PAGE_SIZE = 1000;

	private final JdbcClient jdbc;

	NodeEventPages(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The run's node events in time order, read lazily; each iteration reads them again from the database. */
	public Iterable<NodeEvent> inTimeOrder(long runId) {
		return () -> new Pages(runId);
	}

	/** How many node events the run has. */
	public long count(long runId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM node_events WHERE run_id = ?").param(runId).query(Long.class).single();
	}

	private List<Row> page(long runId, Row after) {
		String sql = """
				SELECT e.id, e.occurred_at, n.name, n.role, e.event, e.detail
				FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = :run %s
				ORDER BY e.occurred_at, e.id
				LIMIT :limit""";
		JdbcClient.StatementSpec statement = (after == null) ? this.jdbc.sql(sql.formatted(""))
				: this.jdbc.sql(sql.formatted("AND (e.occurred_at > :at OR (e.occurred_at = :at AND e.id > :id))"))
					.param("at", UtcTimes.toDb(after.event().at()))
					.param("id", after.id());
		return statement.param("run", runId)
			.param("limit", PAGE_SIZE)
			.query((rs, row) -> new Row(rs.getLong("id"), new NodeEvent(UtcTimes.read(rs, "occurred_at"),
					rs.getString("name"), rs.getString("role"), NodeEvent.Kind.of(rs.getString("event")),
					rs.getString("detail"))))
			.list();
	}

	/** An event with its id, where the next page starts after. */
	private record Row(long id, NodeEvent event) {
	}

	/** Reads the next page when the current one is used up. */
	private final class Pages implements Iterator<NodeEvent> {

		private final long runId;

		private Iterator<Row> current = Collections.emptyIterator();

		private Row last;

		private boolean exhausted;

		Pages(long runId) {
			this.runId = runId;
		}

		@Override
		public boolean hasNext() {
			if (!this.current.hasNext() && !this.exhausted) {
				List<Row> page = page(this.runId, this.last);
				this.exhausted = page.size() < PAGE_SIZE;
				this.current = page.iterator();
			}
			return this.current.hasNext();
		}

		@Override
		public NodeEvent next() {
			if (!hasNext()) {
				throw new NoSuchElementException();
			}
			this.last = this.current.next();
			return this.last.event();
		}

	}

}
