package io.ospatch.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

import io.ospatch.web.security.ApiToken;
import io.ospatch.web.security.ApiTokens;
import io.ospatch.web.security.IssuedApiToken;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ospatch token create|list|revoke}: the API tokens of {@code ospatch serve}. */
@Command(name = "token", mixinStandardHelpOptions = true,
		description = { "Create, list and revoke API tokens: the REST API of 'ospatch serve' (/api/**, never the pages)",
				"takes 'Authorization: Bearer TOKEN' from scripts and pipelines. Only a hash of each token is stored." },
		subcommands = { TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class })
class TokenCommand implements Runnable {

	@Spec
	CommandSpec spec;

	@Override
	public void run() {
		throw new ParameterException(this.spec.commandLine(), "a subcommand is required: create, list or revoke");
	}

	@Command(name = "create", mixinStandardHelpOptions = true,
			description = { "Create a token and print it, alone on stdout: this is the only time it is shown, so",
					"store it now (e.g. TOKEN=$(ospatch token create --name ci --role operator)). Its requests are",
					"recorded as made by token:NAME." })
	static class Create implements Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Option(names = "--name", required = true, paramLabel = "NAME",
				description = "What it is for (letters, digits and . _ @ -, up to 64); never reused, even once revoked.")
		String name;

		@Option(names = "--role", required = true, paramLabel = "ROLE",
				description = "viewer (reads) or operator (also changes settings and launches).")
		String role;

		@Option(names = "--expires-in", paramLabel = "DURATION",
				description = "How long it works, in days or hours: 90d, 12h (up to 3650d). Default: until revoked.")
		String expiresIn;

		Create(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			IssuedApiToken issued = this.beans.get(ApiTokens.class)
				.create(this.name, this.role, this.expiresIn, PatchCommand.launchedBy());
			this.spec.commandLine().getOut().println(issued.secret());
			ApiToken token = issued.token();
			// on stderr, so that the token is all that a script capturing stdout gets
			this.spec.commandLine()
				.getErr()
				.println("token '" + token.name() + "' created, role " + token.role().value() + ", "
						+ ((token.expiresAt() != null) ? "expires " + shown(token.expiresAt()) : "does not expire")
						+ "; it is not shown again");
			return ExitCodes.OK;
		}

	}

	@Command(name = "list", mixinStandardHelpOptions = true,
			description = "List the tokens, revoked and expired ones included (never the tokens themselves).")
	static class ListTokens implements Callable<Integer> {

		private static final String ROW = "%-24s %-9s %-8s %-20s %-20s %-20s %s%n";

		private final Beans beans;

		@Spec
		CommandSpec spec;

		ListTokens(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			List<ApiToken> tokens = this.beans.get(ApiTokens.class).list();
			Instant now = this.beans.get(Clock.class).instant();
			PrintWriter out = this.spec.commandLine().getOut();
			if (tokens.isEmpty()) {
				out.println("no API tokens; 'ospatch token create' makes one");
				return ExitCodes.OK;
			}
			out.printf(ROW, "NAME", "ROLE", "STATE", "CREATED", "EXPIRES", "LAST USED", "CREATED BY");
			for (ApiToken token : tokens) {
				out.printf(ROW, token.name(), token.role().value(), token.state(now), shown(token.createdAt()),
						shown(token.expiresAt()), shown(token.lastUsedAt()), token.createdBy());
			}
			return ExitCodes.OK;
		}

	}

	@Command(name = "revoke", mixinStandardHelpOptions = true,
			description = { "Revoke a token: its next request is refused (401). It stays listed, revoked; its name",
					"is not used again." })
	static class Revoke implements Callable<Integer> {

		private final Beans beans;

		@Spec
		CommandSpec spec;

		@Option(names = "--name", required = true, paramLabel = "NAME", description = "The token's name.")
		String name;

		Revoke(Beans beans) {
			this.beans = beans;
		}

		@Override
		public Integer call() {
			ApiToken token = this.beans.get(ApiTokens.class).revoke(this.name);
			this.spec.commandLine().getOut().println("token '" + token.name() + "' revoked at " + shown(token.revokedAt()));
			return ExitCodes.OK;
		}

	}

	private static String shown(Instant instant) {
		return (instant != null) ? instant.truncatedTo(ChronoUnit.SECONDS).toString() : "-";
	}

}
