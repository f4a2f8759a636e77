package io.ospatch.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.ospatch.support.KubeApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ospatch serve} started as the command line starts it (its own Spring application, on the
 * MySQL/MariaDB test database), in this JVM: it listens, answers health without a login, and ends
 * with exit 0 when a stop signal's handler asks it to; a port in use, a start without users and a
 * users file with a bad hash are one line each.
 */
class ServeCommandTests {

	private static final String ADMIN_PASSWORD = "OSPATCH_ADMIN_PASSWORD";

	private static final Pattern SERVING = Pattern.compile("ospatch serving on http://127\\.0\\.0\\.1:(\\d+)/");

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static final String USERS_FILE = "ospatch.web.users-file";

	private static final String OIDC_ISSUER = "ospatch.web.oidc.issuer-uri";

	private static final String LAUNCH_MODE = "ospatch.web.launch.mode";

	private static final String JOB_KUBECONFIG = "ospatch.web.launch.job-kubeconfig";

	@TempDir
	Path dir;

	@AfterEach
	void noUsers() {
		System.clearProperty(ADMIN_PASSWORD);
		System.clearProperty(USERS_FILE);
		System.clearProperty(OIDC_ISSUER);
		System.clearProperty(LAUNCH_MODE);
		System.clearProperty(JOB_KUBECONFIG);
	}

	@Test
	void kubernetesJobLaunchesWithoutAKubernetesApiStopTheStartWithOneLineAndExitTwo() throws IOException {
		System.setProperty(ADMIN_PASSWORD, "correct-horse-battery");
		System.setProperty(LAUNCH_MODE, "kubernetes-job");
		Path kubeconfig = KubeApiStub.unreachableKubeconfig(this.dir);
		System.setProperty(JOB_KUBECONFIG, kubeconfig.toString());
		try (SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--port", "0", "--bind", "127.0.0.1");

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).startsWith("ospatch: ospatch.web.launch.mode=kubernetes-job, but no Kubernetes API "
					+ "answers: kubeconfig " + kubeconfig + " does not answer in namespace ospatch: ")
				.hasLineCount(1);
			assertThat(result.out()).isEmpty();
		}
	}

	@Test
	void servesHealthUntilAStopSignalThenExitsZero() throws Exception {
		// read from the environment like every setting; a system property stands in for the variable
		System.setProperty(ADMIN_PASSWORD, "correct-horse-battery");
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		URI base;
		try (SpringBeans beans = new SpringBeans()) {
			CompletableFuture<Integer> serve = CompletableFuture.supplyAsync(() -> OspatchCli.execute(
					new String[] { "serve", "--port", "0", "--bind", "127.0.0.1" }, beans, new PrintWriter(out, true),
					new PrintWriter(err, true)));
			int port = port(out, serve);
			base = URI.create("http://127.0.0.1:" + port);

			HttpResponse<String> health = get(base.resolve("/actuator/health"));
			assertThat(health.statusCode()).isEqualTo(200);
			assertThat(health.body()).contains("\"status\":\"UP\"");
			assertThat(get(base.resolve("/api/v1/clusters")).statusCode()).isEqualTo(401);

			assertThat(beans.requestStop()).as("what SIGTERM and SIGINT do").isTrue();
			assertThat(serve.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
		}
		assertThat(out.toString()).contains("ospatch serve stopped");
		assertThat(err.toString()).isEmpty();
		assertThatThrownBy(() -> get(base.resolve("/actuator/health"))).isInstanceOf(IOException.class);
	}

	@Test
	void aPortInUseIsOneLineAndExitOne() throws Exception {
		System.setProperty(ADMIN_PASSWORD, "correct-horse-battery");
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
				SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--port", String.valueOf(taken.getLocalPort()), "--bind",
					"127.0.0.1");

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).isEqualTo("ospatch: cannot serve: port " + taken.getLocalPort() + " is in use"
					+ System.lineSeparator());
		}
	}

	@Test
	void withoutUsersItRefusesToStartWithOneLineAndExitTwo() {
		try (SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--port", "0", "--bind", "127.0.0.1");

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).isEqualTo("ospatch: no users for the web console: set OSPATCH_ADMIN_PASSWORD "
					+ "(creates the operator 'admin') or OSPATCH_WEB_USERS_FILE (a users file)" + System.lineSeparator());
			assertThat(result.out()).isEmpty();
		}
	}

	@Test
	void aUsersFileWithABadHashStopsTheStartWithOneLineAndExitTwo() throws IOException {
		Path users = Files.writeString(this.dir.resolve("users.properties"), "vera=secret,viewer\n");
		System.setProperty(USERS_FILE, users.toString());
		try (SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--port", "0", "--bind", "127.0.0.1");

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).isEqualTo("ospatch: users file " + users + ": user 'vera': its password-hash is not "
					+ "a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters); make one with: htpasswd -nbBC 12 '' 'PASSWORD' "
					+ "| cut -d: -f2" + System.lineSeparator());
		}
	}

	@Test
	void anOidcIssuerThatCannotBeReadStopsTheStartWithOneLineNamingItAndExitOne() throws IOException {
		System.setProperty(ADMIN_PASSWORD, "correct-horse-battery");
		int closedPort;
		try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = free.getLocalPort();
		}
		String issuer = "http://127.0.0.1:" + closedPort + "/realms/ops";
		System.setProperty(OIDC_ISSUER, issuer);
		try (SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--port", "0", "--bind", "127.0.0.1");

			assertThat(result.exitCode()).isEqualTo(1);
			assertThat(result.err()).startsWith("ospatch: failed: cannot read the OpenID Provider's configuration of issuer "
					+ issuer + " (ospatch.web.oidc.issuer-uri): ")
				.hasLineCount(1);
			assertThat(result.out()).isEmpty();
		}
	}

	@Test
	void aBadBindAddressIsRefusedBeforeAnythingStarts() {
		try (SpringBeans beans = new SpringBeans()) {
			CliRunner.Result result = run(beans, "serve", "--bind", "-oProxyCommand=x");

			assertThat(result.exitCode()).isEqualTo(2);
			assertThat(result.err()).isEqualTo("ospatch: --bind: '-oProxyCommand=x' is not an IPv4 or IPv6 address or a "
					+ "host name" + System.lineSeparator());
		}
	}

	private static int port(StringWriter out, CompletableFuture<Integer> serve) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (System.nanoTime() < deadline) {
			Matcher serving = SERVING.matcher(out.toString());
			if (serving.find()) {
				return Integer.parseInt(serving.group(1));
			}
			assertThat(serve).as("serve ended before it listened: " + out).isNotDone();
			Thread.sleep(100);
		}
		throw new AssertionError("serve did not say where it listens: " + out);
	}

	private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
		return this.http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static CliRunner.Result run(Beans beans, String... args) {
		StringWriter out = new StringWriter();
		StringWriter err = new StringWriter();
		int exitCode = OspatchCli.execute(args, beans, new PrintWriter(out, true), new PrintWriter(err, true));
		return new CliRunner.Result(exitCode, out.toString(), err.toString());
	}

}
