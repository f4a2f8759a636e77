package io.ospatch.run;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Node-group results of EKS runs: one row per node group and run. */
@Repository
public class NodegroupResultRepository {

	private final JdbcClient jdbc;

	NodegroupResultRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records that AWS accepted an update, so that a run killed from now on is resumed by following
	 * it; a row already there (an update that failed to start, then started again) takes the new id.
	 */
	public void started(long runId, String nodegroup, String releaseBefore, String updateId, Instant startedAt) {
		int updated = this.jdbc.sql("""
				UPDATE nodegroup_results SET release_before = ?, update_id = ?, status = NULL, error_text = NULL,
				       started_at = ?, ended_at = NULL
				WHERE run_id = ? AND nodegroup = ?""")
			.params(releaseBefore, updateId, UtcTimes.toDb(startedAt), runId, nodegroup)
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO nodegroup_results (run_id, nodegroup, release_before, update_id, started_at)
					VALUES (?, ?, ?, ?, ?)""")
				.params(runId, nodegroup, releaseBefore, updateId, UtcTimes.toDb(startedAt))
				.update();
		}
	}

	/** Records how a node group's update ended, or why none was sent; a row not yet there is written whole. */
	public void ended(long runId, NodegroupResult result) {
		int updated = this.jdbc.sql("""
				UPDATE nodegroup_results SET release_before = COALESCE(?, release_before), release_after = ?,
				       update_id = COALESCE(?, update_id), status = ?, error_text = ?,
				       started_at = COALESCE(started_at, ?), ended_at = ?
				WHERE run_id = ? AND nodegroup = ?""")
			.params(result.releaseBefore(), result.releaseAfter(), result.updateId(), value(result.status()), result.error(),
					UtcTimes.toDb(result.startedAt()), UtcTimes.toDb(result.endedAt()), runId, result.nodegroup())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO nodegroup_results (run_id, nodegroup, release_before, release_after, update_id, status,
					       error_text, started_at, ended_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(runId, result.nodegroup(), result.releaseBefore(), result.releaseAfter(), result.updateId(),
						value(result.status()), result.error(), UtcTimes.toDb(result.startedAt()), UtcTimes.toDb(result.endedAt()))
				.update();
		}
	}

	/** The results of a run, by node group name. */
	public List<NodegroupResult> findByRun(long runId) {
		return this.jdbc.sql("""
				SELECT nodegroup, release_before, release_after, update_id, status, error_text, started_at, ended_at
				FROM nodegroup_results WHERE run_id = ? ORDER BY nodegroup""")
			.param(runId)
			.query((rs, row) -> new NodegroupResult(rs.getString("nodegroup"), rs.getString("release_before"),
					rs.getString("release_after"), rs.getString("update_id"), status(rs.getString("status")),
					rs.getString("error_text"), UtcTimes.read(rs, "started_at"), UtcTimes.read(rs, "ended_at")))
			.list();
	}

	/** The node group's result in the run, if one was recorded. */
	public Optional<NodegroupResult> find(long runId, String nodegroup) {
		return findByRun(runId).stream().filter((result) -> result.nodegroup().equals(nodegroup)).findFirst();
	}

	private static String value(NodegroupStatus status) {
		return (status != null) ? status.value() : null;
	}

	private static NodegroupStatus status(String value) {
		return (value != null) ? NodegroupStatus.of(value) : null;
	}

}
