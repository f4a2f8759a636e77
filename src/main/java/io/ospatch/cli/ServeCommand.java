package io.ospatch.cli;

import java.io.PrintWriter;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.ospatch.cluster.InputRules;
import io.ospatch.cluster.InvalidInputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import org.springframework.boot.web.server.PortInUseException;

/** {@code ospatch serve [--port PORT] [--bind ADDRESS]}: the web console and REST API. */
@Command(name = "serve", mixinStandardHelpOptions = true,
		description = { "Serve the web console (the fleet page) and the REST API (/api/v1, described at",
				"/v3/api-docs) on the same database as the other commands, until SIGTERM or SIGINT; requests",
				"under way then finish (up to 30s), runs launched on demand stop at a chunk boundary",
				"(ospatch.rollout.stop-grace), resumable, and it exits 0. Only /actuator/health answers without a",
				"login. Users: the users file (OSPATCH_WEB_USERS_FILE) and/or the operator 'admin' that",
				"OSPATCH_ADMIN_PASSWORD creates; with neither it refuses to start (exit 2). The API also takes API",
				"tokens ('ospatch token'); pages also log in with OIDC where OSPATCH_WEB_OIDC_ISSUER_URI is set.",
				"A port in use or an address it cannot listen on: exit 1. With ospatch.web.launch.mode=kubernetes-job",
				"and no Kubernetes API answering: exit 2." })
class ServeCommand implements Callable<Integer> {

	private final Beans beans;

	@Spec
	CommandSpec spec;

	@Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
			description = "The TCP port to listen on (default 8080; 0: any free port).")
	int port;

	@Option(names = "--bind", paramLabel = "ADDRESS",
			description = "The address to listen on: an IP address or host name of this machine. Default: all of its addresses.")
	String bind;

	ServeCommand(Beans beans) {
		this.beans = beans;
	}

	@Override
	public Integer call() throws InterruptedException {
		Map<String, Object> settings = settings();
		PrintWriter out = this.spec.commandLine().getOut();
		PrintWriter err = this.spec.commandLine().getErr();
		int listening;
		try {
			listening = this.beans.startWebServer(settings);
		}
		catch (RuntimeException ex) {
			return refused(ex, err);
		}
		String host = (this.bind != null) ? this.bind : "localhost";
		out.println("ospatch serving on http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + listening + "/"
				+ ((this.bind != null) ? "" : " (all addresses)") + "; stop with SIGTERM or Ctrl-C");
		this.beans.awaitStop();
		out.println("ospatch serve stopped");
		return ExitCodes.OK;
	}

	private Map<String, Object> settings() {
		if (this.port < 0 || this.port > 65535) {
			throw new InvalidInputException("--port: " + this.port + " is not a TCP port (1-65535, or 0 for any free port)");
		}
		Map<String, Object> settings = new LinkedHashMap<>();
		settings.put("server.port", this.port);
		if (this.bind != null) {
			try {
				InputRules.address(this.bind);
			}
			catch (InvalidInputException ex) {
				throw new InvalidInputException(
						"--bind: '" + InputRules.printable(this.bind) + "' is not an IPv4 or IPv6 address or a host name");
			}
			settings.put("server.address", this.bind);
		}
		return settings;
	}

	/**
	 * A start refused for what the operator can change gets one line: a busy port or an address not
	 * of this machine (exit 1), bad users or settings (exit 2, from the {@link InvalidInputException}).
	 */
	private int refused(RuntimeException ex, PrintWriter err) {
		PortInUseException inUse = cause(ex, PortInUseException.class);
		if (inUse != null) {
			err.println("ospatch: cannot serve: port " + inUse.getPort() + " is in use");
			return ExitCodes.FAILED;
		}
		BindException bindFailed = cause(ex, BindException.class);
		if (bindFailed != null) {
			err.println("ospatch: cannot serve: cannot listen on " + ((this.bind != null) ? this.bind : "all addresses")
					+ " port " + this.port + ": " + bindFailed.getMessage());
			return ExitCodes.FAILED;
		}
		InvalidInputException badInput = cause(ex, InvalidInputException.class);
		if (badInput != null) {
			throw badInput;
		}
		throw ex;
	}

	private static <T extends Throwable> T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() != cause) ? cause.getCause() : null) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

}
