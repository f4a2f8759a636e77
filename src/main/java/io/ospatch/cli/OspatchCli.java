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
			if (ex instanceof InvalidInputException) {
				err.println("ospatch: " + ex.getMessage());
				return ExitCodes.BAD_INPUT;
			}
			if (ex instanceof ClusterBusyException) {
				err.println("ospatch: " + ex.getMessage());
				return ExitCodes.BUSY;
			}
			if (ex instanceof PreflightException) {
				err.println("ospatch: cannot run: " + ex.getMessage());
				return ExitCodes.FAILED;
			}
			// the operator gets the root cause; the whole chain is in the log for whoever debugs it
			log.debug("ospatch {} failed", command.getCommandName(), ex);
			err.println("ospatch: failed: " + rootCause(ex));
			return ExitCodes.FAILED;
		});
		return commandLine.execute(args);
	}

	private static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null) ? cause.getMessage() : cause.getClass().getName();
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
