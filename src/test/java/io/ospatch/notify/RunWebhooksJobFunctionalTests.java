package io.ospatch.notify;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;
import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.OsVersion;
import io.ospatch.ansible.PackageChange;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.ansible.PlaybookRequest;
import io.ospatch.ansible.PlaybookRun;
import io.ospatch.ansible.PlaybookRunner;
import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real runs (H2, a playbook runner that patches or fails nodes without Ansible) tell a local
 * receiver (WireMock) of their start and end: the global webhook and the cluster's own, each signed
 * with its secret; a receiver that fails is retried, one that always fails is recorded failed, and
 * neither a secret nor a webhook's path reaches the log or {@code runs}.
 */
@Import(RunWebhooksJobFunctionalTests.PatchingWithoutAnsible.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:webhooks;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.ansible.binary=/bin/true",
		"ospatch.reports-dir=target/webhook-functional-tests", "ospatch.notify.attempts=3",
		"ospatch.notify.backoff=50ms", "ospatch.notify.max-backoff=200ms", "ospatch.notify.connect-timeout=2s",
		"ospatch.notify.request-timeout=2s", "ospatch.notify.webhook-secret=" + RunWebhooksJobFunctionalTests.GLOBAL_SECRET })
@ExtendWith(OutputCaptureExtension.class)
class RunWebhooksJobFunctionalTests {

	static final String GLOBAL_SECRET = "g1obal-s3cret-value";

	static final String CLUSTER_SECRET = "c1uster-s3cret-value";

	/** The secret part of the webhooks' URLs, as Slack's carry theirs. */
	static final String GLOBAL_PATH = "/services/T000/B000/G1OBALTOKENPATH";

	static final String CLUSTER_PATH = "/hooks/C1USTERTOKENPATH";

