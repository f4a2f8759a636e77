package io.ospatch.run;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cluster.UtcTimes;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** Node results of patch runs, with the packages each one changed. */
@Repository
public class NodeResultRepository {

	private final JdbcClient jdbc;

	NodeResultRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public void insert(long runId, long nodeId, NodeResult result, List<PackageChange> packages) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO node_results (run_id, node_id, chunk_number, status, failure, distribution, os_version_before,
				       kernel_before, os_version_after, kernel_after, target_version, packages_changed, held_packages,
				       rebooted, attempts, error_text, started_at, ended_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(runId, nodeId, result.chunkNumber(), result.status().value(), result.failure(),
					result.distribution(), result.versionBefore(), result.kernelBefore(), result.versionAfter(), result.kernelAfter(),
					result.targetVersion(), result.packagesChanged(),
					result.heldPackages().isEmpty() ? null : String.join(",", result.heldPackages()),
					result.rebooted(), result.attempts(), result.error(), UtcTimes.toDb(result.startedAt()),
					UtcTimes.toDb(result.endedAt()))
			.update(keys, "id");
		long resultId = keys.getKeyAs(Number.class).longValue();
		for (PackageChange change : packages) {
			this.jdbc.sql("""
					INSERT INTO node_result_packages (result_id, name, from_version, to_version, security, cves)
					VALUES (?, ?, ?, ?, ?, ?)""")
				.params(resultId, change.name(), change.from(), change.to(), change.security(),
						change.cves().isEmpty() ? null : String.join(" ", change.cves()))
				.update();
		}
	}

	/** The results of a run in rolling order. */
	public List<NodeResult> findByRun(long runId) {
		return this.jdbc.sql("""
				SELECT n.name AS node_name, r.* FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = ?
				ORDER BY r.chunk_number, CASE n.role WHEN 'control-plane' THEN 0 ELSE 1 END, n.name""")
			.param(runId)
			.query(NodeResultRepository::mapResult)
			.list();
	}

	public Set<Long> nodesWithResult(long runId) {
		return Set.copyOf(this.jdbc.sql("SELECT node_id FROM node_results WHERE run_id = ?")
			.param(runId)
			.query(Long.class)
			.list());
	}

	public long countByStatus(long runId, NodeResultStatus status) {
		return this.jdbc.sql("SELECT COUNT(*) FROM node_results WHERE run_id = ? AND status = ?")
			.params(runId, status.value())
			.query(Long.class)
			.single();
	}

	static NodeResult mapResult(ResultSet rs, int row) throws SQLException {
		String held = rs.getString("held_packages");
		return new NodeResult(rs.getString("node_name"), rs.getInt("chunk_number"),
				NodeResultStatus.of(rs.getString("status")), rs.getString("failure"), rs.getString("distribution"),
				rs.getString("os_version_before"),
				rs.getString("kernel_before"), rs.getString("os_version_after"), rs.getString("kernel_after"),
				rs.getString("target_version"), rs.getInt("packages_changed"),
				(held != null) ? Arrays.asList(held.split(",")) : List.of(), rs.getBoolean("rebooted"),
				rs.getInt("attempts"), rs.getString("error_text"),
				UtcTimes.read(rs, "started_at"), UtcTimes.read(rs, "ended_at"));
	}

}
