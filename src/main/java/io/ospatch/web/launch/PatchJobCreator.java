package io.ospatch.web.launch;

import io.ospatch.cluster.InvalidInputException;
import io.ospatch.kube.KubeApi;
import io.ospatch.kube.KubeApiException;
import io.ospatch.kube.PatchJobs;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * Under {@code ospatch.web.launch.mode=kubernetes-job}, creates the Kubernetes Job that resumes a
 * launch's run, through the server's own Kubernetes API ({@code ospatch.web.launch.job-kubeconfig},
 * or the in-cluster service account). That API must answer when the server starts: a server that
 * would accept launches only to answer every one 503 refuses to start instead.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class PatchJobCreator {

	private final PatchJobs jobs;

	private final String namespace;

	PatchJobCreator(LaunchProperties properties) {
		this.namespace = properties.jobNamespace();
		if (properties.mode() != LaunchProperties.Mode.KUBERNETES_JOB) {
			this.jobs = null;
			return;
		}
		KubeApi api = (properties.jobKubeconfig() != null) ? new KubeApi(properties.jobKubeconfig(), null)
				: KubeApi.inCluster();
		this.jobs = new PatchJobs(api, properties.jobNamespace(), properties.jobTemplate());
		try {
			this.jobs.checkReachable();
		}
		catch (KubeApiException ex) {
			throw new InvalidInputException("ospatch.web.launch.mode=kubernetes-job, but no Kubernetes API answers: "
					+ ex.getMessage());
		}
	}

	/** Whether launches are patched in Kubernetes Jobs rather than the server's workers. */
	boolean enabled() {
		return this.jobs != null;
	}

	String namespace() {
		return this.namespace;
	}

	/**
	 * Creates the Job whose {@code ospatch patch --cluster} resumes run {@code runId}.
	 * @return the Job's name
	 * @throws LaunchJobNotCreatedException when it could not be created
	 */
	String create(String clusterName, long runId) {
		if (this.jobs == null) {
			throw new IllegalStateException("launches are patched by the server's workers (ospatch.web.launch.mode=worker)");
		}
		try {
			return this.jobs.create(clusterName, runId);
		}
		catch (KubeApiException ex) {
			throw new LaunchJobNotCreatedException("no Kubernetes Job created for run " + runId + " of " + clusterName
					+ ": " + ex.getMessage() + "; the run stays stopped and resumable, nothing is leased", ex);
		}
	}

}
