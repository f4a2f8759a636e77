package io.ospatch.cli;

import io.ospatch.eks.AwsStandIn;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --cluster X} of an eks cluster, against a stand-in for EKS and SSM: per node group
 * what it runs, the latest release for its Kubernetes version and what an update would do; AWS's
 * refusal is one line and exit 1. Nothing is changed, in AWS or in the database.
 */
@SpringBootTest
class EksPlanIntegrationTests {

	private static final String AL2023 = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version";

	private static AwsStandIn aws;

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@BeforeAll
	static void startAws() {
		aws = new AwsStandIn();
	}

	@AfterAll
	static void stopAws() {
		aws.close();
	}

	@BeforeEach
	void clean() {
		aws.reset();
		DatabaseCleaner.clean(this.jdbc);
		run("cluster", "add", "shop", "--kind", "eks", "--eks-cluster", AwsStandIn.CLUSTER, "--region", "eu-west-1");
	}

	@Test
	void eachNodegroupShowsItsReleasesAndWhatAnUpdateWouldDo() {
		aws.nodegroups("ng-old", "ng-new", "ng-custom");
		aws.nodegroup("ng-old", "AL2023_x86_64_STANDARD", "1.31.0-20241024");
		aws.nodegroup("ng-new", "AL2023_x86_64_STANDARD", "1.31.3-20241121");
		aws.customAmiNodegroup("ng-custom");
		aws.parameter(AL2023, "1.31.3-20241121");

		CliRunner.Result plan = run("plan", "--cluster", "shop");

		assertThat(plan.exitCode()).as(plan.err()).isZero();
		assertThat(plan.out()).contains("shop: 3 node group(s), 1 to update");
		assertThat(plan.out().lines().filter((line) -> line.contains("ng-old")).findFirst().orElseThrow())
			.contains("Kubernetes 1.31")
			.contains("AL2023_x86_64_STANDARD")
			.contains("1.31.0-20241024 -> 1.31.3-20241121, update");
		assertThat(plan.out().lines().filter((line) -> line.contains("ng-new")).findFirst().orElseThrow())
			.contains("1.31.3-20241121 -> 1.31.3-20241121, current");
		assertThat(plan.out().lines().filter((line) -> line.contains("ng-custom")).findFirst().orElseThrow())
			.contains("CUSTOM")
			.contains("not updatable: ");
		assertThat(aws.updateVersionRequests()).isEmpty();
	}

	@Test
	void onlyTheChosenNodegroupsArePlanned() {
		run("cluster", "set", "shop", "--nodegroups", "ng-old");
		aws.nodegroup("ng-old", "AL2023_x86_64_STANDARD", "1.31.0-20241024");
		aws.parameter(AL2023, "1.31.3-20241121");

		CliRunner.Result plan = run("plan", "--cluster", "shop");

		assertThat(plan.exitCode()).as(plan.err()).isZero();
		assertThat(plan.out()).contains("shop: 1 node group(s), 1 to update").contains("ng-old");
	}

	@Test
	void awsRefusingIsOneLineAndExitOne() {
		aws.server.stubFor(get(urlPathEqualTo("/clusters/" + AwsStandIn.CLUSTER + "/node-groups"))
			.willReturn(AwsStandIn.eksError(404, "ResourceNotFoundException", "No cluster found for name: prod.")));

		CliRunner.Result plan = run("plan", "--cluster", "shop");

		assertThat(plan.exitCode()).isEqualTo(1);
		assertThat(plan.err().lines()).singleElement()
			.asString()
			.startsWith("ospatch: cluster 'shop' cannot be planned: ")
			.contains("ResourceNotFoundException")
			.contains("No cluster found for name: prod.");
		assertThat(plan.err()).doesNotContain("\tat ");
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
