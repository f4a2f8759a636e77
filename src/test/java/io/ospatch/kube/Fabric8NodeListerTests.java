package io.ospatch.kube;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is read of a Kubernetes node, without an API server. */
class Fabric8NodeListerTests {

	@Test
	void theOlderMasterLabelAlsoMakesAControlPlaneNode() {
		Node node = new NodeBuilder().withNewMetadata()
			.withName("cp-1")
			.addToLabels("node-role.kubernetes.io/master", "")
			.endMetadata()
			.withNewStatus()
			.addNewAddress()
			.withType("ExternalIP")
			.withAddress("203.0.113.5")
			.endAddress()
			.addNewAddress()
			.withType("InternalIP")
			.withAddress("10.0.0.10")
			.endAddress()
			.withNewNodeInfo()
			.withOsImage("Rocky Linux 9.2 (Blue Onyx)")
			.withKernelVersion("5.14.0-284.11.1.el9_2.x86_64")
			.endNodeInfo()
			.endStatus()
			.build();

		assertThat(Fabric8NodeLister.kubeNode(node))
			.isEqualTo(new KubeNode("cp-1", "10.0.0.10", true, "Rocky Linux 9.2 (Blue Onyx)", "5.14.0-284.11.1.el9_2.x86_64"));
	}

	@Test
	void aNodeWithoutStatusOrLabelsIsAWorkerWithNothingKnown() {
		Node node = new NodeBuilder().withNewMetadata().withName("w-1").endMetadata().build();

		assertThat(Fabric8NodeLister.kubeNode(node)).isEqualTo(new KubeNode("w-1", null, false, null, null));
	}

}
