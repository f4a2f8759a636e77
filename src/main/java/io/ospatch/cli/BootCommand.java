package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.discovery.NodeDiscovery;
import io.ospatch.report.RunReporting;
import io.ospatch.report.RunReports;
import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.rollout.LaunchRequest;
import io.ospatch.rollout.PatchLauncher;
import io.ospatch.run.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch boot [--cluster NAME...] [--no-sync]}. */
@Command(name = "boot", mixinStandardHelpOptions = true,
		description = { "Patch on boot: patch now, with the same rolling rules as 'patch', the nodes of clusters with",
				"patch-on-boot that have not been patched since they joined (state new), and only those. For a",
				"CronJob every few minutes, and for a provisioning pipeline after it creates nodes.",
				"First syncs each such cluster that has a Kubernetes API, so that new nodes are found (--no-sync:",
				"only the nodes already registered); a cluster whose API cannot be read is not booted this time",
				"(one line, exit 1). Nothing new: one line, exit 0. An interrupted boot run is resumed; a",
				"cluster whose unfinished run was launched otherwise (patch, scheduled) is left to it (exit 75)." })
class BootCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME",
			description = "A cluster to boot; repeat for several. It must have patch-on-boot. Default: every cluster with patch-on-boot.")
	List<String> clusters = new ArrayList<>();

	@Option(names = "--no-sync", description = "Do not read the clusters' nodes from their Kubernetes API first.")
	boolean noSync;

	BootCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		FleetService fleet = this.beans.get(FleetService.class);
		PrintWriter out = this.spec.commandLine().getOut();
		List<Cluster> booting = new ArrayList<>();
		if (this.clusters.isEmpty()) {
			for (Cluster cluster : fleet.clusters()) {
				if (!cluster.patchOnBoot()) {
					continue;
				}
				cluster.kind().bootRefusal().ifPresentOrElse(
						(reason) -> out.println(cluster.name() + ": not booted: " + reason), () -> booting.add(cluster));
			}
		}
		else {
			// refused (exit 2) before anything is synced, as the launcher would refuse it
			this.clusters.stream().distinct().map(fleet::cluster).map(Cluster::requireBootable).forEach(booting::add);
		}
		int syncExitCode = ExitCodes.OK;
		List<String> names = new ArrayList<>();
		for (Cluster cluster : booting) {
			if (!this.noSync && cluster.kubeAccess() != null) {
				int synced = SyncCommand.syncOne(this.beans.get(NodeDiscovery.class), cluster, out,
						this.spec.commandLine().getErr());
				syncExitCode = SyncCommand.worse(syncExitCode, synced);
				if (synced == ExitCodes.FAILED) {
					continue;
				}
			}
			names.add(cluster.name());
		}
		if (names.isEmpty()) {
			out.println(booting.isEmpty() ? "nothing to boot: no cluster that can be patched has patch-on-boot"
					: "nothing booted: no cluster could be synced");
			return syncExitCode;
		}
		LaunchOutcome outcome = this.beans.get(PatchLauncher.class)
			.launch(new LaunchRequest(names, false, false, Trigger.BOOT, PatchCommand.launchedBy()));
		if (outcome.runs().isEmpty() && outcome.busy().isEmpty()) {
			out.println("nothing to boot: no new nodes in " + String.join(", ", outcome.nothingToDo().keySet()));
			return syncExitCode;
		}
		RunSummaryPrinter.print(out, outcome, this.beans.get(RunReports.class));
		this.beans.get(RunReporting.class).catchUpMail();
		return SyncCommand.worse(ExitCodes.of(outcome), syncExitCode);
	}

}
