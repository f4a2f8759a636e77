package io.ospatch.lease;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import io.ospatch.cluster.UtcTimes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * One run per cluster at a time. A lease is a row keyed by the cluster: whoever inserts it holds
 * the cluster, and the primary key settles a race between launchers on any database. A lease held
 * by no live run is taken over with one statement that is conditional on the token it replaces
 * (and, for a stale one, on its heartbeat still being old), so of two launchers taking over the
 * same dead lease exactly one wins. Every statement commits on its own: no transaction spans a read
 * and a write, so there is no lock to deadlock on; should the database report a lock conflict all
 * the same, the cluster counts as busy.
 */
@Repository
public class ClusterLeases {

	private static final Logger log = LoggerFactory.getLogger(ClusterLeases.class);

	private static final int ATTEMPTS = 3;

	private final JdbcClient jdbc;

	private final LeaseProperties properties;

	private final Clock clock;

	private final ProcessIdentity self;

	ClusterLeases(JdbcClient jdbc, LeaseProperties properties, Clock clock, ProcessIdentity self) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
		this.self = self;
	}

	/** @return the lease, or empty when a live run holds the cluster */
	public Optional<Lease> tryAcquire(long clusterId) {
		String token = UUID.randomUUID().toString();
		try {
			for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
				Instant now = this.clock.instant();
				if (insert(clusterId, token, now)) {
					return Optional.of(new Lease(clusterId, token, null));
				}
				Optional<LeaseHolder> holder = holder(clusterId);
				if (holder.isEmpty()) {
					continue; // released since: try again
				}
				LeaseHolder current = holder.get();
				int taken;
				if (current.process().isDeadOnThisHost()) {
					taken = takeOver(clusterId, token, now, current.token(), null);
				}
				else if (current.stale(now, this.properties.ttl())) {
					taken = takeOver(clusterId, token, now, current.token(), now.minus(this.properties.ttl()));
				}
				else {
					return Optional.empty();
				}
				return (taken == 1) ? Optional.of(new Lease(clusterId, token, current)) : Optional.empty();
			}
			return Optional.empty();
		}
		catch (ConcurrencyFailureException ex) {
			log.debug("Lock conflict while leasing cluster {}: another launcher is at it", clusterId, ex);
			return Optional.empty();
		}
	}

	private boolean insert(long clusterId, String token, Instant now) {
		try {
			this.jdbc.sql("""
					INSERT INTO cluster_leases (cluster_id, token, host, pid, process_started_at, acquired_at, heartbeat_at)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(clusterId, token, this.self.host(), this.self.pid(), UtcTimes.toDb(this.self.startedAt()),
						UtcTimes.toDb(now), UtcTimes.toDb(now))
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/** Replaces the lease with token {@code previous}; only if its heartbeat is older than {@code staleBefore} when given. */
	private int takeOver(long clusterId, String token, Instant now, String previous, Instant staleBefore) {
		String sql = """
				UPDATE cluster_leases SET token = ?, run_id = NULL, host = ?, pid = ?, process_started_at = ?,
				       acquired_at = ?, heartbeat_at = ?
				WHERE cluster_id = ? AND token = ?""";
		if (staleBefore == null) {
			return this.jdbc.sql(sql)
				.params(token, this.self.host(), this.self.pid(), UtcTimes.toDb(this.self.startedAt()), UtcTimes.toDb(now),
						UtcTimes.toDb(now), clusterId, previous)
				.update();
		}
		return this.jdbc.sql(sql + " AND heartbeat_at < ?")
			.params(token, this.self.host(), this.self.pid(), UtcTimes.toDb(this.self.startedAt()), UtcTimes.toDb(now),
					UtcTimes.toDb(now), clusterId, previous, UtcTimes.toDb(staleBefore))
			.update();
	}

	/** Names the run that holds the lease, for whoever looks at the lease. */
	public void attachRun(Lease lease, long runId) {
		this.jdbc.sql("UPDATE cluster_leases SET run_id = ? WHERE cluster_id = ? AND token = ?")
			.params(runId, lease.clusterId(), lease.token())
			.update();
	}

	/** Who holds the cluster, if anyone. */
	public Optional<LeaseHolder> holder(long clusterId) {
		return this.jdbc.sql("""
				SELECT token, run_id, host, pid, process_started_at, acquired_at, heartbeat_at
				FROM cluster_leases WHERE cluster_id = ?""")
			.param(clusterId)
			.query((rs, row) -> new LeaseHolder(rs.getString("token"), (Long) rs.getObject("run_id", Long.class),
					new ProcessIdentity(rs.getString("host"), rs.getLong("pid"), UtcTimes.read(rs, "process_started_at")),
					UtcTimes.read(rs, "acquired_at"), UtcTimes.read(rs, "heartbeat_at")))
			.optional();
	}

	/** @return whether the lease is still this holder's */
	boolean renew(Lease lease) {
		return this.jdbc.sql("UPDATE cluster_leases SET heartbeat_at = ? WHERE cluster_id = ? AND token = ?")
			.params(UtcTimes.toDb(this.clock.instant()), lease.clusterId(), lease.token())
			.update() == 1;
	}

	public void release(Lease lease) {
		this.jdbc.sql("DELETE FROM cluster_leases WHERE cluster_id = ? AND token = ?")
			.params(lease.clusterId(), lease.token())
			.update();
	}

	/**
	 * Releases a cluster's lease by hand: at once when its holder is dead (gone on this host, or its
	 * heartbeat older than the TTL), otherwise only with {@code force}.
	 */
	public Unlock unlock(long clusterId, boolean force) {
		Optional<LeaseHolder> holder = holder(clusterId);
		if (holder.isEmpty()) {
			return new Unlock(Unlock.Result.NOT_LOCKED, null);
		}
		LeaseHolder current = holder.get();
		boolean dead = current.process().isDeadOnThisHost() || current.stale(this.clock.instant(), this.properties.ttl());
		if (!dead && !force) {
			return new Unlock(Unlock.Result.REFUSED, current);
		}
		int deleted = this.jdbc.sql("DELETE FROM cluster_leases WHERE cluster_id = ? AND token = ?")
			.params(clusterId, current.token())
			.update();
		return new Unlock((deleted == 1) ? Unlock.Result.RELEASED : Unlock.Result.NOT_LOCKED, current);
	}

	/**
	 * What {@link #unlock} did.
	 *
	 * @param result released, refused (the holder is alive), or there was no lease
	 * @param holder the holder it had, if any
	 */
	public record Unlock(Result result, LeaseHolder holder) {

		/** What became of the lease. */
		public enum Result {

			RELEASED, REFUSED, NOT_LOCKED

		}

	}

}
