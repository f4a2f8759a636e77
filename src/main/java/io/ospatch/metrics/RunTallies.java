package io.ospatch.metrics;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import io.ospatch.cluster.UtcTimes;
import io.ospatch.run.RunOutcome;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the metrics count of the runs: one query each for the whole fleet, by cluster name. */
@Repository
class RunTallies {

	private final JdbcClient jdbc;

	RunTallies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Per cluster, its runs (missed records included) by outcome; outcomes without runs are absent. */
	Map<String, Map<RunOutcome, Long>> byOutcome() {
		Map<String, Map<RunOutcome, Long>> tallies = new HashMap<>();
		this.jdbc.sql("""
				SELECT c.name, r.outcome, COUNT(*) AS runs FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id
				GROUP BY c.name, r.outcome""").query((rs) -> {
			RunOutcome outcome = outcome(rs.getString("outcome"));
			if (outcome != null) {
				tallies.computeIfAbsent(rs.getString("name"), (name) -> new EnumMap<>(RunOutcome.class))
					.put(outcome, rs.getLong("runs"));
			}
		});
		return tallies;
	}

	/** Per cluster that has one, when its latest compliant run ended. */
	Map<String, Instant> lastCompliantRunEnds() {
		Map<String, Instant> ends = new HashMap<>();
		this.jdbc.sql("""
				SELECT c.name, MAX(r.ended_at) AS ended_at FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id
				WHERE r.outcome = ? AND r.ended_at IS NOT NULL GROUP BY c.name""")
			.param(RunOutcome.COMPLIANT.value())
			.query((rs) -> {
				ends.put(rs.getString("name"), UtcTimes.read(rs, "ended_at"));
			});
		return ends;
	}

	/** The outcome stored as {@code value}; {@code null} for one this ospatch does not know (a newer one wrote it). */
	private static RunOutcome outcome(String value) {
		for (RunOutcome outcome : RunOutcome.values()) {
			if (outcome.value().equals(value)) {
				return outcome;
			}
		}
		return null;
	}

}
