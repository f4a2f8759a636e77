package io.ospatch.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.OspatchProperties;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.report.FleetIndex;
import io.ospatch.report.RunReportRenderer;
import io.ospatch.run.RunRepository;
import io.ospatch.run.RunRepository.Run;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch report --run ID | --cluster NAME}. */
@Command(name = "report", mixinStandardHelpOptions = true,
		description = { "Render a run's report again from the database (<reports-dir>/<cluster>/<run>",
				".html, .json and .csv) and the fleet index (<reports-dir>/index.html), and print",
				"their paths, one per line; or print the path of a cluster's latest report." })
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

	ReportCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		return (this.target.run != null) ? reportRun(out, this.target.run) : printLatest(out, this.target.cluster);
	}

	/** {@code --run}: the run's report and the index written anew, their paths printed. */
	private int reportRun(PrintWriter out, long runId) {
		Run run = this.beans.get(RunRepository.class)
			.find(runId)
			.orElseThrow(() -> new InvalidInputException("no run " + runId));
		rerender(run).forEach((file) -> out.println(absolute(file)));
		return ExitCodes.OK;
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

	/** The run's report files and the index, written anew. */
	private List<Path> rerender(Run run) {
		List<Path> files = new ArrayList<>(this.beans.get(RunReportRenderer.class).render(run.id()));
		files.add(this.beans.get(FleetIndex.class).rewrite());
		return files;
	}

	/** The HTML report of the cluster's latest run, rendered (with the index) if it is not on disk. */
	private Path latest(String clusterName) {
		String cluster = this.beans.get(FleetService.class).cluster(clusterName).name();
		Run run = this.beans.get(RunRepository.class)
			.recent(cluster, 1)
			.stream()
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("cluster '" + cluster + "' has no runs yet, so no report"));
		Path html = this.beans.get(OspatchProperties.class).reportsDir().resolve(cluster).resolve(run.id() + ".html");
		if (!Files.isRegularFile(html)) {
			html = rerender(run).get(0);
		}
		return html;
	}

}
