package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ospatch.cluster.InputRules;
import io.ospatch.report.RunReporting;
import io.ospatch.report.RunReports;
import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.rollout.ScheduledLauncher;
import io.ospatch.schedule.Schedule;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch scheduled [--schedule S] [--now INSTANT]}: what the CronJobs run. */
@Command(name = "scheduled", mixinStandardHelpOptions = true,
		description = { "Patch the clusters that are due: those whose latest fire time at or before now has not been",
				"run. Each cluster and fire time is run at most once: run again (a retried pod, a second pod, by",
				"hand), it resumes the fire time's unfinished run or does nothing. A fire time found later than",
				"ospatch.schedule.catch-up-window (6h) is recorded as missed ('ospatch runs' shows it) and not",
				"run. Clusters that cannot be patched are passed by, with the reason in the log. Several",
				"processes may run it at once on one database: they share the due clusters through the leases.",
				"Exit code: the worst of its runs, as for 'patch'; 75 when a cluster was held by another kind of",
				"run (its fire time stays due and a later 'scheduled' inside the window catches it up)." })
class ScheduledCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--schedule", paramLabel = "SCHEDULE",
			description = "Only the clusters on this schedule (a preset or the exact cron expression). Default: all.")
	String schedule;

	@Option(names = "--now", paramLabel = "INSTANT",
			description = "Find what is due at this instant instead of the clock's (tests, replaying a missed slot).")
	String now;

	ScheduledCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		Schedule only = (this.schedule != null) ? Schedule.parse(this.schedule) : null;
		Instant at = (this.now != null) ? InputRules.instant("--now", this.now) : this.beans.get(Clock.class).instant();
		ScheduledLauncher.Outcome outcome = this.beans.get(ScheduledLauncher.class)
			.launchDue(at, only, "scheduled by " + PatchCommand.launchedBy());
		PrintWriter out = this.spec.commandLine().getOut();
		outcome.alreadyRun().forEach((cluster, run) -> out.printf("%n%s: its fire time has its run already (run %d, by another process); not run again%n", cluster, run));
		outcome.missed().forEach((cluster, fire) -> out.printf("%n%s: missed fire time %s (past the catch-up window); not run%n",
				cluster, fire.toOffsetDateTime()));
		Map<String, String> passedBy = new LinkedHashMap<>(outcome.passedBy());
		LaunchOutcome launch = new LaunchOutcome("scheduled", outcome.runs(), outcome.busy(), passedBy);
		RunSummaryPrinter.print(out, launch, this.beans.get(RunReports.class));
		this.beans.get(RunReporting.class).catchUpMail();
		return ExitCodes.of(launch);
	}

}
