package io.ospatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.springframework.context.ApplicationContext;

/** Runs {@code ospatch} command lines against a test's application context, as an operator would. */
public final class CliRunner {

	private CliRunner() {
	}

	public static Result run(ApplicationContext context, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = OspatchCli.execute(args, context::getBean, new PrintWriter(out, true), new PrintWriter(err, true));
		return new Result(exitCode, out.toString(), err.toString());
	}

	/**
	 * What a command line did.
	 *
	 * @param exitCode its exit code
	 * @param out what it printed on stdout
	 * @param err what it printed on stderr
	 */
	public record Result(int exitCode, String out, String err) {
	}

}
