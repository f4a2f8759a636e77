package io.ospatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

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
	 * Runs a command line that must succeed (exit 0), as a test's setup or check does.
	 * @return what it printed on stdout
	 */
	public static String succeeded(ApplicationContext context, String... args) {
		Result result = run(context, args);
		assertThat(result.exitCode()).as(String.join(" ", args) + ": " + result.out() + result.err()).isZero();
		return result.out();
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
