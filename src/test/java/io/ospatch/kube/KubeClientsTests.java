package io.ospatch.kube;

import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** How the clients that talk to a cluster are configured, without an API server. */
class KubeClientsTests {

	@TempDir
	Path dir;

	@Test
	void inClusterIsThePodsServiceAccountWithItsTokenReadAtEachRequest() throws Exception {
		Path token = Files.writeString(this.dir.resolve("token"), "first-token\n");

		Config config = KubeClients.inCluster("10.96.0.1", "443", this.dir);

		assertThat(config.getMasterUrl()).startsWith("https://10.96.0.1:443");
		assertThat(config.getCaCertFile()).isEqualTo(this.dir.resolve("ca.crt").toString());
		assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("first-token");
		Files.writeString(token, "rotated-token");
		assertThat(config.getOauthTokenProvider().getToken()).isEqualTo("rotated-token");
		assertThat(KubeClients.inCluster("fd00::1", null, this.dir).getMasterUrl()).startsWith("https://[fd00::1]:443");
	}

	@Test
	void outsideAPodInClusterIsRefusedWithOneLine() {
		assertThatExceptionOfType(KubeApiException.class).isThrownBy(() -> KubeClients.inCluster(null, null, this.dir))
			.withMessageStartingWith("cannot use the in-cluster service account: ospatch is not running in a Kubernetes pod");
		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> KubeClients.inCluster("10.96.0.1", "443", this.dir.resolve("missing")));
	}

	@Test
	void aBrokenKubeconfigIsReportedWithoutItsContent() throws Exception {
		Path broken = Files.writeString(this.dir.resolve("kubeconfig"),
				"users:\n- name: x\n  user: {token: secret-token-in-a-broken-file\n  :: [\n");

		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> KubeClients.config(new KubeApi(broken, null)))
			.withMessageStartingWith("cannot read kubeconfig " + broken + ": not a usable kubeconfig")
			.withMessageNotContaining("secret-token")
			.withNoCause();
	}

}
