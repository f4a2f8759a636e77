package io.ospatch.rollout;

import java.util.HashSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The nodes a cluster's previous run deferred: its maintenance window closed before it reached
 * them, so the next run patches them first. The previous run is the cluster's last run before the
 * given one that a launch of the whole cluster made ({@code patch} or {@code scheduled}) and that
 * ended: a boot run only patches new nodes, and a missed fire time never ran.
 */
@Repository
class DeferredNodes {

	private final JdbcClient jdbc;

	DeferredNodes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Ids of the nodes deferred by the cluster's last whole-cluster run before {@code runId}. */
	Set<Long> byRunBefore(long clusterId, long runId) {
		return new HashSet<>(this.jdbc.sql("""
				SELECT r.node_id FROM node_results r
				WHERE r.status = 'deferred' AND r.run_id = (
				    SELECT MAX(p.id) FROM patch_runs p
				    WHERE p.cluster_id = ? AND p.id < ? AND p.trigger_type <> 'boot'
				      AND p.outcome NOT IN ('running', 'missed'))""")
			.params(clusterId, runId)
			.query(Long.class)
			.list());
	}

}
