package io.ospatch.cronjob;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl kustomize} (Debian's kubernetes-client, which lab/prereqs installs; {@code KUBECTL}
 * names another) builds the base into ospatch's namespace with the image set, and builds a directory
 * {@code ospatch cronjobs --out} wrote.
 */
class KustomizeBuildTests {

	static final String KUBECTL = System.getenv().getOrDefault("KUBECTL", "kubectl");

	@Test
	void theBaseBuildsIntoOspatchsNamespaceWithTheImageSet() throws Exception {
		List<HasMetadata> built = KubernetesYaml.parseAll(kustomize(KubernetesManifestsTests.BASE));

		assertThat(built).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap",
					"CronJob", "CronJob", "CronJob", "CronJob", "CronJob", "CronJob");
		assertThat(built).filteredOn((resource) -> List.of("ServiceAccount", "ConfigMap", "CronJob").contains(resource.getKind()))
			.allSatisfy((resource) -> assertThat(resource.getMetadata().getNamespace()).isEqualTo("ospatch"));
		ClusterRoleBinding binding = (ClusterRoleBinding) built.stream()
			.filter((resource) -> resource instanceof ClusterRoleBinding)
			.findFirst()
			.orElseThrow();
		assertThat(binding.getSubjects().get(0).getNamespace()).isEqualTo("ospatch");
		List<CronJob> cronJobs = built.stream().filter(CronJob.class::isInstance).map(CronJob.class::cast).toList();
		assertThat(cronJobs).extracting((cronJob) -> cronJob.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(KubernetesManifestsTests.cronJobs().keySet());
		assertThat(cronJobs).allSatisfy((cronJob) -> assertThat(
				cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
			.startsWith("ospatch:"));
	}

	/** The output of {@code kubectl kustomize DIR}; the command's stderr if it fails. */
	static String kustomize(Path dir) throws IOException, InterruptedException {
		Process kubectl = new ProcessBuilder(KUBECTL, "kustomize", dir.toString()).redirectErrorStream(false).start();
		kubectl.getOutputStream().close();
		byte[] out = kubectl.getInputStream().readAllBytes();
		String err = new String(kubectl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).as("kubectl kustomize ended").isTrue();
		assertThat(kubectl.exitValue()).as("kubectl kustomize %s: %s", dir, err).isZero();
		return new String(out, StandardCharsets.UTF_8);
	}

}
