package io.ospatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.ospatch.cluster.UtcTimes;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/**
 * Patch runs: one per cluster and launch. A run that did not finish (the process died, it was
 * stopped, or it failed) stays the cluster's unfinished run until a later launch resumes it or
 * abandons it: a resumed run is the same row, so its records read as one run.
 */
@Repository
public class RunRepository {

	/**
	 * A run as the rollout needs it.
	 *
	 * @param id database id
	 * @param launchId the launch that started it
	 * @param clusterId its cluster
	 * @param clusterName its cluster's name
	 * @param trigger what launched it
	 * @param launchedBy who or what launched it
	 * @param outcome how it ended, or {@link RunOutcome#RUNNING}
	 * @param outcomeDetail why it halted, stopped or failed
	 * @param startedAt when it started
	 * @param endedAt when it ended (last), or {@code null}
	 * @param fireTime the schedule's fire time it ran for, or {@code null} if no schedule launched it
	 */
	public record Run(long id, String launchId, long clusterId, String clusterName, Trigger trigger, String launchedBy,
			RunOutcome outcome, String outcomeDetail, Instant startedAt, Instant endedAt, Instant fireTime) {
	}

	private static final String SELECT = """
			SELECT r.id, r.launch_id, r.cluster_id, c.name AS cluster_name, r.trigger_type, r.launched_by, r.outcome,
			       r.outcome_detail, r.started_at, r.ended_at, r.fire_time
			FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id""";

	/** Outcomes of runs that a launch resumes (running, stopped, failed). */
	private static final List<String> UNFINISHED = Arrays.stream(RunOutcome.values())
		.filter((outcome) -> !outcome.finished())
		.map(RunOutcome::value)
		.toList();

	private final JdbcClient jdbc;

	RunRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public long create(String launchId, long clusterId, Trigger trigger, String launchedBy, Instant now) {
		return create(launchId, clusterId, trigger, launchedBy, null, now);
	}

	/**
	 * A new run; one for a schedule's fire time is that fire time's only run (or missed record): a
	 * second one for the same cluster and fire time fails on {@code patch_runs_cluster_fire_time_uk}.
	 * @param fireTime the fire time it runs for, or {@code null} if no schedule launched it
	 */
	public long create(String launchId, long clusterId, Trigger trigger, String launchedBy, Instant fireTime,
			Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, fire_time, started_at, outcome)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(launchId, clusterId, trigger.value(), launchedBy, UtcTimes.toDb(fireTime), UtcTimes.toDb(now),
					RunOutcome.RUNNING.value())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	/**
	 * Limits a run to some of its cluster's nodes (a boot run: the nodes that were new when it
	 * opened), for good: a resumed run carries on with the same nodes.
	 */
	public void limitToNodes(long runId, Collection<Long> nodeIds) {
		for (long nodeId : nodeIds) {
			this.jdbc.sql("INSERT INTO patch_run_nodes (run_id, node_id) VALUES (?, ?)").params(runId, nodeId).update();
		}
	}

	/** The nodes a run is limited to; empty for a run of all its cluster's nodes. */
	public Set<Long> nodesLimitedTo(long runId) {
		return Set.copyOf(this.jdbc.sql("SELECT node_id FROM patch_run_nodes WHERE run_id = ?")
			.param(runId)
			.query(Long.class)
			.list());
	}

