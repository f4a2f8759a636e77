package io.ospatch.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code ospatch}: the top of the command tree. */
@Command(name = "ospatch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
		description = { "Keeps the OS of every Kubernetes node on the latest patch release of its stream.", "",
				"Settings come from the environment (OSPATCH_*, SPRING_DATASOURCE_URL/_USERNAME/_PASSWORD);",
				"with none, an embedded H2 database under OSPATCH_HOME (default ~/.ospatch) is used." },
		subcommands = { ClusterCommand.class, NodeCommand.class, ImportCommand.class, PatchCommand.class,
				PlanCommand.class, RunsCommand.class, ReportCommand.class, ComplianceCommand.class, UnlockCommand.class, SyncCommand.class, BootCommand.class,
				CronJobsCommand.class, ScheduleCommand.class, ScheduledCommand.class, ServeCommand.class, TokenCommand.class,
				AuditCommand.class })
class OspatchCommand implements Runnable {

	/** The option's name; {@link OspatchCli} looks for it on every level of the command line. */
	static final String DEBUG = "--debug";

	@Spec
	CommandSpec spec;

	// read from the parse result by OspatchCli, which must know it before any command runs
	@Option(names = DEBUG, scope = ScopeType.INHERIT, description = { "On a failure, print its whole stack trace after",
			"the one line, and log ospatch's own steps at DEBUG." })
	boolean debug;

	@Override
	public void run() {
		throw new picocli.CommandLine.ParameterException(this.spec.commandLine(), "a command is required");
	}

}
