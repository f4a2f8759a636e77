package io.ospatch.rollout;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.ospatch.cli.CliRunner;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch scheduled} on the MySQL/MariaDB test database, with the scripted playbook runner and
 * {@code --now}: what is due is patched once, what is not is left alone, a fire time is never run
 * twice, a killed run is resumed, late fire times are caught up inside the window and recorded as
 * missed outside it. The clusters are registered on Wednesday 2026-11-25 (the test's clock), so
 * their first fire times are the coming Sunday's and the 1st of December.
 */
@Import({ ScriptedAnsibleConfiguration.class, ScheduledFunctionalTests.FixedClock.class })
@SpringBootTest(properties = { "ospatch.ansible.binary=/bin/true", "ospatch.rollout.parallel-clusters=4",
		"ospatch.reports-dir=target/scheduled-functional-tests" })
@ExtendWith(OutputCaptureExtension.class)
class ScheduledFunctionalTests {

	static final Instant REGISTERED = Instant.parse("2026-11-25T12:00:00Z");

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ScriptedPlaybookRunner runner;

	@Autowired
	PatchLauncher launcher;

	@BeforeEach
	void emptyFleet() {
		DatabaseCleaner.clean(this.jdbc);
		this.runner.reset((host, attempt) -> ScriptedPlaybookRunner.patched(host));
	}

	@Test
	void dueClustersArePatchedOnceAndTheOthersAreLeftAlone() {
		cluster("utc-weekly", "weekly", "UTC");
		cluster("berlin-weekly", "weekly", "Europe/Berlin");
		cluster("monthly", "monthly", "UTC");
		cluster("june", "30 2 15 6 *", "UTC");
		cluster("unscheduled", null, "UTC");

		CliRunner.Result scheduled = cli("scheduled", "--now", "2026-11-29T01:00:00Z");

		assertThat(scheduled.exitCode()).as(scheduled.out() + scheduled.err()).isZero();
		assertThat(scheduled.out()).contains("utc-weekly: compliant").contains("berlin-weekly: compliant");
		assertThat(runs()).containsOnly(Map.entry("utc-weekly", "compliant"), Map.entry("berlin-weekly", "compliant"));
		assertThat(this.jdbc.sql("SELECT trigger_type FROM patch_runs").query(String.class).list())
			.containsOnly(Trigger.SCHEDULED.value());
		assertThat(launchedBy("berlin-weekly")).endsWith("for fire time 2026-11-29T00:00+01:00");
		assertThat(launchedBy("utc-weekly")).endsWith("for fire time 2026-11-29T00:00Z");
		for (String cluster : List.of("utc-weekly", "berlin-weekly")) {
			assertThat(this.runner.runsOf(cluster + "-cp")).as(cluster).isEqualTo(1);
			assertThat(this.runner.runsOf(cluster + "-w")).as(cluster).isEqualTo(1);
		}
		for (String cluster : List.of("monthly", "june", "unscheduled")) {
			assertThat(this.runner.runsOf(cluster + "-cp")).as(cluster + " is not due").isZero();
		}
		assertThat(cli("cluster", "show", "berlin-weekly").out()).contains("next fire time:  2026-12-06T00:00+01:00");
		assertThat(cli("cluster", "show", "monthly").out()).contains("next fire time:  2026-12-01T00:00Z");
		assertThat(cli("cluster", "list").out()).containsPattern("june +provisioned .* 30 2 15 6 \\* +2027-06-15T02:30Z");
	}

	@Test
	void theSameFireTimeAgainStartsNoSecondRun() {
		cluster("a", "weekly", "UTC");
		cluster("b", "weekly", "UTC");
		assertThat(cli("scheduled", "--now", "2026-11-29T00:05:00Z").exitCode()).isZero();

		CliRunner.Result again = cli("scheduled", "--now", "2026-11-29T00:30:00Z");

		assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
		assertThat(again.out()).contains("summary: 0 cluster(s)");
		assertThat(runs()).hasSize(2);
		assertThat(this.runner.runsOf("a-cp")).isEqualTo(1);

		// a process that ran the fire time but died before moving the cluster on: found due, not run
		this.jdbc.sql("UPDATE next_fire_times SET fire_time = ?").param(java.time.LocalDateTime.of(2026, 11, 29, 0, 0)).update();
		CliRunner.Result afterADeadProcess = cli("scheduled", "--now", "2026-11-29T00:40:00Z");

		assertThat(afterADeadProcess.exitCode()).as(afterADeadProcess.out() + afterADeadProcess.err()).isZero();
		assertThat(runs()).hasSize(2);
		assertThat(this.runner.runsOf("a-cp")).isEqualTo(1);
		assertThat(cli("cluster", "show", "a").out()).contains("next fire time:  2026-12-06T00:00Z");
	}

	@Test
	void theLauncherChecksUnderTheLeaseThatTheFireTimeHasNoRunYet() {
		cluster("a", "weekly", "UTC");
		Instant fireTime = Instant.parse("2026-11-29T00:00:00Z");
		assertThat(cli("scheduled", "--now", "2026-11-29T00:05:00Z").exitCode()).isZero();

		// another process found it due before the first one's run ended, and leases it after
		LaunchOutcome late = this.launcher.launch(new LaunchRequest(List.of("a"), false, false, Trigger.SCHEDULED,
				"a slower pod", Map.of("a", fireTime)));

		assertThat(late.runs()).isEmpty();
		assertThat(late.alreadyRun()).containsOnlyKeys("a");
		assertThat(runs()).hasSize(1);
		assertThat(this.runner.runsOf("a-cp")).isEqualTo(1);
	}

	@Test
	void aRunKilledOnTheWayIsResumedByTheNextScheduled() {
		cluster("a", "weekly", "UTC");
		CountDownLatch once = new CountDownLatch(1);
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("a-w") && once.getCount() > 0) {
				once.countDown();
				throw new IllegalStateException("ansible-playbook died");
			}
		});

		CliRunner.Result killed = cli("scheduled", "--now", "2026-11-29T00:05:00Z");

		assertThat(killed.exitCode()).as(killed.out() + killed.err()).isEqualTo(1);
		assertThat(runs()).containsOnly(Map.entry("a", "failed"));
		long run = this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
		assertThat(cli("cluster", "show", "a").out()).as("still due").contains("next fire time:  2026-11-29T00:00Z");

		CliRunner.Result retried = cli("scheduled", "--now", "2026-11-29T00:20:00Z");

		assertThat(retried.exitCode()).as(retried.out() + retried.err()).isZero();
		assertThat(retried.out()).contains("a: compliant (run " + run + ", resumed");
		assertThat(runs()).containsOnly(Map.entry("a", "compliant"));
		assertThat(this.runner.runsOf("a-cp")).as("its chunk was done before the crash").isEqualTo(1);
		assertThat(this.runner.runsOf("a-w")).as("the cut-off chunk runs again").isEqualTo(2);
		assertThat(this.jdbc.sql("SELECT event FROM run_events WHERE run_id = ? ORDER BY id").param(run).query(String.class).list())
			.containsSubsequence("started", "failed", "resumed", "ended");
		assertThat(cli("cluster", "show", "a").out()).contains("next fire time:  2026-12-06T00:00Z");
	}

	@Test
	void anUnfinishedRunFoundPastTheCatchUpWindowIsResumedNotMissed() {
		cluster("a", "weekly", "UTC");
		CountDownLatch once = new CountDownLatch(1);
		this.runner.afterRun((hosts) -> {
			if (hosts.contains("a-w") && once.getCount() > 0) {
				once.countDown();
				throw new IllegalStateException("ansible-playbook died");
			}
		});
		assertThat(cli("scheduled", "--now", "2026-11-29T00:05:00Z").exitCode()).isEqualTo(1);

		CliRunner.Result nextMorning = cli("scheduled", "--now", "2026-11-29T09:00:00Z");

		assertThat(nextMorning.exitCode()).as(nextMorning.out() + nextMorning.err()).isZero();
		assertThat(nextMorning.out()).contains("a: compliant").contains("resumed");
		assertThat(runs()).containsOnly(Map.entry("a", "compliant"));
	}

	@Test
	void aFireTimeInsideTheCatchUpWindowIsCaughtUpAndAnOlderOneIsRecordedAsMissed(CapturedOutput log) {
		cluster("utc", "weekly", "UTC"); // fired 2026-11-29T00:00Z
		cluster("kolkata", "weekly", "Asia/Kolkata"); // fired 2026-11-28T18:30Z

		CliRunner.Result late = cli("scheduled", "--now", "2026-11-29T05:59:00Z");

		assertThat(late.exitCode()).as(late.out() + late.err()).isZero();
		assertThat(runs()).containsOnly(Map.entry("utc", "compliant"), Map.entry("kolkata", "missed"));
		assertThat(this.runner.runsOf("kolkata-cp")).isZero();
		assertThat(late.out()).contains("kolkata: missed fire time 2026-11-29T00:00+05:30");
		assertThat(log.getAll()).contains("kolkata: missed: fire time 2026-11-29T00:00+05:30 found 11 h late, past the catch-up window of 6 h");
		assertThat(cli("runs", "--cluster", "kolkata").out()).contains("missed");
		assertThat(cli("cluster", "show", "kolkata").out()).contains("next fire time:  2026-12-06T00:00+05:30")
			.contains("last missed:     2026-11-29T00:00+05:30");
		assertThat(cli("scheduled", "--now", "2026-11-29T06:30:00Z").out()).as("recorded once").contains("summary: 0 cluster(s)");
		assertThat(runs()).hasSize(2);

		// its next fire time, found in time, is run as usual
		CliRunner.Result nextWeek = cli("scheduled", "--now", "2026-12-05T19:00:00Z");

		assertThat(nextWeek.exitCode()).as(nextWeek.out() + nextWeek.err()).isZero();
		assertThat(this.runner.runsOf("kolkata-cp")).isEqualTo(1);
		assertThat(this.runner.runsOf("utc-cp")).as("not due yet in UTC").isEqualTo(1);
	}

	@Test
	void fireTimesPassedWithNoScheduledRunningAreCountedInTheMissedRecord() {
		cluster("a", "weekly", "UTC");

		CliRunner.Result threeWeeksLate = cli("scheduled", "--now", "2026-12-13T12:00:00Z");

		assertThat(threeWeeksLate.exitCode()).as(threeWeeksLate.out() + threeWeeksLate.err()).isZero();
		assertThat(runs()).containsOnly(Map.entry("a", "missed"));
		assertThat(this.jdbc.sql("SELECT outcome_detail FROM patch_runs").query(String.class).single())
			.isEqualTo("fire time 2026-12-13T00:00Z found 12 h late, past the catch-up window of 6 h "
					+ "(ospatch.schedule.catch-up-window); not run; 2 earlier fire time(s) passed with no 'scheduled' running");
		assertThat(cli("cluster", "show", "a").out()).contains("next fire time:  2026-12-20T00:00Z");
	}

	@Test
	void aClusterScheduledWithoutANextFireTimeGetsOneAndWaitsForIt() {
		cluster("older", null, "UTC");
		// as an ospatch from before fire times were kept left it
		this.jdbc.sql("UPDATE clusters SET schedule = 'weekly' WHERE name = 'older'").update();
		assertThat(cli("cluster", "show", "older").out()).contains("next fire time:  unknown");

		CliRunner.Result scheduled = cli("scheduled", "--now", "2026-11-29T00:05:00Z");

		assertThat(scheduled.exitCode()).as(scheduled.out() + scheduled.err()).isZero();
		assertThat(runs()).as("not at a fire time that passed before it was known").isEmpty();
		assertThat(cli("cluster", "show", "older").out()).contains("next fire time:  2026-12-06T00:00Z");
		assertThat(cli("scheduled", "--now", "2026-12-06T00:05:00Z").exitCode()).isZero();
		assertThat(runs()).containsOnly(Map.entry("older", "compliant"));
	}

	@Test
	void onlyTheClustersOnTheScheduleAskedForArePatched() {
		cluster("weekly", "weekly", "UTC");
		cluster("every-two-weeks", "every-two-weeks", "UTC"); // 2026-11-29 is one of its Sundays

		CliRunner.Result scheduled = cli("scheduled", "--schedule", "every-two-weeks", "--now", "2026-11-29T00:05:00Z");

		assertThat(scheduled.exitCode()).as(scheduled.out() + scheduled.err()).isZero();
		assertThat(runs()).containsOnly(Map.entry("every-two-weeks", "compliant"));
	}

	@Test
	void aClusterThatCannotBePatchedIsPassedByWithItsReason(CapturedOutput log) {
		cluster("good", "weekly", "UTC");
		cluster("was-provisioned", "weekly", "UTC");
		// changed by hand behind ospatch's back: its kind can no longer be patched
		this.jdbc.sql("UPDATE clusters SET kind = 'aks' WHERE name = 'was-provisioned'").update();

		CliRunner.Result scheduled = cli("scheduled", "--now", "2026-11-29T00:05:00Z");

		assertThat(scheduled.exitCode()).as(scheduled.out() + scheduled.err()).isZero();
		assertThat(runs()).containsOnly(Map.entry("good", "compliant"));
		assertThat(log.getAll()).contains("was-provisioned: passed by, not patched on its schedule: AKS is a managed");
		assertThat(scheduled.out()).contains("was-provisioned: not patched: AKS is a managed");
	}

	@Test
	void threeScheduledAtOnceShareTwelveDueClustersAndPatchEachOnce() throws Exception {
		for (int i = 1; i <= 12; i++) {
			cluster("c" + i, "weekly", "UTC");
		}
		this.runner.beforeRun((hosts) -> sleep(300));
		ExecutorService pods = Executors.newFixedThreadPool(3);
		List<Future<CliRunner.Result>> results = new ArrayList<>();
		for (int pod = 0; pod < 3; pod++) {
			results.add(pods.submit(() -> cli("scheduled", "--now", "2026-11-29T00:05:00Z")));
		}
		List<CliRunner.Result> done = new ArrayList<>();
		for (Future<CliRunner.Result> result : results) {
			done.add(result.get());
		}
		pods.shutdown();

		for (CliRunner.Result result : done) {
			assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
		}
		assertThat(runs()).hasSize(12).allSatisfy((cluster, outcome) -> assertThat(outcome).isEqualTo("compliant"));
		for (int i = 1; i <= 12; i++) {
			assertThat(this.runner.runsOf("c" + i + "-cp")).as("c" + i).isEqualTo(1);
		}
		assertThat(done).as("each launch patched some").allSatisfy((result) -> assertThat(result.out()).contains(": compliant"));
	}

	private void cluster(String name, String schedule, String zone) {
		if (schedule != null) {
			cli("cluster", "add", name, "--schedule", schedule, "--timezone", zone);
		}
		else {
			cli("cluster", "add", name, "--timezone", zone);
		}
		cli("node", "add", name, name + "-cp", "--address", "127.0.0.1", "--role", "control-plane");
		cli("node", "add", name, name + "-w", "--address", "127.0.0.1", "--role", "worker");
	}

	private Map<String, String> runs() {
		Map<String, String> runs = new java.util.TreeMap<>();
		this.jdbc.sql("SELECT c.name, r.outcome FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id")
			.query((rs) -> {
				assertThat(runs.put(rs.getString(1), rs.getString(2))).as("one run per cluster").isNull();
			});
		return runs;
	}

	private String launchedBy(String cluster) {
		return this.jdbc.sql("SELECT r.launched_by FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id WHERE c.name = ?")
			.param(cluster)
			.query(String.class)
			.single();
	}

	private CliRunner.Result cli(String... args) {
		CliRunner.Result result = CliRunner.run(this.context, args);
		if (!args[0].equals("scheduled")) {
			assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.err()).isZero();
		}
		return result;
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The clusters are registered on a Wednesday, whatever day the test runs. */
	@TestConfiguration(proxyBeanMethods = false)
	static class FixedClock {

		@Bean
		@Primary
		Clock fixedClock() {
			return Clock.fixed(REGISTERED, ZoneOffset.UTC);
		}

	}

}
