package io.ospatch.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import io.ospatch.audit.AuditTrail;
import io.ospatch.lease.ClusterLeases;
import io.ospatch.rollout.ClusterUnlocker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch unlock --cluster NAME [--force]}. */
@Command(name = "unlock", mixinStandardHelpOptions = true,
		description = { "Release a cluster's lease by hand. A lease whose holder is gone (its process no longer runs",
				"on this host, or its heartbeat is older than ospatch.lease.ttl) is released at once; one whose",
				"heartbeat is fresh only with --force (exit 75 otherwise). Recorded on the run that held it.",
				"The run itself is left unfinished: the next 'patch' resumes it." })
class UnlockCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME", required = true, description = "The cluster.")
	String cluster;

	@Option(names = "--force", description = "Release it even though its holder looks alive.")
	boolean force;

	UnlockCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		PrintWriter out = this.spec.commandLine().getOut();
		ClusterUnlocker unlocker = this.beans.get(ClusterUnlocker.class);
		ClusterLeases.Unlock unlock = unlocker.unlock(this.cluster, this.force, PatchCommand.launchedBy());
		switch (unlock.result()) {
			case NOT_LOCKED -> out.println(this.cluster + ": not locked");
			case RELEASED -> {
				CliAudit.record(this.beans, AuditTrail.UNLOCK, this.cluster, "released the lease held by "
						+ unlocker.describe(unlock) + (this.force ? " (--force)" : ""));
				out.println(this.cluster + ": lease released (it was held by " + unlocker.describe(unlock) + ")");
			}
			case REFUSED -> {
				this.spec.commandLine()
					.getErr()
					.println("ospatch: " + this.cluster + ": the lease is held by a live run (" + unlocker.describe(unlock)
							+ "); not released. --force releases it anyway");
				return ExitCodes.BUSY;
			}
		}
		return ExitCodes.OK;
	}

}
