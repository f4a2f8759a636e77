package io.ospatch.web.launch;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How {@code ospatch serve} patches what is launched on demand: in its own launch workers, or in a
 * Kubernetes Job per launch.
 *
 * @param mode {@code worker} (default): the server's launch workers patch; {@code kubernetes-job}: the
 * request opens the run, records it stopped and resumable and creates a Job from {@code jobTemplate}
 * whose {@code ospatch patch --cluster NAME} resumes it
 * @param workers launches patching at the same time (default 2); each patches its clusters with
 * {@code ospatch.rollout.parallel-clusters} threads of its own
 * @param queue launches accepted to wait for a free worker (default 4), their clusters leased
 * and their runs open meanwhile
 * @param jobNamespace where {@code kubernetes-job} creates its Jobs (default {@code ospatch})
 * @param jobTemplate the on-demand Job template ({@code k8s-cronjobs/on-demand/patch-job.yaml}), read
 * at each launch (default {@code /etc/ospatch/on-demand/patch-job.yaml}, where the Deployment mounts it)
 * @param jobKubeconfig the kubeconfig of the Kubernetes API that {@code kubernetes-job} creates its Jobs
 * through; empty (default): the in-cluster service account of the pod serve runs in
 */
@ConfigurationProperties("ospatch.web.launch")
public record LaunchProperties(@DefaultValue("worker") Mode mode, @DefaultValue("2") int workers,
		@DefaultValue("4") int queue, @DefaultValue("ospatch") String jobNamespace,
		@DefaultValue("/etc/ospatch/on-demand/patch-job.yaml") Path jobTemplate, Path jobKubeconfig) {

	public LaunchProperties {
		if (workers < 1) {
			throw new IllegalArgumentException("ospatch.web.launch.workers must be at least 1, not " + workers);
		}
		if (queue < 0) {
			throw new IllegalArgumentException("ospatch.web.launch.queue must be 0 or more, not " + queue);
		}
		if (jobNamespace == null || jobNamespace.isBlank()) {
			throw new IllegalArgumentException("ospatch.web.launch.job-namespace must name a namespace");
		}
	}

	/** Where a launch is patched. */
	public enum Mode {

		/** In the server's launch workers. */
		WORKER,
		/** In a Kubernetes Job created per launch. */
		KUBERNETES_JOB

	}

}
