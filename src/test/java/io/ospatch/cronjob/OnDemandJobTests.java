package io.ospatch.cronjob;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.ospatch.support.Kubectl;
import io.ospatch.support.KubernetesYaml;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both documented ways of patching a cluster now (k8s-cronjobs/README.md) give the same Job:
 * the manifest with the cluster's name put in, and a CronJob's Job with its command replaced.
 */
class OnDemandJobTests {

	@Test
	void theManifestWithTheNamePutInPatchesThatCluster() throws Exception {
		String manifest = Files.readString(KubernetesManifestsTests.ON_DEMAND_JOB).replace("CLUSTER-NAME", "prod-eu-1");

		Job job = KubernetesYaml.SERIALIZATION.unmarshal(manifest, Job.class);

		assertThat(pod(job).getContainers().get(0).getArgs()).containsExactly("patch", "--cluster", "prod-eu-1");
	}

	@Test
	void aCronJobsJobWithTheDocumentedPatchIsTheSame() throws Exception {
		CronJob custom = KubernetesManifestsTests.cronJobs().get("ospatch-custom");
		// what `kubectl create job NAME --from=cronjob/ospatch-custom` creates: the CronJob's job template
		Job fromCronJob = new JobBuilder().withNewMetadata()
			.withName("ospatch-patch-prod-eu-1")
			.endMetadata()
			.withSpec(custom.getSpec().getJobTemplate().getSpec())
			.build();

		String patched = Kubectl.run(KubernetesYaml.SERIALIZATION.asYaml(fromCronJob), "patch", "--local", "-f", "-",
				"--type=json", "-o", "yaml", "-p", documentedPatch());

		Job job = KubernetesYaml.SERIALIZATION.unmarshal(patched, Job.class);
		Job manifest = KubernetesYaml.SERIALIZATION.unmarshal(
				Files.readString(KubernetesManifestsTests.ON_DEMAND_JOB).replace("CLUSTER-NAME", "prod-eu-1"), Job.class);
		assertThat(pod(job).getContainers().get(0).getArgs()).containsExactly("patch", "--cluster", "prod-eu-1");
		assertThat(job.getSpec().getBackoffLimit()).isZero();
		assertThat(KubernetesYaml.tree(pod(job))).isEqualTo(KubernetesYaml.tree(pod(manifest)));
	}

	/** The JSON patch the README gives to {@code kubectl patch --local}. */
	private static String documentedPatch() throws Exception {
		Matcher patch = Pattern.compile("-p '(\\[\\{\"op\":\"replace\".*?\\])'")
			.matcher(Files.readString(Path.of("k8s-cronjobs/README.md")));
		assertThat(patch.find()).as("the README's patch").isTrue();
		return patch.group(1);
	}

	private static PodSpec pod(Job job) {
		return job.getSpec().getTemplate().getSpec();
	}

}
