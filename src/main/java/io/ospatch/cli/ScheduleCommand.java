package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.schedule.FireTimePreview;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch schedule --cluster NAME | --schedule S [--timezone ZONE] [--after INSTANT] [--count N]}. */
@Command(name = "schedule", mixinStandardHelpOptions = true,
		description = { "Print the next fire times of a cluster's schedule, or of a schedule given here, one per line",
				"(ISO-8601 with the offset of the schedule's timezone); nothing else on stdout. Changes nothing.", "",
				"Schedules: weekly (Sunday 00:00), every-two-weeks (every second Sunday 00:00, counted from",
				"Sunday 2023-01-01), monthly (the 1st, 00:00), every-two-months (the 1st of January, March, May,",
				"July, September, November, 00:00), or a cron expression 'minute hour day-of-month month",
				"day-of-week' ('30 2 15 6 *'). A local time skipped by a daylight-saving change fires at the",
				"first instant after it; one that happens twice fires once, the first time." })
class ScheduleCommand implements Callable<Integer> {

	private static final int MOST = FireTimePreview.MOST;

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Target target;

	@Option(names = "--timezone", paramLabel = "ZONE",
			description = "With --schedule: the IANA timezone to read it in. Default: UTC.")
	String timezone;

	@Option(names = "--after", paramLabel = "INSTANT",
			description = "Fire times after this instant (2026-11-29T00:00:00Z, or with an offset). Default: now.")
	String after;

	@Option(names = "--count", paramLabel = "N", defaultValue = "5", description = "How many (1-" + MOST + "; default ${DEFAULT-VALUE}).")
	int count;

	static class Target {

		@Option(names = "--cluster", paramLabel = "NAME", required = true, description = "A cluster: its schedule in its timezone.")
		String cluster;

		@Option(names = "--schedule", paramLabel = "SCHEDULE", required = true, description = "A preset or a cron expression.")
		String schedule;

	}

	ScheduleCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		if (this.count < 1 || this.count > MOST) {
			throw new InvalidInputException("--count must be 1-" + MOST + ", not " + this.count);
		}
		Instant from = (this.after != null) ? InputRules.instant("--after", this.after) : Clock.systemUTC().instant();
		FireTimePreview preview = this.beans.get(FireTimePreview.class);
		List<ZonedDateTime> fireTimes;
		if (this.target.schedule != null) {
			fireTimes = preview.ofSchedule(this.target.schedule, this.timezone, from, this.count);
		}
		else {
			if (this.timezone != null) {
				throw new InvalidInputException("--timezone goes with --schedule; a cluster's schedule is read in its own timezone");
			}
			fireTimes = preview.ofCluster(this.target.cluster, from, this.count);
		}
		PrintWriter out = this.spec.commandLine().getOut();
		for (ZonedDateTime fire : fireTimes) {
			out.println(fire.toOffsetDateTime());
		}
		return ExitCodes.OK;
	}

}
