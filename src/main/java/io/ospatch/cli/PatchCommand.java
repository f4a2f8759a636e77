package io.ospatch.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.ospatch.cluster.InvalidInputException;
import io.ospatch.report.RunReporting;
import io.ospatch.report.RunReports;
import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.rollout.LaunchRequest;
import io.ospatch.rollout.PatchLauncher;
import io.ospatch.run.Trigger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch patch --cluster NAME | --all [--dry-run] [--fresh] [--pause-between-chunks DURATION]}. */
@Command(name = "patch", mixinStandardHelpOptions = true,
		description = { "Patch clusters now: each cluster's nodes in rolling order (control plane one at a time,",
				"then workers up to max-unavailable), clusters in parallel; ends with a summary.",
				"A cluster's run that was interrupted (killed, stopped, failed) is resumed where it stopped:",
				"chunks already done are not patched again. With --dry-run, only reads what would change",
				"(os-facts.yml), like 'plan': a cluster that cannot be planned gets one line and the others",
				"are still planned; the exit code is the worst, as for 'plan'." })
class PatchCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Target target;

	@Option(names = "--dry-run", description = "Change nothing: show each cluster's plan instead.")
	boolean dryRun;

	@Option(names = "--fresh", description = { "Abandon a cluster's unfinished run (one that was killed, stopped or",
			"failed; recorded as abandoned) and start a new one. Without it, the unfinished run is resumed." })
	boolean fresh;

	@Option(names = "--pause-between-chunks", paramLabel = "DURATION",
			description = { "Soak time after each rolling chunk before the next one starts, e.g. 5m, 90s, 1h",
					"(0s to 24h); then, on clusters with a Kubernetes API, a health gate checks that every",
					"node patched so far is Ready and no pod healthy before the chunk is crash-looping.",
					"A stop request ends the pause. A resumed run keeps the pause it was launched with.",
					"Default: the setting ospatch.rollout.pause-between-chunks (0s)." })
	String pauseBetweenChunks;

	private static final Pattern PAUSE = Pattern.compile("(?:([0-9]{1,2})h)?(?:([0-9]{1,4})m)?(?:([0-9]{1,6})s)?");

	static class Target {

		@Option(names = "--cluster", paramLabel = "NAME", required = true,
				description = "A cluster to patch; repeat to patch several in one launch.")
		List<String> clusters = new ArrayList<>();

		@Option(names = "--all", required = true, description = "Every cluster that can be patched.")
		boolean all;

	}

	PatchCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.dryRun) {
			return PlanCommand.printPlans(this.beans, out, this.spec.commandLine().getErr(), this.target.all,
					this.target.clusters);
		}
		Duration pause = (this.pauseBetweenChunks != null) ? pause(this.pauseBetweenChunks) : null;
		LaunchRequest request = new LaunchRequest(this.target.clusters, this.target.all, this.fresh, Trigger.ON_DEMAND,
				launchedBy()).withPauseBetweenChunks(pause);
		// each run in the audit trail as it starts: a launch can take hours
		LaunchOutcome outcome = CliAudit.recordingLaunches(this.beans, command(),
				() -> this.beans.get(PatchLauncher.class).launch(request));
		RunSummaryPrinter.print(out, outcome, this.beans.get(RunReports.class));
		this.beans.get(RunReporting.class).catchUpMail();
		return ExitCodes.of(outcome);
	}

	/** This command line as the audit trail's entries of its runs name it. */
	private String command() {
		return "ospatch patch " + (this.target.all ? "--all"
				: this.target.clusters.stream().map((name) -> "--cluster " + name).collect(Collectors.joining(" ")))
				+ (this.fresh ? " --fresh" : "")
				+ ((this.pauseBetweenChunks != null) ? " --pause-between-chunks " + this.pauseBetweenChunks.strip() : "");
	}

	/** {@code 5m}, {@code 90s}, {@code 1h30m}: 0s to 24h. */
	static Duration pause(String text) {
		Matcher matcher = PAUSE.matcher(text.strip());
		if (text.isBlank() || !matcher.matches()) {
			throw new InvalidInputException("--pause-between-chunks: '" + text.replaceAll("\\p{Cntrl}", "?")
					+ "' is not a duration such as 5m, 90s or 1h30m");
		}
		Duration pause = Duration.ofHours(part(matcher, 1)).plusMinutes(part(matcher, 2)).plusSeconds(part(matcher, 3));
		if (pause.compareTo(Duration.ofHours(24)) > 0) {
			throw new InvalidInputException("--pause-between-chunks: at most 24h, not " + text.strip());
		}
		return pause;
	}

	private static long part(Matcher matcher, int group) {
		return (matcher.group(group) != null) ? Long.parseLong(matcher.group(group)) : 0;
	}

	static String launchedBy() {
		String user = System.getProperty("user.name", "unknown");
		try {
			return user + "@" + InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return user;
		}
	}

}
