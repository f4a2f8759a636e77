package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.audit.AuditEntry;
import io.ospatch.audit.AuditTrail;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ospatch audit [--cluster NAME] [--limit N]}. */
@Command(name = "audit", mixinStandardHelpOptions = true,
		description = "Show the audit trail, newest first: who changed the fleet or launched a patch, when, and what, "
				+ "from the command line (user@host), the web console and the REST API (login name). Removed clusters "
				+ "keep their trail. Secrets are never recorded.")
class AuditCommand implements Callable<Integer> {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--cluster", paramLabel = "NAME", description = "Only this cluster's entries (a removed one's too).")
	String cluster;

	@Option(names = "--limit", paramLabel = "N", defaultValue = "20",
			description = "At most N entries, 1-1000 (default ${DEFAULT-VALUE}).")
	int limit;

	AuditCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		List<AuditEntry> entries = this.beans.get(AuditTrail.class).recent(this.cluster, this.limit);
		PrintWriter out = this.spec.commandLine().getOut();
		if (entries.isEmpty()) {
			out.println((this.cluster != null) ? "nothing recorded for cluster " + this.cluster : "nothing recorded");
			return ExitCodes.OK;
		}
		String row = "%-20s  %-24s  %-14s  %-20s  %s%n";
		out.printf(row, "TIME", "ACTOR", "ACTION", "CLUSTER", "DETAIL");
		for (AuditEntry entry : entries) {
			out.printf(row, TIME.format(entry.at()), entry.actor(), entry.action(),
					(entry.cluster() != null) ? entry.cluster() : "(fleet)", (entry.detail() != null) ? entry.detail() : "");
		}
		return ExitCodes.OK;
	}

}
