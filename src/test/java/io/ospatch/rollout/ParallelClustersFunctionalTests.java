package io.ospatch.rollout;

import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen clusters patched in parallel on the MySQL/MariaDB test database with the default
 * connection pool (10): possible only because no connection is held while a playbook runs.
 */
@Import(ScriptedAnsibleConfiguration.class)
@SpringBootTest(properties = { "ospatch.ansible.binary=/bin/true", "ospatch.rollout.parallel-clusters=16",
		"ospatch.reports-dir=target/parallel-clusters-functional-tests" })
class ParallelClustersFunctionalTests {

	private static final int CLUSTERS = 16;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	HikariDataSource dataSource;

	@Test
	void sixteenClustersInParallelAreAllPatchedOnTheDefaultPool() {
		DatabaseCleaner.clean(this.jdbc);
		String[] patch = new String[2 * CLUSTERS + 1];
		patch[0] = "patch";
		for (int i = 1; i <= CLUSTERS; i++) {
			String cluster = "c" + i;
			cli("cluster", "add", cluster, "--max-unavailable", "1");
			cli("node", "add", cluster, cluster + "-cp", "--address", "127.0.0.1", "--role", "control-plane");
			cli("node", "add", cluster, cluster + "-w", "--address", "127.0.0.1", "--role", "worker");
			patch[2 * i - 1] = "--cluster";
			patch[2 * i] = cluster;
		}
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		this.runner.beforeRun((hosts) -> {
			mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
			sleep(1500);
		});
		this.runner.afterRun((hosts) -> running.decrementAndGet());

		CliRunner.Result result = CliRunner.run(this.context, patch);

		assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		assertThat(this.dataSource.getMaximumPoolSize()).as("the default pool").isEqualTo(10);
		assertThat(mostAtOnce.get()).as("playbooks running at once").isGreaterThan(this.dataSource.getMaximumPoolSize());
		assertThat(this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).list()).hasSize(CLUSTERS)
			.containsOnly("compliant");
		assertThat(this.jdbc.sql("SELECT status FROM node_results").query(String.class).list()).hasSize(2 * CLUSTERS)
			.containsOnly("patched");
	}

	private void cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
