package io.ospatch.eks;

import java.util.List;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@link AwsEksNodegroups} against a stand-in for the EKS and SSM APIs, through the real AWS SDK. */
class EksNodegroupsIntegrationTests {

	private static AwsStandIn aws;

	private AwsEksNodegroups nodegroups;

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
	}

	@AfterEach
	void closeClients() {
		this.nodegroups.close();
	}

	@Test
	void listsEveryManagedNodegroupWithItsVersionAmiTypeAndRelease() {
		aws.nodegroups("ng-1", "ng-arm");
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", "1.31.0-20241024");
		aws.nodegroup("ng-arm", "BOTTLEROCKET_ARM_64", "1.26.2-360b7a38", "DEGRADED", "");

		List<EksNodegroup> listed = this.nodegroups.nodegroups(AwsStandIn.API);

		assertThat(listed).containsExactly(
				new EksNodegroup("ng-1", "1.31", "AL2023_x86_64_STANDARD", "1.31.0-20241024", "ACTIVE"),
				new EksNodegroup("ng-arm", "1.31", "BOTTLEROCKET_ARM_64", "1.26.2-360b7a38", "DEGRADED"));
	}

	@Test
	void describesOnlyTheNodegroupsTheClusterNames() {
		aws.nodegroup("ng-2", "AL2_x86_64", "1.31.0-20241024");

		List<EksNodegroup> listed = this.nodegroups
			.nodegroups(new EksApi(AwsStandIn.CLUSTER, "eu-west-1", List.of("ng-2")));

		assertThat(listed).extracting(EksNodegroup::name).containsExactly("ng-2");
		aws.server.verify(0, getRequestedFor(urlPathEqualTo("/clusters/prod/node-groups")));
	}

	@Test
	void aNamedNodegroupThatDoesNotExistIsAnErrorNamingIt() {
		aws.server.stubFor(com.github.tomakehurst.wiremock.client.WireMock
			.get(urlPathEqualTo("/clusters/prod/node-groups/ng-gone"))
			.willReturn(AwsStandIn.eksError(404, "ResourceNotFoundException", "No node group found for name: ng-gone.")));

		assertThatExceptionOfType(EksApiException.class)
			.isThrownBy(() -> this.nodegroups.nodegroup(AwsStandIn.API, "ng-gone"))
			.withMessageContaining("DescribeNodegroup ng-gone")
			.withMessageContaining("ResourceNotFoundException: No node group found for name: ng-gone.")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("ResourceNotFoundException"));
	}

	@Test
	void readsAPublicParameterAndAnswersEmptyForOneAwsDoesNotPublish() {
		String published = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version";
		String unpublished = "/aws/service/eks/optimized-ami/1.19/amazon-linux-2/recommended/release_version";
		aws.parameter(published, "1.31.3-20241121");
		aws.noParameter(unpublished);

		assertThat(this.nodegroups.publicParameter(AwsStandIn.API, published)).hasValue("1.31.3-20241121");
		assertThat(this.nodegroups.publicParameter(AwsStandIn.API, unpublished)).isEmpty();
	}

	@Test
	void startsAnUpdateToAReleaseWithoutAKubernetesVersionAndForcesOnlyWhenAsked() {
		aws.startsUpdate("ng-1", "a1b2c3d4-0000-4000-8000-000000000001", "1.31.3-20241121");

		String id = this.nodegroups.startUpdate(AwsStandIn.API, "ng-1", "1.31.3-20241121", false, "token-1");
		this.nodegroups.startUpdate(AwsStandIn.API, "ng-1", "1.31.3-20241121", true, "token-2");

		assertThat(id).isEqualTo("a1b2c3d4-0000-4000-8000-000000000001");
		List<JsonNode> bodies = aws.updateVersionRequests().stream().map(EksNodegroupsIntegrationTests::json).toList();
		assertThat(bodies).hasSize(2).allSatisfy((body) -> {
			assertThat(body.path("releaseVersion").asString()).isEqualTo("1.31.3-20241121");
			assertThat(body.has("version")).as("a Kubernetes version in " + body).isFalse();
		});
		assertThat(bodies.get(0).path("force").asBoolean()).isFalse();
		assertThat(bodies.get(0).path("clientRequestToken").asString()).isEqualTo("token-1");
		assertThat(bodies.get(1).path("force").asBoolean()).isTrue();
	}

	@Test
	void signsRequestsWithTheDefaultChainsCredentialsForTheClustersRegion() {
		aws.nodegroup("ng-1", "AL2023_x86_64_STANDARD", "1.31.0-20241024");

		this.nodegroups.nodegroup(AwsStandIn.API, "ng-1");

		String authorization = aws.server.findAll(getRequestedFor(urlPathEqualTo("/clusters/prod/node-groups/ng-1")))
			.get(0)
			.getHeader("Authorization");
		assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=" + AwsStandIn.FAKE_ACCESS_KEY + "/")
			.contains("/eu-west-1/eks/aws4_request");
	}

	@Test
	void describesAFailedUpdateWithAwsErrorCodesMessagesAndResources() {
		aws.updateGoes("u-1", "1.31.3-20241121", AwsStandIn.error("NodeCreationFailure",
				"Instances failed to join the kubernetes cluster", "i-0a1b2c3d4e5f6a7b8"), "Failed");

		EksUpdate update = this.nodegroups.update(AwsStandIn.API, "ng-1", "u-1");

		assertThat(update.status()).isEqualTo(EksUpdate.Status.FAILED);
		assertThat(update.releaseVersion()).isEqualTo("1.31.3-20241121");
		assertThat(update.errorsJoined())
			.isEqualTo("NodeCreationFailure: Instances failed to join the kubernetes cluster [i-0a1b2c3d4e5f6a7b8]");
		LoggedRequest describe = aws.describeUpdateRequests().get(0);
		assertThat(describe.queryParameter("nodegroupName").firstValue()).isEqualTo("ng-1");
	}

	@Test
	void anUpdateStatusUnknownToOspatchIsAnErrorNotAGuess() {
		aws.updateGoes("u-3", "1.31.3-20241121", "", "Paused");

		assertThatExceptionOfType(EksApiException.class)
			.isThrownBy(() -> this.nodegroups.update(AwsStandIn.API, "ng-1", "u-3"))
			.withMessageContaining("status Paused, unknown to ospatch")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("UnknownUpdateStatus"));
	}

	@Test
	void throttlingIsRetriedByTheSdk() {
		aws.server.stubFor(AwsStandIn.describeUpdate("u-2")
			.inScenario("throttled")
			.whenScenarioStateIs(Scenario.STARTED)
			.willSetStateTo("calm")
			.willReturn(AwsStandIn.eksError(429, "ThrottlingException", "Rate exceeded")));
		aws.server.stubFor(AwsStandIn.describeUpdate("u-2")
			.inScenario("throttled")
			.whenScenarioStateIs("calm")
			.willReturn(AwsStandIn.json(200, AwsStandIn.update("u-2", "Successful", "1.31.3-20241121", ""))));

		EksUpdate update = this.nodegroups.update(AwsStandIn.API, "ng-1", "u-2");

		assertThat(update.status()).isEqualTo(EksUpdate.Status.SUCCESSFUL);
		assertThat(aws.describeUpdateRequests()).hasSize(2);
	}

	@Test
	void aRefusedStartCarriesAwsCodeAndMessage() {
		aws.server.stubFor(AwsStandIn.updateVersion("ng-1")
			.willReturn(AwsStandIn.eksError(409, "ResourceInUseException",
					"Nodegroup ng-1 already has an update in progress")));

		assertThatExceptionOfType(EksApiException.class)
			.isThrownBy(() -> this.nodegroups.startUpdate(AwsStandIn.API, "ng-1", "1.31.3-20241121", false, "t"))
			.withMessageContaining("ResourceInUseException: Nodegroup ng-1 already has an update in progress")
			.withMessageNotContaining("wJalrXUtnFEMI")
			.satisfies((ex) -> assertThat(ex.errorCode()).isEqualTo("ResourceInUseException"));
	}

	private static JsonNode json(LoggedRequest request) {
		return JsonMapper.builder().build().readTree(request.getBodyAsString());
	}

}
