package io.ospatch.cli;

import java.io.PrintWriter;
import java.lang.reflect.Constructor;

import io.ospatch.cluster.ClusterBusyException;
import io.ospatch.cluster.InvalidInputException;
import io.ospatch.rollout.PreflightException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Runs one {@code ospatch} command line and returns its exit code. */
public final class OspatchCli {

	private static final Logger log = LoggerFactory.getLogger(OspatchCli.class);

	private static final String DEBUG_LOGGING = "logging.level.io.ospatch";

	private OspatchCli() {
	}

	/** The real thing: Spring started on demand, output to the console. */
	public static int run(String[] args) {
		try (SpringBeans beans = new SpringBeans()) {
			StopSignals.install(beans::requestStop);
			return execute(args, beans, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
		}
	}

	static int execute(String[] args, Beans beans, PrintWriter out, PrintWriter err) {
		CommandLine commandLine = new CommandLine(OspatchCommand.class, new BeansFactory(beans));
		commandLine.setExecutionStrategy(OspatchCli::executeWithDebugLogging);
		// '@FILE' would put a file's lines on the command line, and into the error they cause
		commandLine.setExpandAtFiles(false);
		documentExitCodesAndVersion(commandLine, commandLine.getCommandSpec().versionProvider());
		commandLine.setOut(out);
		commandLine.setErr(err);
		commandLine.setParameterExceptionHandler((ex, arguments) -> {
			err.println("ospatch: " + ex.getMessage());
			if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
				ex.getCommandLine().usage(err);
			}
			return ExitCodes.BAD_INPUT;
		});
		commandLine.setExecutionExceptionHandler((ex, command, parseResult) -> {
			boolean debug = debug(parseResult);
			int exitCode = report(ex, command.getCommandName(), err, debug);
			if (debug) {
				ex.printStackTrace(err);
			}
			return exitCode;
		});
		return commandLine.execute(args);
	}

	private static int report(Exception ex, String command, PrintWriter err, boolean debug) {
		if (ex instanceof ClusterBusyException) {
			err.println("ospatch: " + ex.getMessage());
			return ExitCodes.BUSY;
		}
		if (ex instanceof InvalidInputException) {
			err.println("ospatch: " + ex.getMessage());
			return ExitCodes.BAD_INPUT;
		}
		if (ex instanceof PreflightException) {
			err.println("ospatch: cannot run: " + ex.getMessage());
			return ExitCodes.FAILED;
		}
		// the operator gets the root cause; the whole chain is in the debug log, or after the line with --debug
		if (!debug) {
			log.debug("ospatch {} failed", command, ex);
		}
		err.println("ospatch: failed: " + rootCause(ex));
		return ExitCodes.FAILED;
	}

	/** The innermost cause's first line: drivers put whole SQL statements after it. */
	static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		if (cause.getMessage() == null || cause.getMessage().isBlank()) {
			return cause.getClass().getName();
		}
		return cause.getMessage().strip().lines().findFirst().orElse("");
	}

	/** {@code --debug} raises ospatch's log level for the command's Spring context, started while the command runs. */
	private static int executeWithDebugLogging(CommandLine.ParseResult parseResult) {
		if (!debug(parseResult)) {
			return new CommandLine.RunLast().execute(parseResult);
		}
		String previous = System.setProperty(DEBUG_LOGGING, "DEBUG");
		try {
			return new CommandLine.RunLast().execute(parseResult);
		}
		finally {
			if (previous != null) {
				System.setProperty(DEBUG_LOGGING, previous);
			}
			else {
				System.clearProperty(DEBUG_LOGGING);
			}
		}
	}

	private static boolean debug(CommandLine.ParseResult parseResult) {
		for (CommandLine.ParseResult level = parseResult; level != null; level = level.subcommand()) {
			if (level.hasMatchedOption(OspatchCommand.DEBUG)) {
				return true;
			}
		}
		return false;
	}

	/** Every command's {@code --help} lists the exit codes, and its {@code --version} is ospatch's. */
	private static void documentExitCodesAndVersion(CommandLine commandLine, CommandLine.IVersionProvider version) {
		commandLine.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.DESCRIPTIONS);
		commandLine.getCommandSpec().versionProvider(version);
		commandLine.getSubcommands().values().forEach((subcommand) -> documentExitCodesAndVersion(subcommand, version));
	}

	/** Gives commands that take {@link Beans} in their constructor the application's services. */
	private record BeansFactory(Beans beans) implements CommandLine.IFactory {

		@Override
		public <K> K create(Class<K> type) throws Exception {
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (constructor.getParameterCount() == 1 && constructor.getParameterTypes()[0] == Beans.class) {
					constructor.setAccessible(true);
					return type.cast(constructor.newInstance(this.beans));
				}
			}
			return CommandLine.defaultFactory().create(type);
		}

	}

}
