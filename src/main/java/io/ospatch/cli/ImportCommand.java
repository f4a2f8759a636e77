package io.ospatch.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ospatch.audit.AuditTrail;
import io.ospatch.audit.ChangeDetails;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetEntry;

import io.ospatch.cluster.FleetFile;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.ImportSummary;
import io.ospatch.cluster.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ospatch import FILE.yaml}. */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = { "Register a whole fleet from a YAML file; importing the same file again changes nothing.", "",
				"The file has a top-level 'clusters:' list; each cluster has 'name', its settings (kind, timezone,",
				"patch-on-boot, schedule, max-unavailable, failure-budget, contacts, ssh-user, ssh-key, known-hosts,",
				"jump-host, become-password-file, inventory-vars, webhook-url, webhook-secret-file) and 'nodes:', each with 'name', 'address', 'role' and optional 'port' and 'ssh-key'.",
				"Nodes already registered but not in the file are kept and listed ('ospatch node remove' removes one).",
				"A setting left out keeps its stored value; 'none' clears an optional one (schedule, contacts, ssh-user,",
				"ssh-key, known-hosts, jump-host, become-password-file, webhook-url, webhook-secret-file); inventory-vars, when given, is the whole set ({} clears it).", "",
				"Values are read as written (0123 stays 0123, no stays no): nothing needs quoting. A key given twice,",
				"an unknown key and a file over 1 MB are refused." })
class ImportCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Parameters(paramLabel = "FILE", description = "The fleet file (YAML).")
	Path file;

	ImportCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() {
		// read and check the whole file before the database is even opened
		var entries = FleetFile.read(this.file);
		FleetService fleet = this.beans.get(FleetService.class);
		Map<String, Cluster> before = new HashMap<>();
		Map<String, List<Node>> nodesBefore = new HashMap<>();
		fleet.clusters().forEach((cluster) -> {
			before.put(cluster.name(), cluster);
			nodesBefore.put(cluster.name(), fleet.nodesWithGone(cluster));
		});
		ImportSummary summary = fleet.importFleet(entries);
		// one entry per cluster the file added or changed, by what changed: compared after the fact
		for (FleetEntry entry : entries) {
			Cluster after = fleet.cluster(entry.name());
			ChangeDetails.imported(this.file, before.get(entry.name()), nodesBefore.getOrDefault(entry.name(), List.of()),
					after, fleet.nodesWithGone(after))
				.ifPresent((detail) -> CliAudit.record(this.beans, AuditTrail.IMPORT, entry.name(), detail));
		}
		PrintWriter out = this.spec.commandLine().getOut();
		out.printf("imported %s: %d cluster(s) added, %d updated, %d unchanged; %d node(s) added, %d updated%n",
				this.file, summary.created().size(), summary.updated().size(), summary.unchanged().size(),
				summary.nodesAdded(), summary.nodesUpdated());
		if (!summary.nodesNotInFile().isEmpty()) {
			out.println("registered but not in the file (kept): " + String.join(", ", summary.nodesNotInFile()));
		}
		return ExitCodes.OK;
	}

}
