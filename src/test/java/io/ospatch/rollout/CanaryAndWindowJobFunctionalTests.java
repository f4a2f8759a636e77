package io.ospatch.rollout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.MovableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canary, the maintenance window and the soak between chunks, on a cluster without a Kubernetes
 * API (like the lab), with the scripted playbook runner on an embedded H2 database and a clock the
 * test moves. The cluster: a control-plane node and four workers, max-unavailable 2, failure budget
 * 2, canary on: chunks cp-1 | w-1 | w-2 w-3 | w-4.
 */
@Import({ ScriptedAnsibleConfiguration.class, MovableClock.class })
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:canary;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.ansible.binary=/bin/true",
		"ospatch.rollout.retry-delay=10ms", "ospatch.rollout.retry-max-delay=10ms", "ospatch.rollout.canary=true",
		"ospatch.reports-dir=target/canary-functional-tests" })
class CanaryAndWindowJobFunctionalTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	MovableClock.Moving clock;

	@Autowired
	RolloutStop stop;

	@BeforeEach
	void oneClusterWithoutAnApi() {
		DatabaseCleaner.clean(this.jdbc);
		this.clock.reset();
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
		cli("cluster", "add", "c1", "--max-unavailable", "2", "--failure-budget", "2");
		cli("node", "add", "c1", "cp-1", "--address", "127.0.0.1", "--port", "2301", "--role", "control-plane");
		for (int i = 1; i <= 4; i++) {
			cli("node", "add", "c1", "w-" + i, "--address", "127.0.0.1", "--port", "230" + (i + 1), "--role", "worker");
		}
	}

	@Test
	void aFailedCanaryHaltsTheClusterBeforeAnyOtherWorkerIsTouchedWhateverTheBudget() {
		this.runner.reset((host, attempt) -> host.equals("w-1")
				? ScriptedPlaybookRunner.failed(host, "E: Sub-process /usr/bin/dpkg returned an error code (1)")
				: ScriptedPlaybookRunner.patched(host));

		CliRunner.Result halted = cli("patch", "--cluster", "c1");

		assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(1);
		assertThat(halted.out()).contains("c1: halted").contains("canary w-1 failed: E: Sub-process /usr/bin/dpkg");
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"), List.of("w-1"));
		assertThat(results()).containsEntry("w-1", "failed").containsEntry("w-2", "not-attempted")
			.containsEntry("w-3", "not-attempted").containsEntry("w-4", "not-attempted");
	}

	@Test
	void everyNodeGetsItsEventsWithoutAnApi() {
		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		for (String node : List.of("cp-1", "w-1", "w-2", "w-3", "w-4")) {
			assertThat(nodeEvents(node)).as(node).containsExactly("patching", "patched");
		}
		assertThat(mostPatchingAtOnce()).isEqualTo(2);
	}

	@Test
	void aFailedNodeWithoutAnApiEndsWithItsSkip() {
		this.runner.reset((host, attempt) -> host.equals("w-3") ? ScriptedPlaybookRunner.failed(host, "E: broken")
				: ScriptedPlaybookRunner.patched(host));

		CliRunner.Result partial = cli("patch", "--cluster", "c1");

		assertThat(partial.exitCode()).as(partial.out()).isEqualTo(3);
		assertThat(nodeEvents("w-3")).containsExactly("patching", "skipped");
	}

	@Test
	void aClosedWindowDefersTheNodesNotReachedAndTheNextRunStartsWithThem() {
		cli("cluster", "set", "c1", "--maintenance-window", "1h");
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("w-1")) {
				this.clock.move(Duration.ofMinutes(61));
			}
		});

		CliRunner.Result deferred = cli("patch", "--cluster", "c1");

		assertThat(deferred.exitCode()).as(deferred.out() + deferred.err()).isEqualTo(3);
		assertThat(deferred.out()).contains("c1: deferred")
			.contains("maintenance window of 1h closed at 2026-11-25T03:00Z; 3 node(s) deferred to the next run");
		assertThat(results()).containsEntry("cp-1", "patched").containsEntry("w-1", "patched")
			.containsEntry("w-2", "deferred").containsEntry("w-3", "deferred").containsEntry("w-4", "deferred");
		assertThat(nodeEvents("w-4")).containsExactly("deferred");
		long deferredRun = runId();
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));

		CliRunner.Result next = cli("patch", "--cluster", "c1");

		assertThat(next.exitCode()).as(next.out() + next.err()).isZero();
		assertThat(runId()).as("a deferred run is finished: a new one starts").isNotEqualTo(deferredRun);
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"), List.of("w-2"), List.of("w-3", "w-4"),
				List.of("w-1"));
	}

	@Test
	void aResumedRunKeepsTheWindowOfTheRunItResumes() {
		cli("cluster", "set", "c1", "--maintenance-window", "30m");
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("cp-1")) {
				this.stop.request();
			}
		});
		assertThat(cli("patch", "--cluster", "c1").exitCode()).isEqualTo(143);
		this.runner.afterRun((hosts) -> {
		});
		this.clock.move(Duration.ofMinutes(45));

		CliRunner.Result deferred = cli("patch", "--cluster", "c1");

		assertThat(deferred.exitCode()).as(deferred.out() + deferred.err()).isEqualTo(3);
		assertThat(deferred.out()).contains("c1: deferred (run " + runId() + ", resumed")
			.contains("maintenance window of 30m closed at 2026-11-25T02:30Z; 4 node(s) deferred");
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"));
		assertThat(results()).containsEntry("cp-1", "patched").containsEntry("w-1", "deferred");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void theSoakBetweenChunksIsLogged(CapturedOutput output) {
		CliRunner.Result patched = cli("patch", "--cluster", "c1", "--pause-between-chunks", "1s");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		assertThat(output.getAll()).contains("c1: soaking 1 s before chunk 2/4 (node 2 of 5, canary)")
			.contains("c1: soaking 1 s before chunk 4/4 (node 5 of 5)")
			.contains("c1: no Kubernetes API configured");
	}

	@Test
	void aStopEndsTheSoak() {
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("cp-1")) {
				// a SIGTERM a moment into the soak that follows
				Thread signal = new Thread(() -> {
					try {
						Thread.sleep(1500);
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
					}
					this.stop.request();
				});
				signal.start();
			}
		});
		long started = System.nanoTime();

		CliRunner.Result stopped = cli("patch", "--cluster", "c1", "--pause-between-chunks", "1h");

		assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(143);
		assertThat(java.time.Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
		assertThat(stopped.out()).contains("c1: stopped").contains("stopped on request before chunk 2/4");
		assertThat(this.runner.requests).containsExactly(List.of("cp-1"));
	}

	@Test
	void aBadPauseIsRefusedAndNothingRuns() {
		CliRunner.Result refused = cli("patch", "--cluster", "c1", "--pause-between-chunks", "5 minutes");

		assertThat(refused.exitCode()).isEqualTo(2);
		assertThat(refused.err().strip()).doesNotContain("\n").contains("--pause-between-chunks");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isZero();
	}

	private int mostPatchingAtOnce() {
		java.util.Set<String> out = new java.util.HashSet<>();
		int most = 0;
		for (Map.Entry<String, String> event : this.jdbc.sql("""
				SELECT n.name, e.event FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? ORDER BY e.occurred_at, e.id""")
			.param(runId())
			.query((rs, row) -> Map.entry(rs.getString(1), rs.getString(2)))
			.list()) {
			if (event.getValue().equals("patching")) {
				out.add(event.getKey());
			}
			else {
				out.remove(event.getKey());
			}
			most = Math.max(most, out.size());
		}
		return most;
	}

	private List<String> nodeEvents(String node) {
		return this.jdbc.sql("""
				SELECT e.event FROM node_events e JOIN nodes n ON n.id = e.node_id
				WHERE e.run_id = ? AND n.name = ? ORDER BY e.id""")
			.params(runId(), node)
			.query(String.class)
			.list();
	}

	private Map<String, String> results() {
		Map<String, String> results = new HashMap<>();
		this.jdbc.sql("""
				SELECT n.name, r.status FROM node_results r JOIN nodes n ON n.id = r.node_id
				WHERE r.run_id = (SELECT MAX(id) FROM patch_runs)""")
			.query((rs) -> {
				results.put(rs.getString(1), rs.getString(2));
			});
		return results;
	}

	private long runId() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private CliRunner.Result cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		if (!args[0].equals("patch")) {
			assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
		}
		return result;
	}

}
