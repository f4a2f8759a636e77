package io.ospatch.kube;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What is read of a Kubernetes node, and how the client is configured, without an API server. */
class Fabric8NodeListerTests {

	@TempDir
	Path dir;

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

	@Test
	void inClusterIsThePodsServiceAccountWithItsTokenReadAtEachRequest() throws Exception {
		Path token = Files.writeString(this.dir.resolve("token"), "first-token\n");

		Config config = Fabric8NodeLister.inCluster("10.96.0.1", "443", this.dir);

		assertThat(config.getMasterUrl()).startsWith("https://10.96.0.1:443");
		assertThat(config.getCaCertFile()).isEqualTo(this.dir.resolve("ca.crt").toString());
		assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("first-token");
		Files.writeString(token, "rotated-token");
		assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("rotated-token");
		assertThat(Fabric8NodeLister.inCluster("fd00::1", null, this.dir).getMasterUrl()).startsWith("https://[fd00::1]:443");
	}

	@Test
	void outsideAPodInClusterIsRefusedWithOneLine() {
		assertThatExceptionOfType(KubeApiException.class).isThrownBy(() -> Fabric8NodeLister.inCluster(null, null, this.dir))
			.withMessageStartingWith("cannot use the in-cluster service account: ospatch is not running in a Kubernetes pod");
		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> Fabric8NodeLister.inCluster("10.96.0.1", "443", this.dir.resolve("missing")));
	}

	@Test
	void aBrokenKubeconfigIsReportedWithoutItsContent() throws Exception {
		Path broken = Files.writeString(this.dir.resolve("kubeconfig"),
				"users:\n- name: x\n  user: {token: secret-token-in-a-broken-file\n  :: [\n");

		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> Fabric8NodeLister.config(new KubeApi(broken, null)))
			.withMessageStartingWith("cannot read kubeconfig " + broken + ": not a usable kubeconfig")
			.withMessageNotContaining("secret-token")
			.withNoCause();
	}

}
