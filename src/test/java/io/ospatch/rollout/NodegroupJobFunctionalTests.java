package io.ospatch.rollout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.ospatch.cli.CliRunner;
import io.ospatch.eks.AwsStandIn;
import io.ospatch.support.DatabaseCleaner;
import io.ospatch.support.MovableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch patch} of an eks cluster, end to end in one process on an embedded H2 database, against
 * a stand-in for the EKS and SSM APIs answering as AWS documents it: node groups behind are updated one
 * after the other and followed to their end, AWS's failures are recorded with its codes and messages, the
 * failure budget counts node groups, and a stopped run resumes by following the update it had started.
 * The requests sent are checked as AWS would receive them.
 */
@ExtendWith(OutputCaptureExtension.class)
@Import(MovableClock.class)
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:nodegroups;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=", "ospatch.eks.poll-interval=10ms", "ospatch.eks.update-timeout=1d",
		"ospatch.rollout.stop-grace=100ms", "ospatch.reports-dir=target/nodegroup-functional-tests" })
class NodegroupJobFunctionalTests {

	private static final String OLD = "1.31.0-20241024";

	private static final String LATEST = "1.31.3-20241121";

	private static final String AL2023 = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version";

	private static final String AL2023_TYPE = "AL2023_x86_64_STANDARD";

	private static final String UPDATE_A = "a1b2c3d4-0000-4000-8000-00000000000a";

	private static final String UPDATE_B = "a1b2c3d4-0000-4000-8000-00000000000b";

	private static AwsStandIn aws;

	private final ObjectMapper json = new ObjectMapper();

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RolloutStop stop;

	@Autowired
	MovableClock.Moving clock;

	@BeforeAll
	static void startAws() {
		aws = new AwsStandIn();
	}

	@AfterAll
	static void stopAws() {
		aws.close();
	}

	@BeforeEach
	void anEksClusterWithAFailureBudgetOfNone() {
		aws.reset();
		this.clock.reset();
		DatabaseCleaner.clean(this.jdbc);
		aws.parameter(AL2023, LATEST);
		CliRunner.Result add = cli("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", AwsStandIn.CLUSTER,
				"--region", "eu-west-1", "--failure-budget", "0");
		assertThat(add.exitCode()).as(add.err()).isZero();
	}

	@Test
	void aNodegroupBehindIsUpdatedAndFollowedToItsEndAndACurrentOneIsLeftAlone(CapturedOutput log) throws Exception {
		aws.nodegroups("ng-new", "ng-old");
		aws.nodegroup("ng-new", AL2023_TYPE, LATEST);
		aws.nodegroup("ng-old", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-old", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, "", "InProgress", "InProgress", "InProgress", "Successful");

		CliRunner.Result patched = cli("patch", "--cluster", "shop");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		assertThat(log.getErr()).contains("shop: 2 node group(s): 1 to update, 1 current, 0 not updatable")
			.contains("shop: node group ng-old successful after 0 min (" + OLD + " -> " + LATEST + "); node groups done 2/2");
		List<LoggedRequest> updates = aws.updateVersionRequests();
		assertThat(updates).singleElement()
			.satisfies((request) -> assertThat(request.getUrl())
				.isEqualTo("/clusters/" + AwsStandIn.CLUSTER + "/node-groups/ng-old/update-version"));
		JsonNode body = this.json.readTree(updates.get(0).getBodyAsString());
		assertThat(body.path("releaseVersion").asString()).isEqualTo(LATEST);
		assertThat(body.path("force").asBoolean(true)).as("force is off unless the cluster says so").isFalse();
		assertThat(body.path("clientRequestToken").asString()).isNotBlank();
		assertThat(body.has("version")).as("never a Kubernetes upgrade").isFalse();
		assertThat(body.has("launchTemplate")).isFalse();
		assertThat(aws.describeUpdateRequests()).hasSize(4);
		assertThat(results()).containsExactly(
				List.of("ng-new", "current", LATEST, LATEST, "-", "-"),
				List.of("ng-old", "successful", OLD, LATEST, UPDATE_A, "-"));
		assertThat(outcome()).isEqualTo("compliant");
		assertThat(patched.out()).containsPattern("ng-old +successful +" + OLD + " +" + LATEST)
			.contains("shop: run " + runId() + " compliant: 1 successful, 1 current");
		CliRunner.Result shown = cli("runs", "--id", Long.toString(runId()));
		assertThat(shown.out()).contains(UPDATE_A).containsPattern("ng-new +current");
	}

	@Test
	void aFailedUpdateIsRecordedWithAwsErrorsAndSpendsTheBudgetOfNodegroups(CapturedOutput log) {
		aws.nodegroups("ng-a", "ng-b");
		aws.nodegroup("ng-a", AL2023_TYPE, OLD);
		aws.nodegroup("ng-b", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-a", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, AwsStandIn.error("NodeCreationFailure",
				"Instances failed to join the kubernetes cluster", "i-0a1b2c3d4e5f6a7b8"), "InProgress", "Failed");

		CliRunner.Result halted = cli("patch", "--cluster", "shop");

		assertThat(halted.exitCode()).as(halted.out() + halted.err()).isEqualTo(1);
		assertThat(log.getErr())
			.contains("shop: halted: failure budget exceeded: 1 node group(s) could not be updated, the budget allows 0");
		assertThat(aws.updateVersionRequests()).as("ng-b is not touched").hasSize(1);
		assertThat(results()).containsExactly(
				List.of("ng-a", "failed", OLD, OLD, UPDATE_A,
						"NodeCreationFailure: Instances failed to join the kubernetes cluster [i-0a1b2c3d4e5f6a7b8]"),
				List.of("ng-b", "not-attempted", OLD, OLD, "-",
						"halted: failure budget exceeded: 1 node group(s) could not be updated, the budget allows 0"));
		assertThat(outcome()).isEqualTo("halted");
	}

