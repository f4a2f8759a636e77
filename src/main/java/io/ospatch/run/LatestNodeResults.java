package io.ospatch.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each node's result in the latest run that reached it: the "last patch" of a cluster's nodes. */
@Repository
public class LatestNodeResults {

	/**
	 * A node's result in its latest run.
	 *
	 * @param runId the run
	 * @param status what the run did to it
	 * @param at when its last attempt ended, else when the run ended or started
	 */
	public record LatestResult(long runId, NodeResultStatus status, Instant at) {
	}

	private final JdbcClient jdbc;

	LatestNodeResults(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** By node id, the latest result of each node of the cluster that a run ever recorded. */
	public Map<Long, LatestResult> ofCluster(long clusterId) {
		Map<Long, LatestResult> latest = new LinkedHashMap<>();
		this.jdbc.sql("""
				SELECT r.node_id, r.run_id, r.status, COALESCE(r.ended_at, p.ended_at, p.started_at) AS result_at
				FROM node_results r JOIN nodes n ON n.id = r.node_id JOIN patch_runs p ON p.id = r.run_id
				WHERE n.cluster_id = ?
				  AND r.run_id = (SELECT MAX(l.run_id) FROM node_results l WHERE l.node_id = r.node_id)""")
			.param(clusterId)
			.query((rs, row) -> latest.put(rs.getLong("node_id"), new LatestResult(rs.getLong("run_id"),
					NodeResultStatus.of(rs.getString("status")), UtcTimes.read(rs, "result_at"))))
			.list();
		return latest;
	}

}
