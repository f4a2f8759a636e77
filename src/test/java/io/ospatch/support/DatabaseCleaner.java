package io.ospatch.support;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/** Empties every table between tests, children first; the schema stays. */
public final class DatabaseCleaner {

	private static final List<String> TABLES = List.of("api_tokens", "audit_trail", "webhook_deliveries", "nodegroup_results", "node_events", "node_result_packages", "node_results", "run_events", "patch_run_nodes",
			"patch_runs", "cluster_leases", "next_fire_times", "cluster_inventory_vars", "cluster_contacts", "nodes", "clusters",
			"BATCH_STEP_EXECUTION_CONTEXT", "BATCH_STEP_EXECUTION", "BATCH_JOB_EXECUTION_CONTEXT",
			"BATCH_JOB_EXECUTION_PARAMS", "BATCH_JOB_EXECUTION", "BATCH_JOB_INSTANCE");

	private DatabaseCleaner() {
	}

	public static void clean(JdbcClient jdbc) {
		TABLES.forEach((table) -> jdbc.sql("DELETE FROM " + table).update());
	}

	/** Like {@link #clean}, for tests whose ospatch processes create the schema: nothing to clean before that. */
	public static void cleanIfMigrated(JdbcClient jdbc) {
		boolean migrated = jdbc.sql("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND LOWER(table_name) = 'run_events'")
			.query(Long.class)
			.single() > 0;
		if (migrated) {
			clean(jdbc);
		}
	}

	/** Rows per table, to prove that a command changed nothing. */
	public static List<Long> rowCounts(JdbcClient jdbc) {
		return TABLES.stream()
			.map((table) -> jdbc.sql("SELECT COUNT(*) FROM " + table).query(Long.class).single())
			.toList();
	}

}
