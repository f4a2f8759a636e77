package io.ospatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ospatch.cluster.FleetService;
import io.ospatch.cronjob.CronJobManifests;
import io.ospatch.cronjob.CronJobRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch cronjobs [--out DIR]}. */
@Command(name = "cronjobs", mixinStandardHelpOptions = true,
		description = { "Render the Kubernetes CronJobs the fleet's schedules need: one per",
				"schedule preset and timezone in use, and one per custom schedule and",
				"timezone, each firing at its exact local time and running",
				"'ospatch scheduled --schedule S' (which still patches only what is due),",
				"with the pod of k8s-cronjobs/base. YAML on stdout, ordered by name; with",
				"--out, a file per CronJob and a kustomization.yaml. Changes nothing in",
				"the database." })
class CronJobsCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--out", paramLabel = "DIR",
			description = { "Write NAME.yaml per CronJob and a kustomization.yaml into",
					"DIR (created if missing). Files an earlier rendering wrote",
					"there and no longer needed are removed, no other file." })
	Path out;

	@Option(names = "--image", paramLabel = "IMAGE", defaultValue = CronJobRenderer.BASE_IMAGE,
			description = { "The image they run (registry.example.com/ospatch:0.1.0);",
					"default ${DEFAULT-VALUE}, the base's name before kustomize sets it." })
	String image;

	CronJobsCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		CronJobRenderer.Rendering rendering = CronJobRenderer.render(this.beans.get(FleetService.class).clusters(),
				this.image);
		rendering.skipped().forEach((skipped) -> err.println("ospatch: " + skipped));
		if (rendering.cronJobs().isEmpty()) {
			err.println("ospatch: no cluster has a schedule ospatch patches on: no CronJobs to render");
		}
		if (this.out != null) {
			CronJobManifests.write(this.out, rendering.cronJobs()).forEach(out::println);
		}
		else if (!rendering.cronJobs().isEmpty()) {
			out.print(CronJobManifests.yaml(rendering.cronJobs()));
			out.flush();
		}
		return ExitCodes.OK;
	}

}
