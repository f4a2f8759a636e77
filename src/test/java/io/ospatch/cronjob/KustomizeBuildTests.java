package io.ospatch.cronjob;

import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import io.ospatch.support.Kubectl;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubectl kustomize} (Debian's kubernetes-client, see {@link Kubectl}) builds the base into
 * ospatch's namespace, with the image set, the server's Deployment and its RBAC included.
 */
class KustomizeBuildTests {

	@Test
	void theBaseBuildsIntoOspatchsNamespaceWithTheImageSet() throws Exception {
		List<HasMetadata> built = KubernetesYaml.parseAll(Kubectl.kustomize(KubernetesManifestsTests.BASE));

		assertThat(built).extracting(HasMetadata::getKind)
			.containsExactlyInAnyOrder("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "ConfigMap",
					"CronJob", "CronJob", "CronJob", "CronJob", "CronJob", "CronJob", "ServiceAccount", "ClusterRole",
					"ClusterRoleBinding", "Role", "RoleBinding", "Deployment", "Service");
		assertThat(built)
			.filteredOn((resource) -> List.of("ServiceAccount", "ConfigMap", "CronJob", "Role", "RoleBinding", "Deployment",
					"Service")
				.contains(resource.getKind()))
			.allSatisfy((resource) -> assertThat(resource.getMetadata().getNamespace()).isEqualTo("ospatch"));
		assertThat(built).filteredOn((resource) -> resource instanceof ClusterRoleBinding || resource instanceof RoleBinding)
			.hasSize(3)
			.allSatisfy((resource) -> assertThat(subjects(resource)).singleElement()
				.satisfies((subject) -> assertThat(subject.getNamespace()).isEqualTo("ospatch")));
		assertThat(built).filteredOn(Deployment.class::isInstance)
			.singleElement()
			.satisfies((deployment) -> assertThat(((Deployment) deployment).getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getImage()).startsWith("ospatch:"));
		List<CronJob> cronJobs = built.stream().filter(CronJob.class::isInstance).map(CronJob.class::cast).toList();
		assertThat(cronJobs).extracting((cronJob) -> cronJob.getMetadata().getName())
			.containsExactlyInAnyOrderElementsOf(KubernetesManifestsTests.cronJobs().keySet());
		assertThat(cronJobs).allSatisfy((cronJob) -> assertThat(
				cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
			.startsWith("ospatch:"));
	}

	private static List<Subject> subjects(HasMetadata binding) {
		return (binding instanceof RoleBinding roleBinding) ? roleBinding.getSubjects()
				: ((ClusterRoleBinding) binding).getSubjects();
	}

}
