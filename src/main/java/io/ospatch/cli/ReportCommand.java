package io.ospatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.report.FleetIndex;
import io.ospatch.report.MailResult;
import io.ospatch.report.ReportFiles;
import io.ospatch.report.RunMailer;
import io.ospatch.report.RunReports;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunRepository.Run;
import io.ospatch.run.UnknownRunException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch report --run ID [--resend] | --cluster NAME}. */
@Command(name = "report", mixinStandardHelpOptions = true,
		description = { "Render a run's report again from the database (<reports-dir>/<cluster>/<run>",
				".html, .json and .csv) and the fleet index (<reports-dir>/index.html), and print",
				"their paths, one per line; with --resend, mail it again to the cluster's security",
				"contacts and ospatch.mail.to. Or print the path of a cluster's latest report.", "",
				"Exit codes: 0 done (and mailed); 1 the mail could not be sent (the reason is", "recorded on the run: ospatch runs --id ID); 2 bad input, no such run or cluster,",
				"a run that is not finished, no SMTP server configured or no one to mail." })
class ReportCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@ArgGroup(exclusive = true, multiplicity = "1")
	Target target;

	static class Target {

		@Option(names = "--run", paramLabel = "ID", required = true,
				description = "Render this run's report and the fleet index again; print their paths.")
		Long run;

		@Option(names = "--cluster", paramLabel = "NAME", required = true,
				description = "Print the path of this cluster's latest report, rendered first if it is not on disk.")
		String cluster;

	}

	@Option(names = "--resend",
			description = "With --run: mail the run's report again, whatever became of its mail before (a finished run only).")
	boolean resend;

	ReportCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		if (this.resend && this.target.run == null) {
			throw new InvalidInputException("--resend goes with --run ID: it mails one run's report");
		}
		return (this.target.run != null) ? reportRun(out, this.target.run) : printLatest(out, this.target.cluster);
	}

	/** {@code --run}: the run's report and the index written anew, their paths printed. */
	private int reportRun(PrintWriter out, long runId) {
		Run run = this.beans.get(RunRepository.class)
			.find(runId)
			.orElseThrow(() -> new UnknownRunException(runId));
		if (this.resend && !run.outcome().finished()) {
			throw new InvalidInputException("run " + runId + " is " + run.outcome()
					+ ": only a finished run is mailed (compliant, partial or halted)");
		}
		ReportFiles files = this.beans.get(RunReports.class).render(run.id());
		List.of(files.html(), files.json(), files.csv(), this.beans.get(FleetIndex.class).rewrite())
			.forEach((file) -> out.println(absolute(file)));
		return this.resend ? resend(out, run, files) : ExitCodes.OK;
	}

	private int resend(PrintWriter out, Run run, ReportFiles files) {
		MailResult mailed = this.beans.get(RunMailer.class).resend(run.id(), files);
		switch (mailed.kind()) {
			case SENT -> {
				out.println("mailed: " + mailed.detail());
				return ExitCodes.OK;
			}
			case FAILED -> {
				this.spec.commandLine().getErr().println("ospatch: the mail of run " + run.id() + " could not be sent: "
						+ mailed.detail() + " (recorded on the run)");
				return ExitCodes.FAILED;
			}
			default -> throw new InvalidInputException("run " + run.id() + " not mailed: " + mailed.detail());
		}
	}

	/** {@code --cluster}: the path of its latest report. */
	private int printLatest(PrintWriter out, String clusterName) {
		out.println(absolute(latest(clusterName)));
		return ExitCodes.OK;
	}

	/** Paths as printed: whatever the current directory of whoever reads them. */
	private static Path absolute(Path file) {
		return file.toAbsolutePath().normalize();
	}

	/** The HTML report of the cluster's latest run, rendered (with the index) if it is not on disk. */
	private Path latest(String clusterName) {
		String cluster = this.beans.get(FleetService.class).cluster(clusterName).name();
		Run run = this.beans.get(RunRepository.class)
			.recent(cluster, 1)
			.stream()
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("cluster '" + cluster + "' has no runs yet, so no report"));
		Path html = this.beans.get(RunReports.class).filesOf(cluster, run.id()).html();
		if (!Files.isRegularFile(html)) {
			html = this.beans.get(RunReports.class).render(run.id()).html();
			this.beans.get(FleetIndex.class).rewrite();
		}
		return html;
	}

}
