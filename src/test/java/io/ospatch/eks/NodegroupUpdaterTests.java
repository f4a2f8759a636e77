package io.ospatch.eks;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link NodegroupUpdater} with the real AWS SDK against a stand-in for EKS and SSM, polling every few
 * milliseconds.
 */
class NodegroupUpdaterTests {

	private static final String LATEST_PARAMETER = "/aws/service/eks/optimized-ami/1.31/"
			+ "amazon-linux-2023/x86_64/standard/recommended/release_version";

	private static final String OLD = "1.31.0-20241024";

	private static final String LATEST = "1.31.3-20241121";

	private static final String UPDATE_ID = "b7c4a3e1-5d2f-3a9b-8c6e-1f0d2e3a4b5c";

	private static AwsStandIn aws;

	private AwsEksNodegroups nodegroups;

	private final List<String> recordedIds = new ArrayList<>();

	@BeforeAll
	static void startAws() {
		aws = new AwsStandIn();
	}

	@AfterAll
	static void stopAws() {
		aws.close();
	}

	@BeforeEach
	void clients() {
		aws.reset();
		this.nodegroups = new AwsEksNodegroups();
		aws.parameter(LATEST_PARAMETER, LATEST);
	}

	@AfterEach
	void closeClients() {
		this.nodegroups.close();
	}

