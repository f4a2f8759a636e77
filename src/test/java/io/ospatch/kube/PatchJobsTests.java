package io.ospatch.kube;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PatchJobsTests {

	@Test
	void jobNamesAreDnsLabelsOfAtMost63Characters() {
		assertThat(PatchJobs.jobName("Prod_EU.1", 7)).isEqualTo("ospatch-patch-prod-eu-1-run-7");
		assertThat(PatchJobs.jobName("c".repeat(80), 123456)).hasSize(63)
			.startsWith("ospatch-patch-ccc")
			.endsWith("c-run-123456");
	}

	@Test
	void aMissingTemplateIsSaidInOneLineBeforeAnyRequest() {
		Path missing = Path.of("target/no-such-template.yaml");
		PatchJobs jobs = new PatchJobs(new KubeApi(Path.of("target/no-such-kubeconfig"), null), "ospatch", missing);

		assertThatThrownBy(() -> jobs.create("c1", 1)).isInstanceOf(KubeApiException.class)
			.hasMessage("the on-demand Job template " + missing + " does not exist or is not readable");
	}

}
