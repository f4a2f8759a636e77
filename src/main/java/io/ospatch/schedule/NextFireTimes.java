package io.ospatch.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.ospatch.cluster.UtcTimes;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per cluster with a schedule, the next fire time not yet handled ({@code next_fire_times}). */
@Repository
class NextFireTimes {

	private final JdbcClient jdbc;

	NextFireTimes(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void arm(long clusterId, Instant fireTime) {
		int updated = this.jdbc.sql("UPDATE next_fire_times SET fire_time = ? WHERE cluster_id = ?")
			.params(UtcTimes.toDb(fireTime), clusterId)
			.update();
		if (updated == 0) {
			try {
				this.jdbc.sql("INSERT INTO next_fire_times (cluster_id, fire_time) VALUES (?, ?)")
					.params(clusterId, UtcTimes.toDb(fireTime))
					.update();
			}
			catch (DuplicateKeyException ex) {
				// another process armed it in between, from the same schedule: its fire time stands
			}
		}
	}

	void disarm(long clusterId) {
		this.jdbc.sql("DELETE FROM next_fire_times WHERE cluster_id = ?").param(clusterId).update();
	}

	/** Moves a cluster's next fire time forward, never back: workers that handled it both may call this. */
	void moveOn(long clusterId, Instant next) {
		this.jdbc.sql("UPDATE next_fire_times SET fire_time = ? WHERE cluster_id = ? AND fire_time < ?")
			.params(UtcTimes.toDb(next), clusterId, UtcTimes.toDb(next))
			.update();
	}

	Optional<Instant> next(long clusterId) {
		return this.jdbc.sql("SELECT fire_time FROM next_fire_times WHERE cluster_id = ?")
			.param(clusterId)
			.query((rs, row) -> UtcTimes.read(rs, "fire_time"))
			.optional();
	}

	/**
	 * The clusters whose next fire time is at or before {@code now}, earliest first: a range scan of
	 * {@code next_fire_times_due_ix}, whatever the size of the fleet.
	 * @param schedule only clusters on this schedule, or {@code null} for all
	 */
	List<Due> due(Instant now, String schedule) {
		var statement = this.jdbc.sql(dueQuery(schedule != null)).param("now", UtcTimes.toDb(now));
		if (schedule != null) {
			statement = statement.param("schedule", schedule);
		}
		return statement.query((rs, row) -> new Due(rs.getString("name"), UtcTimes.read(rs, "fire_time"))).list();
	}

	/**
	 * A cluster found due.
	 *
	 * @param cluster its name
	 * @param fireTime its first fire time not yet handled
	 */
	record Due(String cluster, Instant fireTime) {
	}

	/**
	 * Clusters with a schedule but no next fire time: scheduled before fire times were kept (an
	 * older ospatch), or by hand. Normally none; one query over the clusters with a schedule.
	 */
	List<String> unarmed() {
		return this.jdbc.sql("""
				SELECT c.name FROM clusters c LEFT JOIN next_fire_times n ON n.cluster_id = c.id
				WHERE c.schedule IS NOT NULL AND n.cluster_id IS NULL ORDER BY c.name""")
			.query(String.class)
			.list();
	}

	/** The query behind {@link #due}; its plan is tested to use {@code next_fire_times_due_ix}. */
	static String dueQuery(boolean bySchedule) {
		return """
				SELECT c.name, n.fire_time FROM next_fire_times n JOIN clusters c ON c.id = n.cluster_id
				WHERE n.fire_time <= :now""" + (bySchedule ? " AND c.schedule = :schedule" : "")
				+ " ORDER BY n.fire_time, n.cluster_id";
	}

}
