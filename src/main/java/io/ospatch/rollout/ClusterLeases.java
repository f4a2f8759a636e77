package io.ospatch.rollout;

import java.time.Duration;
import java.time.Instant;

import io.ospatch.cluster.UtcTimes;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * One run per cluster at a time. A lease is a row keyed by the cluster: whoever inserts it holds the
 * cluster; the primary key makes the race between two launchers safe on any database. A lease not
 * renewed within its time to live belongs to a run that died, and may be taken over.
 */
@Repository
class ClusterLeases {

	private final JdbcClient jdbc;

	ClusterLeases(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** @return whether {@code holder} now holds the cluster */
	@Transactional
	boolean tryAcquire(long clusterId, String holder, Instant now, Duration ttl) {
		this.jdbc.sql("DELETE FROM cluster_leases WHERE cluster_id = ? AND renewed_at < ?")
			.params(clusterId, UtcTimes.toDb(now.minus(ttl)))
			.update();
		try {
			this.jdbc.sql("INSERT INTO cluster_leases (cluster_id, holder, acquired_at, renewed_at) VALUES (?, ?, ?, ?)")
				.params(clusterId, holder, UtcTimes.toDb(now), UtcTimes.toDb(now))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Who holds the cluster, if anyone: for the operator's "busy" message. */
	String holder(long clusterId) {
		return this.jdbc.sql("SELECT holder FROM cluster_leases WHERE cluster_id = ?")
			.param(clusterId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	void renew(long clusterId, String holder, Instant now) {
		this.jdbc.sql("UPDATE cluster_leases SET renewed_at = ? WHERE cluster_id = ? AND holder = ?")
			.params(UtcTimes.toDb(now), clusterId, holder)
			.update();
	}

	void release(long clusterId, String holder) {
		this.jdbc.sql("DELETE FROM cluster_leases WHERE cluster_id = ? AND holder = ?").params(clusterId, holder).update();
	}

}
