package io.ospatch.eks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link NodegroupPlanner} over node groups and parameters held in memory. */
class NodegroupPlannerTests {

	private final InMemoryAws aws = new InMemoryAws();

	private final NodegroupPlanner planner = new NodegroupPlanner(this.aws);

	@Test
	void aNodegroupBehindTheLatestReleaseOfItsKubernetesVersionIsUpdated() {
		this.aws.nodegroup("ng-1", "1.30", "AL2023_x86_64_STANDARD", "1.30.4-20241024");
		this.aws.parameter("/aws/service/eks/optimized-ami/1.30/amazon-linux-2023/x86_64/standard/recommended/release_version",
				"1.30.6-20241121");

		assertThat(this.planner.plan(AwsStandIn.API)).containsExactly(new NodegroupPlan("ng-1", "1.30",
				"AL2023_x86_64_STANDARD", "1.30.4-20241024", "1.30.6-20241121", NodegroupPlan.Action.UPDATE, null));
	}

	@Test
	void aNodegroupOnTheLatestOrANewerReleaseIsCurrent() {
		this.aws.nodegroup("ng-1", "1.31", "AL2_x86_64", "1.31.3-20241121");
		this.aws.nodegroup("ng-2", "1.31", "AL2_x86_64", "1.31.3-20241205");
		this.aws.parameter("/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/release_version",
				"1.31.3-20241121");

		assertThat(this.planner.plan(AwsStandIn.API)).extracting(NodegroupPlan::action)
			.containsExactly(NodegroupPlan.Action.CURRENT, NodegroupPlan.Action.CURRENT);
		assertThat(this.aws.parametersRead).as("one look-up per Kubernetes version and AMI type").hasSize(1);
	}

	@Test
	void bottlerocketComparesWithTheImageVersionAwsPublishesForItsVariant() {
		this.aws.nodegroup("ng-br", "1.31", "BOTTLEROCKET_x86_64_NVIDIA", "1.26.2-360b7a38");
		this.aws.parameter("/aws/service/bottlerocket/aws-k8s-1.31-nvidia/x86_64/latest/image_version",
				"1.28.0-400b7ee7");

		NodegroupPlan plan = this.planner.plan(AwsStandIn.API).get(0);

		assertThat(plan.action()).isEqualTo(NodegroupPlan.Action.UPDATE);
		assertThat(plan.latestRelease()).isEqualTo("1.28.0-400b7ee7");
	}

	@Test
	void customWindowsAndUnknownAmiTypesAreLeftAloneWithTheirReasons() {
		this.aws.nodegroup("ng-custom", "1.31", "CUSTOM", "ami-0123456789abcdef0");
		this.aws.nodegroup("ng-win", "1.31", "WINDOWS_CORE_2022_x86_64", "1.31-2024.11.12");
		this.aws.nodegroup("ng-new", "1.31", "AL2027_x86_64_STANDARD", "1.31.3-20241121");

		List<NodegroupPlan> plan = this.planner.plan(AwsStandIn.API);

		assertThat(plan).extracting(NodegroupPlan::action).containsOnly(NodegroupPlan.Action.NOT_UPDATABLE);
		assertThat(plan).extracting(NodegroupPlan::reason)
			.containsExactly("custom AMI from its launch template: update the image in a new launch template version",
					"Windows AMI type WINDOWS_CORE_2022_x86_64 is not supported by ospatch",
					"AMI type AL2027_x86_64_STANDARD unknown to ospatch");
		assertThat(this.aws.parametersRead).isEmpty();
	}

	@Test
	void aReleaseThatIsAnImageIdIsACustomAmiWhateverTheAmiType() {
		this.aws.nodegroup("ng-lt", "1.31", "AL2023_x86_64_STANDARD", "ami-0fedcba9876543210");

		NodegroupPlan plan = this.planner.plan(AwsStandIn.API).get(0);

		assertThat(plan.action()).isEqualTo(NodegroupPlan.Action.NOT_UPDATABLE);
		assertThat(plan.reason()).startsWith("custom AMI ami-0fedcba9876543210");
	}

	@Test
	void aKubernetesVersionAwsPublishesNothingForIsLeftAloneNamingTheParameter() {
		this.aws.nodegroup("ng-old", "1.19", "AL2_x86_64", "1.19.15-20220926");

		NodegroupPlan plan = this.planner.plan(AwsStandIn.API).get(0);

		assertThat(plan.action()).isEqualTo(NodegroupPlan.Action.NOT_UPDATABLE);
		assertThat(plan.reason()).contains("Kubernetes 1.19 on AL2_x86_64")
			.contains("/aws/service/eks/optimized-ami/1.19/amazon-linux-2/recommended/release_version");
	}

	@Test
	void aNodegroupBeingDeletedIsLeftAlone() {
		this.aws.nodegroups.add(new EksNodegroup("ng-1", "1.31", "AL2_x86_64", "1.31.0-20241024", "DELETING"));

		NodegroupPlan plan = this.planner.plan(AwsStandIn.API).get(0);

		assertThat(plan.action()).isEqualTo(NodegroupPlan.Action.NOT_UPDATABLE);
		assertThat(plan.reason()).isEqualTo("node group is DELETING");
	}

	@Test
	void everyLinuxAmiTypeOfTheSdkHasItsParameter() {
		for (software.amazon.awssdk.services.eks.model.AMITypes type : software.amazon.awssdk.services.eks.model.AMITypes
			.knownValues()) {
			String amiType = type.toString();
			if (amiType.equals("CUSTOM") || amiType.startsWith("WINDOWS_")) {
				continue;
			}
			assertThat(ReleaseParameters.latestReleaseParameter("1.31", amiType)).as(amiType)
				.startsWith("/aws/service/")
				.contains("1.31");
		}
	}

	private static final class InMemoryAws implements EksNodegroups {

		final List<EksNodegroup> nodegroups = new ArrayList<>();

		final Map<String, String> parameters = new HashMap<>();

		final List<String> parametersRead = new ArrayList<>();

		void nodegroup(String name, String kubernetesVersion, String amiType, String release) {
			this.nodegroups.add(new EksNodegroup(name, kubernetesVersion, amiType, release, "ACTIVE"));
		}

		void parameter(String name, String value) {
			this.parameters.put(name, value);
		}

		@Override
		public List<EksNodegroup> nodegroups(EksApi api) {
			return this.nodegroups;
		}

		@Override
		public EksNodegroup nodegroup(EksApi api, String nodegroup) {
			return this.nodegroups.stream().filter((candidate) -> candidate.name().equals(nodegroup)).findFirst().orElseThrow();
		}

		@Override
		public Optional<String> publicParameter(EksApi api, String name) {
			this.parametersRead.add(name);
			return Optional.ofNullable(this.parameters.get(name));
		}

		@Override
		public String startUpdate(EksApi api, String nodegroup, String releaseVersion, boolean force,
				String clientRequestToken) {
			throw new UnsupportedOperationException("a plan starts nothing");
		}

		@Override
		public EksUpdate update(EksApi api, String nodegroup, String updateId) {
			throw new UnsupportedOperationException("a plan follows nothing");
		}

	}

}