	@Test
	void withinTheBudgetTheRolloutGoesOnAndEndsPartial() {
		cli("cluster", "set", "shop", "--failure-budget", "1");
		aws.nodegroups("ng-a", "ng-b");
		aws.nodegroup("ng-a", AL2023_TYPE, OLD);
		aws.nodegroup("ng-b", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-a", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, AwsStandIn.error("NodeCreationFailure", "Instances failed to join"), "Failed");
		aws.startsUpdate("ng-b", UPDATE_B, LATEST);
		aws.updateGoes(UPDATE_B, LATEST, "", "InProgress", "Successful");

		CliRunner.Result partial = cli("patch", "--cluster", "shop");

		assertThat(partial.exitCode()).as(partial.out() + partial.err()).isEqualTo(3);
		assertThat(statuses()).containsExactly("ng-a failed", "ng-b successful");
		assertThat(outcome()).isEqualTo("partial");
	}

	@Test
	void aClosedMaintenanceWindowDefersTheNodegroupsNotStarted(CapturedOutput log) {
		cli("cluster", "set", "shop", "--maintenance-window", "1h");
		aws.nodegroups("ng-a", "ng-b");
		aws.nodegroup("ng-a", AL2023_TYPE, OLD);
		aws.nodegroup("ng-b", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-a", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, "", "InProgress", "InProgress", "Successful");
		// ng-a's update takes the whole window: the clock moves as its first poll is answered, two polls before its end
		AtomicBoolean moved = new AtomicBoolean();
		aws.server.addMockServiceRequestListener((request, response) -> {
			if (request.getUrl().contains("/updates/" + UPDATE_A) && !moved.getAndSet(true)) {
				this.clock.move(Duration.ofMinutes(61));
			}
		});

		CliRunner.Result deferred = cli("patch", "--cluster", "shop");

		assertThat(deferred.exitCode()).as(deferred.out() + deferred.err()).isEqualTo(3);
		assertThat(log.getErr()).contains("shop: maintenance window of 1h: no node-group update starts after")
			.contains("1 node group(s) deferred to the next run");
		assertThat(aws.updateVersionRequests()).as("ng-b is not started").hasSize(1);
		assertThat(statuses()).containsExactly("ng-a successful", "ng-b deferred");
		assertThat(outcome()).isEqualTo("deferred");
	}

	@Test
	void aScheduleUpdatesTheNodegroupsAtItsFireTime() {
		cli("cluster", "set", "shop", "--schedule", "weekly");
		aws.nodegroups("ng-old");
		aws.nodegroup("ng-old", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-old", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, "", "Successful");

		CliRunner.Result early = cli("scheduled", "--now", "2026-11-28T23:00:00Z");
		CliRunner.Result due = cli("scheduled", "--now", "2026-11-29T00:10:00Z");

		assertThat(early.exitCode()).as(early.out() + early.err()).isZero();
		assertThat(due.exitCode()).as(due.out() + due.err()).isZero();
		assertThat(due.out()).contains("shop: compliant");
		assertThat(aws.updateVersionRequests()).hasSize(1);
		assertThat(statuses()).containsExactly("ng-old successful");
		assertThat(this.jdbc.sql("SELECT trigger_type FROM patch_runs").query(String.class).single()).isEqualTo("scheduled");
	}

	@Test
	void aDryRunShowsTheNodegroupsAndChangesNothing() {
		aws.nodegroups("ng-old");
		aws.nodegroup("ng-old", AL2023_TYPE, OLD);
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		CliRunner.Result dryRun = cli("patch", "--cluster", "shop", "--dry-run");

		assertThat(dryRun.exitCode()).as(dryRun.out() + dryRun.err()).isZero();
		assertThat(dryRun.out()).contains("shop: 1 node group(s), 1 to update").contains(OLD + " -> " + LATEST);
		assertThat(aws.updateVersionRequests()).isEmpty();
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void aCustomAmiNodegroupIsLeftAloneWithItsReasonAndNothingIsSent(CapturedOutput log) {
		aws.nodegroups("ng-custom", "ng-new");
		aws.customAmiNodegroup("ng-custom");
		aws.nodegroup("ng-new", AL2023_TYPE, LATEST);

		CliRunner.Result partial = cli("patch", "--cluster", "shop");

		assertThat(partial.exitCode()).as(partial.out() + partial.err()).isEqualTo(3);
		assertThat(log.getErr()).contains("shop: node group ng-custom is left alone: custom AMI");
		assertThat(aws.updateVersionRequests()).isEmpty();
		assertThat(results()).first()
			.satisfies((row) -> assertThat(row.subList(0, 5)).containsExactly("ng-custom", "not-updatable",
					"ami-0123456789abcdef0", "ami-0123456789abcdef0", "-"))
			.satisfies((row) -> assertThat(row.get(5)).startsWith("custom AMI from its launch template"));
		assertThat(outcome()).isEqualTo("partial");
	}

	@Test
	void throttlingIsRetriedAsTheSameUpdate() throws Exception {
		aws.nodegroups("ng-old");
		aws.nodegroup("ng-old", AL2023_TYPE, OLD);
		aws.server.stubFor(AwsStandIn.updateVersion("ng-old")
			.inScenario("throttled")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("calmer")
			.willReturn(AwsStandIn.eksError(429, "ThrottlingException", "Rate exceeded")));
		aws.server.stubFor(AwsStandIn.updateVersion("ng-old")
			.inScenario("throttled")
			.whenScenarioStateIs("calmer")
			.willReturn(AwsStandIn.json(200, AwsStandIn.update(UPDATE_A, "InProgress", LATEST, ""))));
		aws.updateGoes(UPDATE_A, LATEST, "", "Successful");

		CliRunner.Result patched = cli("patch", "--cluster", "shop");

		assertThat(patched.exitCode()).as(patched.out() + patched.err()).isZero();
		List<LoggedRequest> updates = aws.updateVersionRequests();
		assertThat(updates).hasSize(2);
		assertThat(token(updates.get(1))).as("the retry is the same update to AWS").isEqualTo(token(updates.get(0)));
		assertThat(statuses()).containsExactly("ng-old successful");
	}

	@Test
	void aStopWhileFollowingLeavesTheRunResumableAndTheResumedRunFollowsTheSameUpdate(CapturedOutput log) throws Exception {
		aws.nodegroups("ng-old");
		aws.nodegroup("ng-old", AL2023_TYPE, OLD);
		aws.startsUpdate("ng-old", UPDATE_A, LATEST);
		aws.updateGoes(UPDATE_A, LATEST, "", "InProgress");
		CompletableFuture<CliRunner.Result> running = CompletableFuture.supplyAsync(() -> cli("patch", "--cluster", "shop"));
		awaitPolls(3);

		assertThat(this.stop.request()).as("a launch is running").isTrue();
		CliRunner.Result stopped = running.get(30, TimeUnit.SECONDS);

		assertThat(stopped.exitCode()).as(stopped.out() + stopped.err()).isEqualTo(143);
		assertThat(log.getErr()).contains("shop: stopped on request while following ng-old");
		assertThat(statuses()).containsExactly("ng-old stopped");
		assertThat(outcome()).isEqualTo("stopped");

		aws.updateGoes(UPDATE_A, LATEST, "", "Successful");
		CliRunner.Result resumed = cli("patch", "--cluster", "shop");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(log.getErr()).contains("shop: resuming run").contains("1 update(s) to follow again")
			.contains("following update " + UPDATE_A + " started before");
		assertThat(aws.updateVersionRequests()).as("no second update").hasSize(1);
		assertThat(results()).containsExactly(List.of("ng-old", "successful", OLD, LATEST, UPDATE_A, "-"));
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isOne();
		assertThat(outcome()).isEqualTo("compliant");
	}

	@Test
	void awsUnreachableFailsTheRunWithOneLineAndTheSameCommandResumesIt() {
		aws.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/clusters/" + AwsStandIn.CLUSTER + "/node-groups"))
			.willReturn(AwsStandIn.eksError(403, "AccessDeniedException",
					"User: arn:aws:iam::111122223333:user/ops is not authorized to perform: eks:ListNodegroups")));

		CliRunner.Result failed = cli("patch", "--cluster", "shop");

		assertThat(failed.exitCode()).isEqualTo(1);
		assertThat(failed.out() + failed.err()).contains("AccessDeniedException").doesNotContain("\tat ");
		assertThat(outcome()).isEqualTo("failed");

		aws.reset();
		aws.parameter(AL2023, LATEST);
		aws.nodegroups("ng-new");
		aws.nodegroup("ng-new", AL2023_TYPE, LATEST);
		CliRunner.Result resumed = cli("patch", "--cluster", "shop");

		assertThat(resumed.exitCode()).as(resumed.out() + resumed.err()).isZero();
		assertThat(statuses()).containsExactly("ng-new current");
		assertThat(this.jdbc.sql("SELECT COUNT(*) FROM patch_runs").query(Long.class).single()).isOne();
	}

	private void awaitPolls(int polls) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
		while (aws.describeUpdateRequests().size() < polls) {
			assertThat(System.nanoTime()).as("the update is followed").isLessThan(deadline);
			Thread.sleep(10);
		}
	}

	private String token(LoggedRequest request) throws Exception {
		return this.json.readTree(request.getBodyAsString()).path("clientRequestToken").asString();
	}

	/** Per node group: name, status, release before, release after, update id, error ({@code -} for none). */
	private List<List<String>> results() {
		return this.jdbc.sql("""
				SELECT nodegroup, status, release_before, release_after, update_id, error_text
				FROM nodegroup_results ORDER BY nodegroup""")
			.query((rs, row) -> List.of(rs.getString(1), rs.getString(2), orDash(rs.getString(3)),
					orDash(rs.getString(4)), orDash(rs.getString(5)), orDash(rs.getString(6))))
			.list();
	}

	private List<String> statuses() {
		return results().stream().map((row) -> row.get(0) + " " + row.get(1)).toList();
	}

	private long runId() {
		return this.jdbc.sql("SELECT id FROM patch_runs").query(Long.class).single();
	}

	private String outcome() {
		return this.jdbc.sql("SELECT outcome FROM patch_runs").query(String.class).single();
	}

	private static String orDash(String value) {
		return (value != null) ? value : "-";
	}

	private CliRunner.Result cli(String... args) {
		return CliRunner.run(this.context, args);
	}

}
