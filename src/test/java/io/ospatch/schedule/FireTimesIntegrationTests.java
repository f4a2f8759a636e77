package io.ospatch.schedule;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Finding the due clusters on the MySQL/MariaDB test database: among 600 scheduled clusters, the
 * few due ones, earliest fire time first, by a range scan of the fire-time index rather than a look
 * at every cluster.
 */
@SpringBootTest
class FireTimesIntegrationTests {

	private static final int CLUSTERS = 600;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NextFireTimes nextFireTimes;

	@BeforeEach
	void sixHundredClustersThreeOfThemDue() {
		DatabaseCleaner.clean(this.jdbc);
		LocalDateTime now = LocalDateTime.of(2026, 11, 25, 12, 0);
		for (int i = 1; i <= CLUSTERS; i++) {
			this.jdbc.sql("""
					INSERT INTO clusters (name, kind, timezone, patch_on_boot, schedule, max_unavailable, failure_budget,
					                      created_at, updated_at)
					VALUES (?, 'provisioned', 'UTC', FALSE, ?, '1', '0', ?, ?)""")
				.params("c" + i, (i % 2 == 0) ? "weekly" : "monthly", now, now)
				.update();
			long id = this.jdbc.sql("SELECT id FROM clusters WHERE name = ?").param("c" + i).query(Long.class).single();
			// c1..c3 fired in the last hour (c3 first); the others fire over the coming weeks
			LocalDateTime fire = (i <= 3) ? LocalDateTime.of(2026, 11, 29, 0, 0).minusMinutes(10L * i)
					: LocalDateTime.of(2026, 11, 30, 0, 0).plusMinutes(i);
			this.jdbc.sql("INSERT INTO next_fire_times (cluster_id, fire_time) VALUES (?, ?)").params(id, fire).update();
		}
		this.jdbc.sql("ANALYZE TABLE next_fire_times").query((rs) -> {
		});
	}

	@Test
	void theDueClustersAreFoundEarliestFirstOnlyAmongThoseDue() {
		Instant now = Instant.parse("2026-11-29T00:05:00Z");

		assertThat(this.nextFireTimes.due(now, null)).extracting(NextFireTimes.Due::cluster).containsExactly("c3", "c2", "c1");
		assertThat(this.nextFireTimes.due(now, "weekly")).containsExactly(
				new NextFireTimes.Due("c2", Instant.parse("2026-11-28T23:40:00Z")));
		assertThat(this.nextFireTimes.due(Instant.parse("2026-11-28T00:00:00Z"), null)).isEmpty();
	}

	@Test
	void theQueryReadsTheFireTimeIndexNotEveryCluster() {
		for (boolean bySchedule : new boolean[] { false, true }) {
			String query = NextFireTimes.dueQuery(bySchedule)
				.replace(":now", "'2026-11-29 00:05:00'")
				.replace(":schedule", "'weekly'");

			List<Map<String, Object>> plan = this.jdbc.sql("EXPLAIN " + query).query().listOfRows();

			Map<String, Object> fireTimes = plan.stream()
				.filter((row) -> "n".equals(value(row, "table")))
				.findFirst()
				.orElseThrow(() -> new AssertionError("no plan row for next_fire_times: " + plan));
			assertThat(value(fireTimes, "key")).as(plan.toString()).isEqualTo("next_fire_times_due_ix");
			assertThat(value(fireTimes, "type")).as(plan.toString()).isEqualTo("range");
			assertThat(plan.stream().filter((row) -> "c".equals(value(row, "table"))).map((row) -> value(row, "type")))
				.as("clusters are looked up by id").containsOnly("eq_ref");
		}
	}

	private static String value(Map<String, Object> row, String column) {
		return row.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(column))
			.map((entry) -> String.valueOf(entry.getValue()))
			.findFirst()
			.orElse(null);
	}

}
