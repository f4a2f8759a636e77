package io.ospatch.cronjob;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.ospatch.support.Kubectl;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl kustomize} (Debian's kubernetes-client, see {@link Kubectl}) builds the base into
 * ospatch's namespace, with the image set.
 */
class KustomizeBuildTests {

	@Test
	void theBaseBuildsIntoOspatchsNamespaceWithTheImageSet() throws Exception {
		List<HasMetadata> built = KubernetesYaml.parseAll(Kubectl.kustomize(KubernetesManifestsTests.BASE));

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

}