	@Test
	void anUpdateThatSucceedsAfterAFewPollsIsFollowedToItsEnd() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.startsUpdate("ng-1", UPDATE_ID, LATEST);
		aws.updateGoes(UPDATE_ID, LATEST, "", "InProgress", "InProgress", "InProgress", "Successful");
		AtomicReference<Integer> pollsWhenRecorded = new AtomicReference<>();

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, null),
				(nodegroup, releaseBefore, id) -> {
					pollsWhenRecorded.set(aws.describeUpdateRequests().size());
					this.recordedIds.add(nodegroup + " " + id);
				});

		assertThat(result).isEqualTo(new NodegroupUpdateResult("ng-1", OLD, LATEST, UPDATE_ID,
				NodegroupUpdateResult.Status.SUCCESSFUL, result.duration(), null));
		assertThat(this.recordedIds).containsExactly("ng-1 " + UPDATE_ID);
		assertThat(pollsWhenRecorded.get()).as("polls before the id was recorded").isZero();
		assertThat(aws.describeUpdateRequests()).hasSize(4);
		assertThat(aws.updateVersionRequests()).hasSize(1);
	}

	@Test
	void aFailedUpdateCarriesAwsErrorCodeAndMessage() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.startsUpdate("ng-1", UPDATE_ID, LATEST);
		aws.updateGoes(UPDATE_ID, LATEST, AwsStandIn.error("NodeCreationFailure",
				"Instances failed to join the kubernetes cluster", "i-0a1b2c3d4e5f6a7b8"), "InProgress", "Failed");

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, null), this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.FAILED);
		assertThat(result.updateId()).isEqualTo(UPDATE_ID);
		assertThat(result.releaseAfter()).isEqualTo(OLD);
		assertThat(result.errors())
			.isEqualTo("NodeCreationFailure: Instances failed to join the kubernetes cluster [i-0a1b2c3d4e5f6a7b8]");
	}

	@Test
	void throttledCallsAreRetriedByTheSdkAndTheUpdateGoesOn() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.server.stubFor(AwsStandIn.updateVersion("ng-1")
			.inScenario("throttled start")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("calm")
			.willReturn(AwsStandIn.eksError(429, "ThrottlingException", "Rate exceeded")));
		aws.server.stubFor(AwsStandIn.updateVersion("ng-1")
			.inScenario("throttled start")
			.whenScenarioStateIs("calm")
			.willReturn(AwsStandIn.json(200, AwsStandIn.update(UPDATE_ID, "InProgress", LATEST, ""))));
		aws.updateGoes(UPDATE_ID, LATEST, "", "Successful");

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, null), this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.SUCCESSFUL);
		assertThat(aws.updateVersionRequests()).hasSize(2)
			.extracting((request) -> request.getBodyAsString())
			.as("the retried request is the same, token included")
			.containsOnly(aws.updateVersionRequests().get(0).getBodyAsString());
		assertThat(this.recordedIds).containsExactly("ng-1 " + UPDATE_ID);
	}

	@Test
	void aNodegroupAlreadyOnTheLatestReleaseIsNotUpdated() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", LATEST);

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, null), this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.CURRENT);
		assertThat(result.updateId()).isNull();
		assertThat(aws.updateVersionRequests()).isEmpty();
		assertThat(aws.describeUpdateRequests()).isEmpty();
		assertThat(this.recordedIds).isEmpty();
	}

	@Test
	void aNodegroupOnACustomAmiIsLeftAloneWithItsReason() {
		aws.customAmiNodegroup("ng-custom");

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-custom", false, null),
				this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.NOT_UPDATABLE);
		assertThat(result.errors()).startsWith("custom AMI").contains("launch template");
		assertThat(aws.updateVersionRequests()).isEmpty();
	}

	@Test
	void aResumedRunFollowsTheUpdateItStartedInsteadOfStartingAnother() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.updateGoes(UPDATE_ID, LATEST, "", "InProgress", "Successful");

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, UPDATE_ID),
				this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.SUCCESSFUL);
		assertThat(result.updateId()).isEqualTo(UPDATE_ID);
		assertThat(result.releaseAfter()).isEqualTo(LATEST);
		assertThat(aws.updateVersionRequests()).isEmpty();
		assertThat(aws.describeUpdateRequests()).hasSize(2);
		assertThat(aws.server.getAllServeEvents()).as("only DescribeUpdate was asked")
			.allSatisfy((event) -> assertThat(event.getRequest().getUrl()).startsWith("/clusters/prod/updates/"));
	}

	@Test
	void forceIsSentOnlyWhenTheClusterAsksForIt() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.startsUpdate("ng-1", UPDATE_ID, LATEST);
		aws.updateGoes(UPDATE_ID, LATEST, "", "Successful");

		updater(Duration.ofSeconds(30)).update(request("ng-1", false, null), this::record);
		updater(Duration.ofSeconds(30)).update(request("ng-1", true, null), this::record);

		assertThat(aws.updateVersionRequests()).extracting((request) -> request.getBodyAsString())
			.satisfiesExactly((body) -> assertThat(body).contains("\"force\":false").doesNotContain("\"version\""),
					(body) -> assertThat(body).contains("\"force\":true").doesNotContain("\"version\""));
	}

	@Test
	void anUpdateStillInProgressAtTheTimeoutTimesOutAndKeepsItsId() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.startsUpdate("ng-1", UPDATE_ID, LATEST);
		aws.updateGoes(UPDATE_ID, LATEST, "", "InProgress");

		NodegroupUpdateResult result = updater(Duration.ofMillis(300)).update(request("ng-1", false, null),
				this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.TIMED_OUT);
		assertThat(result.status().unfinished()).isTrue();
		assertThat(result.updateId()).isEqualTo(UPDATE_ID);
		assertThat(result.errors()).contains("ospatch.eks.update-timeout").contains(UPDATE_ID);
		assertThat(result.duration()).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(aws.describeUpdateRequests()).hasSizeGreaterThan(1);
	}

	@Test
	void anInterruptStopsFollowingAndKeepsTheId() throws InterruptedException {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.startsUpdate("ng-1", UPDATE_ID, LATEST);
		aws.updateGoes(UPDATE_ID, LATEST, "", "InProgress");
		AtomicReference<NodegroupUpdateResult> result = new AtomicReference<>();
		AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
		Thread rollout = new Thread(() -> {
			result.set(updater(Duration.ofMinutes(5)).update(request("ng-1", false, null), this::record));
			interruptedAfter.set(Thread.currentThread().isInterrupted());
		});

		rollout.start();
		while (aws.describeUpdateRequests().size() < 2) {
			Thread.sleep(10);
		}
		rollout.interrupt();
		rollout.join(10_000);

		assertThat(result.get().status()).isEqualTo(NodegroupUpdateResult.Status.STOPPED);
		assertThat(result.get().updateId()).isEqualTo(UPDATE_ID);
		assertThat(interruptedAfter.get()).as("the interrupt is kept for the caller").isTrue();
	}

	@Test
	void aStartAwsRefusesEndsFailedWithItsCodeAndNothingToFollow() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", OLD);
		aws.server.stubFor(AwsStandIn.updateVersion("ng-1")
			.willReturn(AwsStandIn.eksError(409, "ResourceInUseException",
					"Nodegroup ng-1 already has an update in progress")));

		NodegroupUpdateResult result = updater(Duration.ofSeconds(30)).update(request("ng-1", false, null), this::record);

		assertThat(result.status()).isEqualTo(NodegroupUpdateResult.Status.FAILED);
		assertThat(result.updateId()).isNull();
		assertThat(result.errors()).contains("ResourceInUseException: Nodegroup ng-1 already has an update in progress");
		assertThat(aws.describeUpdateRequests()).isEmpty();
		assertThat(this.recordedIds).isEmpty();
	}

	@Test
	void theClientRequestTokenIsTheSameForTheSameRunNodegroupAndReleaseOnly() {
		String token = NodegroupUpdater.clientRequestToken(request("ng-1", false, null), LATEST);

		assertThat(NodegroupUpdater.clientRequestToken(request("ng-1", true, null), LATEST)).isEqualTo(token);
		assertThat(NodegroupUpdater.clientRequestToken(request("ng-2", false, null), LATEST)).isNotEqualTo(token);
		assertThat(NodegroupUpdater.clientRequestToken(request("ng-1", false, null), OLD)).isNotEqualTo(token);
		assertThat(NodegroupUpdater.clientRequestToken(
				new NodegroupUpdater.Request(AwsStandIn.API, "ng-1", "run-43", false, null), LATEST))
			.isNotEqualTo(token);
	}

	private NodegroupUpdater updater(Duration timeout) {
		return new NodegroupUpdater(this.nodegroups, new NodegroupPlanner(this.nodegroups),
				new EksProperties(timeout, Duration.ofMillis(20), 1), Clock.systemUTC());
	}

	private static NodegroupUpdater.Request request(String nodegroup, boolean force, String knownUpdateId) {
		return new NodegroupUpdater.Request(AwsStandIn.API, nodegroup, "run-42", force, knownUpdateId);
	}

	private void record(String nodegroup, String releaseBefore, String updateId) {
		assertThat(releaseBefore).isEqualTo(OLD);
		this.recordedIds.add(nodegroup + " " + updateId);
	}

}
