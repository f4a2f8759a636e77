package io.ospatch.rollout;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Patch runs: one per cluster and launch. */
@Repository
class PatchRunRepository {

	/** A run as the rollout needs it. */
	record Run(long id, String launchId, long clusterId, String clusterName, Trigger trigger, RunOutcome outcome,
			String outcomeDetail, Instant startedAt, Instant endedAt) {
	}

	private static final String SELECT = """
			SELECT r.id, r.launch_id, r.cluster_id, c.name AS cluster_name, r.trigger_type, r.outcome,
			       r.outcome_detail, r.started_at, r.ended_at
			FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id""";

	private final JdbcClient jdbc;

	PatchRunRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	long create(String launchId, long clusterId, Trigger trigger, String launchedBy, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, outcome)
				VALUES (?, ?, ?, ?, ?, ?)""")
			.params(launchId, clusterId, trigger.value(), launchedBy, UtcTimes.toDb(now), RunOutcome.RUNNING.value())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void attachJobExecution(long runId, long jobExecutionId) {
		this.jdbc.sql("UPDATE patch_runs SET job_execution_id = ? WHERE id = ?").params(jobExecutionId, runId).update();
	}

	/** Ends a run that is still running; a run that already ended keeps its outcome. */
	void finish(long runId, RunOutcome outcome, String detail, Instant now) {
		this.jdbc.sql("UPDATE patch_runs SET outcome = ?, outcome_detail = ?, ended_at = ? WHERE id = ? AND outcome = ?")
			.params(outcome.value(), truncate(detail), UtcTimes.toDb(now), runId, RunOutcome.RUNNING.value())
			.update();
	}

	/**
	 * Ends the runs of a cluster that are still marked running: called by whoever has just leased
	 * the cluster, so they belong to a process that died.
	 * @return how many there were
	 */
	int abandonRunning(long clusterId, Instant now) {
		return this.jdbc.sql("""
				UPDATE patch_runs SET outcome = ?, outcome_detail = ?, ended_at = ?
				WHERE cluster_id = ? AND outcome = ?""")
			.params(RunOutcome.FAILED.value(),
					"abandoned: the ospatch process running it stopped before the end; nodes it did not record were not patched by it",
					UtcTimes.toDb(now), clusterId, RunOutcome.RUNNING.value())
			.update();
	}

	Optional<Run> find(long runId) {
		return this.jdbc.sql(SELECT + " WHERE r.id = ?").param(runId).query(PatchRunRepository::mapRun).optional();
	}

	List<Run> findByLaunch(String launchId) {
		return this.jdbc.sql(SELECT + " WHERE r.launch_id = ? ORDER BY c.name")
			.param(launchId)
			.query(PatchRunRepository::mapRun)
			.list();
	}

	private static Run mapRun(ResultSet rs, int row) throws SQLException {
		return new Run(rs.getLong("id"), rs.getString("launch_id"), rs.getLong("cluster_id"),
				rs.getString("cluster_name"), Trigger.of(rs.getString("trigger_type")),
				RunOutcome.of(rs.getString("outcome")), rs.getString("outcome_detail"), UtcTimes.read(rs, "started_at"),
				UtcTimes.read(rs, "ended_at"));
	}

	private static String truncate(String text) {
		return (text != null && text.length() > 1000) ? text.substring(0, 997) + "..." : text;
	}

}