	/**
	 * Records a fire time that was not run because it was found too late, unless it already has a run
	 * or a record: one row, which shows in {@code runs} like any run, with the reason.
	 * @return whether this call recorded it
	 */
	public boolean recordMissed(String launchId, long clusterId, Instant fireTime, String launchedBy, String detail,
			Instant now) {
		try {
			this.jdbc.sql("""
					INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, fire_time, started_at, ended_at,
					                        outcome, outcome_detail)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(launchId, clusterId, Trigger.SCHEDULED.value(), launchedBy, UtcTimes.toDb(fireTime),
						UtcTimes.toDb(now), UtcTimes.toDb(now), RunOutcome.MISSED.value(), truncate(detail))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			// another process recorded (or ran) this fire time first: once is what matters
			return false;
		}
	}

	/** The run (or missed record) of a cluster's fire time, if it has one. */
	public Optional<Run> findByFireTime(long clusterId, Instant fireTime) {
		return this.jdbc.sql(SELECT + " WHERE r.cluster_id = ? AND r.fire_time = ?")
			.params(clusterId, UtcTimes.toDb(fireTime))
			.query(RunRepository::mapRun)
			.optional();
	}

	/** The latest fire time of the cluster recorded as missed, if any. */
	public Optional<Instant> lastMissed(long clusterId) {
		return this.jdbc.sql("SELECT MAX(fire_time) AS fire_time FROM patch_runs WHERE cluster_id = ? AND outcome = ?")
			.params(clusterId, RunOutcome.MISSED.value())
			.query((rs, row) -> UtcTimes.read(rs, "fire_time"))
			.list()
			.stream()
			.filter(java.util.Objects::nonNull)
			.findFirst();
	}

	public void attachJobExecution(long runId, long jobExecutionId) {
		this.jdbc.sql("UPDATE patch_runs SET job_execution_id = ? WHERE id = ?").params(jobExecutionId, runId).update();
	}

	/**
	 * Ends a run. Only a run that is not finished changes: a run that halted or completed keeps its
	 * outcome whoever writes after it.
	 */
	public void finish(long runId, RunOutcome outcome, String detail, Instant now) {
		this.jdbc.sql("""
				UPDATE patch_runs SET outcome = :outcome, outcome_detail = :detail, ended_at = :now
				WHERE id = :id AND outcome IN (:unfinished)""")
			.param("outcome", outcome.value())
			.param("detail", truncate(detail))
			.param("now", UtcTimes.toDb(now))
			.param("id", runId)
			.param("unfinished", UNFINISHED)
			.update();
	}

	/** Marks an unfinished run as running again, for the launch that resumes it. */
	public void resume(long runId) {
		this.jdbc.sql("""
				UPDATE patch_runs SET outcome = :running, outcome_detail = NULL, ended_at = NULL
				WHERE id = :id AND outcome IN (:unfinished)""")
			.param("running", RunOutcome.RUNNING.value())
			.param("id", runId)
			.param("unfinished", UNFINISHED)
			.update();
	}

	/** The cluster's run that has not finished, if there is one: the one a launch resumes. */
	public Optional<Run> findUnfinished(long clusterId) {
		return this.jdbc.sql(SELECT + " WHERE r.cluster_id = :cluster AND r.outcome IN (:unfinished) ORDER BY r.id DESC")
			.param("cluster", clusterId)
			.param("unfinished", UNFINISHED)
			.query(RunRepository::mapRun)
			.list()
			.stream()
			.findFirst();
	}

	public Optional<Run> find(long runId) {
		return this.jdbc.sql(SELECT + " WHERE r.id = ?").param(runId).query(RunRepository::mapRun).optional();
	}

	/** The newest runs first, of one cluster or of all when {@code clusterName} is {@code null}. */
	public List<Run> recent(String clusterName, int limit) {
		return recent(clusterName, null, limit);
	}

	/**
	 * The newest runs first whose id is below {@code beforeId} (the next page after a run), of one
	 * cluster or of all when {@code clusterName} is {@code null}.
	 * @param beforeId the run the page starts after, or {@code null} for the newest
	 */
	public List<Run> recent(String clusterName, Long beforeId, int limit) {
		String where = ((clusterName != null) ? " AND c.name = :cluster" : "") + ((beforeId != null) ? " AND r.id < :before" : "");
		JdbcClient.StatementSpec statement = this.jdbc.sql(SELECT + " WHERE 1 = 1" + where + " ORDER BY r.id DESC LIMIT :limit")
			.param("limit", limit);
		if (clusterName != null) {
			statement = statement.param("cluster", clusterName);
		}
		if (beforeId != null) {
			statement = statement.param("before", beforeId);
		}
		return statement.query(RunRepository::mapRun).list();
	}

	private static Run mapRun(ResultSet rs, int row) throws SQLException {
		return new Run(rs.getLong("id"), rs.getString("launch_id"), rs.getLong("cluster_id"),
				rs.getString("cluster_name"), Trigger.of(rs.getString("trigger_type")), rs.getString("launched_by"),
				RunOutcome.of(rs.getString("outcome")), rs.getString("outcome_detail"), UtcTimes.read(rs, "started_at"),
				UtcTimes.read(rs, "ended_at"), UtcTimes.read(rs, "fire_time"));
	}

	static String truncate(String text) {
		return truncate(text, 1000);
	}

	/** At most {@code length} characters, cut with {@code ...}: what a column of that size holds. */
	static String truncate(String text, int length) {
		return (text != null && text.length() > length) ? text.substring(0, length - 3) + "..." : text;
	}

}