	static final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		receiver.start();
	}

	@DynamicPropertySource
	static void globalWebhook(DynamicPropertyRegistry registry) {
		registry.add("ospatch.notify.webhook-url", () -> receiver.baseUrl() + GLOBAL_PATH + "?token=QUERYSECRET");
	}

	@AfterAll
	static void stopReceiver() {
		receiver.stop();
	}

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	PatchingWithoutAnsible.Runner playbooks;

	@TempDir
	Path dir;

	Path secretFile;

	@BeforeEach
	void aClusterWithItsOwnSignedWebhook() throws Exception {
		DatabaseCleaner.clean(this.jdbc);
		receiver.resetAll();
		receiver.stubFor(post(urlPathEqualTo(GLOBAL_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
		receiver.stubFor(post(urlPathEqualTo(CLUSTER_PATH)).willReturn(aResponse().withStatus(200).withBody("ok")));
		this.playbooks.failing.clear();
		this.secretFile = Files.writeString(this.dir.resolve("webhook-secret"), CLUSTER_SECRET + "\n");
		Files.setPosixFilePermissions(this.secretFile, PosixFilePermissions.fromString("rw-------"));
		cli("cluster", "add", "c1", "--max-unavailable", "2", "--webhook-url", receiver.baseUrl() + CLUSTER_PATH,
				"--webhook-secret-file", this.secretFile.toString());
		for (String node : List.of("w-1", "w-2", "w-3")) {
			cli("node", "add", "c1", node, "--address", "127.0.0.1", "--role", "worker");
		}
	}

	@Test
	void aRunTellsBothWebhooksOfItsStartAndEndEachSignedWithItsSecret(CapturedOutput output) {
		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		long run = runId();
		List<WebhookDelivery> deliveries = awaitDeliveries(run, 4);
		assertThat(deliveries).allSatisfy((delivery) -> {
			assertThat(delivery.status()).isEqualTo("delivered");
			assertThat(delivery.attempts()).isEqualTo(1);
			assertThat(delivery.httpStatus()).isEqualTo(200);
		});
		assertThat(deliveries).extracting(WebhookDelivery::target)
			.containsOnly(receiver.baseUrl() + "/…");
		for (var webhook : Map.of(CLUSTER_PATH, CLUSTER_SECRET, GLOBAL_PATH, GLOBAL_SECRET).entrySet()) {
			List<LoggedRequest> calls = calls(webhook.getKey());
			assertThat(calls).as(webhook.getKey()).hasSize(2);
			calls.forEach((call) -> assertSignedWith(webhook.getValue(), call));
			JsonNode start = json(calls.get(0));
			JsonNode end = json(calls.get(1));
			assertThat(start.get("event").asString()).isEqualTo("started");
			assertThat(start.get("text").asString()).isEqualTo("ospatch: c1 run " + run + " started (on-demand)");
			assertThat(start.get("cluster").asString()).isEqualTo("c1");
			assertThat(start.get("run").asLong()).isEqualTo(run);
			assertThat(start.get("trigger").asString()).isEqualTo("on-demand");
			assertThat(end.get("event").asString()).isEqualTo("ended");
			assertThat(end.get("outcome").asString()).isEqualTo("compliant");
			assertThat(end.get("text").asString()).isEqualTo("ospatch: c1 run " + run + " ended compliant (3 patched)");
			assertThat(end.get("nodes").get("patched").asInt()).isEqualTo(3);
			assertThat(end.get("ended").asString()).isNotEmpty();
		}
		String shown = cli("runs", "--id", Long.toString(run)).out();
		assertThat(shown).contains("  webhooks:")
			.containsPattern("started\\s+" + receiver.baseUrl() + "/…\\s+delivered\\s+1 attempt\\s+HTTP 200");
		assertNothingSecretIn(shown + output.getAll());
	}

	@Test
	void aHaltedRunSaysWhyAndWithWhatNodes() {
		this.playbooks.failing.add("w-1");

		CliRunner.Result halted = cli("patch", "--cluster", "c1");

		assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(1);
		long run = runId();
		awaitDeliveries(run, 4);
		JsonNode end = json(calls(CLUSTER_PATH).get(1));
		assertThat(end.get("event").asString()).isEqualTo("halted");
		assertThat(end.get("outcome").asString()).isEqualTo("halted");
		assertThat(end.get("text").asString()).startsWith("ospatch: c1 run " + run + " halted: ")
			.contains("1 failed");
		assertThat(end.get("detail").asString()).isNotEmpty();
	}

	@Test
	void aReceiverThatFailsOnceIsRetriedAndTheRunIsNotHeldUp() {
		receiver.stubFor(post(urlPathEqualTo(CLUSTER_PATH)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "0"))
			.willSetStateTo("back"));
		receiver.stubFor(post(urlPathEqualTo(CLUSTER_PATH)).inScenario("flaky")
			.whenScenarioStateIs("back")
			.willReturn(aResponse().withStatus(200)));

		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		long run = runId();
		List<WebhookDelivery> deliveries = awaitDeliveries(run, 4);
		assertThat(deliveries).filteredOn((delivery) -> delivery.event().equals("started"))
			.extracting(WebhookDelivery::attempts, WebhookDelivery::status)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "delivered"),
					org.assertj.core.groups.Tuple.tuple(2, "delivered"));
		assertThat(calls(CLUSTER_PATH)).hasSize(3);
		assertThat(json(calls(CLUSTER_PATH).get(2)).get("event").asString()).as("the end after the retried start")
			.isEqualTo("ended");
	}

	@Test
	void aReceiverThatAlwaysFailsIsRecordedFailedWithItsAttempts(CapturedOutput output) {
		receiver.stubFor(post(urlPathEqualTo(CLUSTER_PATH))
			.willReturn(aResponse().withStatus(500).withBody("boom at " + CLUSTER_PATH)));

		CliRunner.Result patched = cli("patch", "--cluster", "c1");

		assertThat(patched.exitCode()).as("the run is not failed by its webhook").isZero();
		long run = runId();
		List<WebhookDelivery> failed = awaitDeliveries(run, 4).stream()
			.filter((delivery) -> delivery.status().equals("failed"))
			.toList();
		assertThat(failed).hasSize(2).allSatisfy((delivery) -> {
			assertThat(delivery.attempts()).isEqualTo(3);
			assertThat(delivery.httpStatus()).isEqualTo(500);
			assertThat(delivery.error()).isEqualTo("HTTP 500: boom at /…");
		});
		assertThat(calls(CLUSTER_PATH)).hasSize(6);
		String shown = cli("runs", "--id", Long.toString(run)).out();
		assertThat(shown)
			.containsPattern("ended\\s+" + receiver.baseUrl() + "/…\\s+failed\\s+3 attempts\\s+HTTP 500: boom at /…");
		JsonNode json = JsonMapper.builder().build().readTree(cli("runs", "--id", Long.toString(run), "--format", "json").out());
		assertThat(json.get("webhooks")).hasSize(4);
		assertThat(output.getAll()).contains("not told ended after 3 attempt(s): HTTP 500");
		assertNothingSecretIn(shown + json + output.getAll());
	}

	@Test
	void anEndingProcessWaitsForADeadReceiverOnlySoLongAndRecordsTheCallFailed() throws Exception {
		cli("patch", "--cluster", "c1");
		long run = runId();
		awaitDeliveries(run, 4);
		// a receiver that takes every connection and never answers
		try (java.net.ServerSocket dead = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
			NotifyProperties quick = new NotifyProperties("", "", 2, Duration.ofMillis(100), Duration.ofMillis(100),
					Duration.ofMillis(500), Duration.ofMillis(500));
			WebhookOutbox outbox = new WebhookOutbox(new WebhookPoster(quick, Clock.systemUTC()),
					this.context.getBean(WebhookDeliveries.class), quick, Clock.systemUTC());
			RunNotification notification = new RunNotification(run, WebhookEvent.ENDED, "{\"text\":\"t\"}");
			outbox.send(notification, WebhookTarget.global(
					java.net.URI.create("http://127.0.0.1:" + dead.getLocalPort() + "/dead/D3ADPATH"), null));
			long started = System.nanoTime();

			outbox.destroy();

			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(quick.longestDelivery().plusSeconds(6));
		}
		List<WebhookDelivery> deliveries = this.context.getBean(WebhookDeliveries.class).ofRun(run);
		assertThat(deliveries).hasSize(5);
		assertThat(deliveries.get(4).status()).isEqualTo("failed");
		assertThat(deliveries.get(4).target()).startsWith("http://127.0.0.1:").endsWith("/…");
		assertThat(deliveries.get(4).error()).doesNotContain("D3ADPATH");
	}

	private static void assertSignedWith(String secret, LoggedRequest call) {
		String timestamp = call.getHeader("X-Ospatch-Timestamp");
		assertThat(Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp))).isLessThan(60);
		assertThat(call.getHeader("X-Ospatch-Signature")).isEqualTo("sha256=" + hmac(secret, timestamp + "." + call.getBodyAsString()));
		assertThat(call.getHeader("Content-Type")).startsWith("application/json");
	}

	/** The receiver's side, done independently of ospatch's code. */
	private static String hmac(String secret, String signed) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void assertNothingSecretIn(String text) {
		assertThat(text).doesNotContain(GLOBAL_SECRET)
			.doesNotContain(CLUSTER_SECRET)
			.doesNotContain("G1OBALTOKENPATH")
			.doesNotContain("C1USTERTOKENPATH")
			.doesNotContain("QUERYSECRET");
	}

	private static List<LoggedRequest> calls(String path) {
		return receiver.findAll(postRequestedFor(urlPathEqualTo(path)));
	}

	private static JsonNode json(LoggedRequest call) {
		return JsonMapper.builder().build().readTree(call.getBodyAsString());
	}

	private List<WebhookDelivery> awaitDeliveries(long run, int count) {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		List<WebhookDelivery> deliveries = List.of();
		while (System.nanoTime() < deadline) {
			deliveries = this.context.getBean(WebhookDeliveries.class).ofRun(run);
			if (deliveries.size() >= count) {
				return deliveries;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		assertThat(deliveries).as("webhook deliveries of run " + run).hasSize(count);
		return deliveries;
	}

	private long runId() {
		return this.jdbc.sql("SELECT MAX(id) FROM patch_runs").query(Long.class).single();
	}

	private CliRunner.Result cli(String... args) {
		return CliRunner.run(this.context, args);
	}

	/** Patches every node without Ansible, but those named to fail. */
	@TestConfiguration(proxyBeanMethods = false)
	static class PatchingWithoutAnsible {

		@Bean
		@Primary
		Runner scriptedRunner() {
			return new Runner();
		}

		static class Runner implements PlaybookRunner {

			final Set<String> failing = ConcurrentHashMap.newKeySet();

			@Override
			public PlaybookRun run(PlaybookRequest request) {
				Map<String, HostOutcome> hosts = new java.util.LinkedHashMap<>();
				OsVersion before = new OsVersion("Debian", "Debian", "12.10", "6.1.0-40-amd64");
				for (String host : request.hostNames()) {
					hosts.put(host, this.failing.contains(host)
							? new HostOutcome(host, HostStatus.FAILED, new OsPatchFacts(PatchStatus.FAILED, before, null,
									null, List.of(), List.of(), false, false, "E: broken", "Upgrade"), "E: broken")
							: new HostOutcome(host, HostStatus.OK,
									new OsPatchFacts(PatchStatus.PATCHED, before,
											new OsVersion("Debian", "Debian", "12.12", "6.1.0-40-amd64"), "12.12",
											List.of(new PackageChange("base-files", "12.4+deb12u10", "12.4+deb12u12", false)),
											List.of(), false, false, null, null),
									null));
				}
				return new PlaybookRun(0, hosts, Duration.ofSeconds(1));
			}

		}

	}

}
