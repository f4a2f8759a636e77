package io.ospatch.cluster;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Nodes of clusters, and what ospatch last saw of them. */
@Repository
class NodeRepository {

	private static final String SELECT = """
			SELECT id, cluster_id, name, address, ssh_port, ssh_private_key_path, role, os_family, os_version, kernel,
			       state, last_patched_at, os_image, distribution
			FROM nodes""";

	private final JdbcClient jdbc;

	NodeRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The nodes of a cluster: control plane first, then by name, which is the rolling order. */
	List<Node> findByCluster(long clusterId) {
		return this.jdbc.sql(SELECT + " WHERE cluster_id = ? ORDER BY CASE role WHEN 'control-plane' THEN 0 ELSE 1 END, name")
			.param(clusterId)
			.query(NodeRepository::mapNode)
			.list();
	}

	Optional<Node> findByName(long clusterId, String name) {
		return this.jdbc.sql(SELECT + " WHERE cluster_id = ? AND name = ?")
			.params(clusterId, name)
			.query(NodeRepository::mapNode)
			.optional();
	}

	void insert(long clusterId, NodeSpec spec, Instant now) {
		this.jdbc.sql("""
				INSERT INTO nodes (cluster_id, name, address, ssh_port, ssh_private_key_path, role, state,
				                   created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(clusterId, spec.name(), spec.address(), spec.sshPort(), ClusterRepository.pathOrNull(spec.sshKey()),
					spec.role().value(), NodeState.NEW.value(), UtcTimes.toDb(now), UtcTimes.toDb(now))
			.update();
	}

	/** Changes how a node is reached and its role; what was observed of it stays. */
	void updateConnection(long nodeId, NodeSpec spec, Instant now) {
		this.jdbc.sql("""
				UPDATE nodes SET address = ?, ssh_port = ?, ssh_private_key_path = ?, role = ?, updated_at = ?
				WHERE id = ?""")
			.params(spec.address(), spec.sshPort(), ClusterRepository.pathOrNull(spec.sshKey()), spec.role().value(),
					UtcTimes.toDb(now), nodeId)
			.update();
	}

	/** Sets a node's state, unless a sync found it gone: only a sync brings a gone node back. */
	void updateState(long nodeId, NodeState state, Instant now) {
		this.jdbc.sql("UPDATE nodes SET state = ?, updated_at = ? WHERE id = ? AND state <> ?")
			.params(state.value(), UtcTimes.toDb(now), nodeId, NodeState.GONE.value())
			.update();
	}

	/** A node its cluster's API lists and ospatch did not know: new, with what the API says of it. */
	void insertSeen(long clusterId, SeenNode seen, Instant now) {
		this.jdbc.sql("""
				INSERT INTO nodes (cluster_id, name, address, ssh_port, role, state, os_image, kernel, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(clusterId, seen.name(), seen.address(), 22, seen.role().value(), NodeState.NEW.value(), seen.osImage(),
					seen.kernel(), UtcTimes.toDb(now), UtcTimes.toDb(now))
			.update();
	}

	/** What the API says of a known node; its SSH port and key stay, its state is {@code state}. */
	void updateSeen(long nodeId, String address, NodeRole role, String osImage, String kernel, NodeState state,
			Instant now) {
		this.jdbc.sql("""
				UPDATE nodes SET address = ?, role = ?, os_image = ?, kernel = COALESCE(?, kernel), state = ?, updated_at = ?
				WHERE id = ?""")
			.params(address, role.value(), osImage, kernel, state.value(), UtcTimes.toDb(now), nodeId)
			.update();
	}

	void markGone(long nodeId, Instant now) {
		this.jdbc.sql("UPDATE nodes SET state = ?, updated_at = ? WHERE id = ?")
			.params(NodeState.GONE.value(), UtcTimes.toDb(now), nodeId)
			.update();
	}

	void recordObservation(long nodeId, NodeObservation observation, Instant now) {
		this.jdbc.sql("""
				UPDATE nodes SET state = CASE WHEN state = ? THEN state ELSE ? END,
				       os_family = COALESCE(?, os_family), os_version = COALESCE(?, os_version),
				       kernel = COALESCE(?, kernel), last_patched_at = COALESCE(?, last_patched_at),
				       distribution = COALESCE(?, distribution), updated_at = ?
				WHERE id = ?""")
			.params(NodeState.GONE.value(), observation.state().value(), observation.osFamily(), observation.osVersion(),
					observation.kernel(), UtcTimes.toDb(observation.patchedAt()), observation.distribution(),
					UtcTimes.toDb(now), nodeId)
			.update();
	}

	/** The runs that have a result for the node. */
	long countRunsWithResults(long nodeId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM node_results WHERE node_id = ?").param(nodeId).query(Long.class).single();
	}

	/**
	 * Deletes the node with its results (the foreign key cascades), unless its cluster is leased:
	 * one statement, so a run cannot slip in between the check and the delete.
	 * @return whether it was deleted
	 */
	boolean deleteUnlessLeased(long clusterId, long nodeId) {
		return this.jdbc.sql("""
				DELETE FROM nodes WHERE id = ? AND cluster_id = ?
				  AND NOT EXISTS (SELECT 1 FROM cluster_leases WHERE cluster_id = ?)""")
			.params(nodeId, clusterId, clusterId)
			.update() == 1;
	}

	private static Node mapNode(ResultSet rs, int row) throws SQLException {
		String key = rs.getString("ssh_private_key_path");
		return new Node(rs.getLong("id"), rs.getLong("cluster_id"), rs.getString("name"), rs.getString("address"),
				rs.getInt("ssh_port"), (key != null) ? Path.of(key) : null, NodeRole.of(rs.getString("role")),
				rs.getString("os_family"), rs.getString("os_version"), rs.getString("kernel"),
				NodeState.of(rs.getString("state")), UtcTimes.read(rs, "last_patched_at"), rs.getString("os_image"),
				rs.getString("distribution"));
	}

}
