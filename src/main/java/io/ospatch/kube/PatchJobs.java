package io.ospatch.kube;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Creates the Kubernetes Job that runs {@code ospatch patch --cluster NAME} for one run, from the
 * on-demand Job template of {@code k8s-cronjobs/on-demand/patch-job.yaml}: {@code CLUSTER-NAME} in
 * its container's args replaced by the cluster, named after the run ({@code ospatch-patch-CLUSTER-run-ID},
 * so a second Job for the same run is refused by the API rather than created) and labelled with the
 * run's id ({@link #RUN_ID_LABEL}). The template is read at each creation, so a changed ConfigMap
 * takes effect without a restart.
 */
public final class PatchJobs {

	/** The label that says which run a Job resumes. */
	public static final String RUN_ID_LABEL = "ospatch.io/run-id";

	static final String CLUSTER_PLACEHOLDER = "CLUSTER-NAME";

	/** A Job's name becomes its pods' {@code job-name} label value, which is at most 63 characters. */
	private static final int MAX_NAME_LENGTH = 63;

	private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

	private final KubeApi api;

	private final String namespace;

	private final Path template;

	public PatchJobs(KubeApi api, String namespace, Path template) {
		this.api = api;
		this.namespace = namespace;
		this.template = template;
	}

	/**
	 * Checks that the API answers these credentials, by asking for a Job that need not exist.
	 * @throws KubeApiException when it does not answer or refuses
	 */
	public void checkReachable() {
		try (KubernetesClient client = KubeClients.client(KubeClients.config(this.api))) {
			client.batch().v1().jobs().inNamespace(this.namespace).withName("ospatch-reachability-check").get();
		}
		catch (KubernetesClientException ex) {
			throw new KubeApiException(this.api + " does not answer in namespace " + this.namespace + ": "
					+ KubeClients.rootCause(ex), ex);
		}
	}

	/**
	 * Creates the Job that resumes run {@code runId} of {@code clusterName}.
	 * @return the Job's name
	 * @throws KubeApiException when the template cannot be read or used, or the API refuses the Job
	 */
	public String create(String clusterName, long runId) {
		Job job = fromTemplate();
		String name = jobName(clusterName, runId);
		ObjectMeta metadata = job.getMetadata();
		metadata.setGenerateName(null);
		metadata.setName(name);
		metadata.setNamespace(this.namespace);
		metadata.getLabels().put(RUN_ID_LABEL, String.valueOf(runId));
		job.getSpec().getTemplate().getMetadata().getLabels().put(RUN_ID_LABEL, String.valueOf(runId));
		setCluster(job, clusterName);
		try (KubernetesClient client = KubeClients.client(KubeClients.config(this.api))) {
			client.batch().v1().jobs().inNamespace(this.namespace).resource(job).create();
			return name;
		}
		catch (KubernetesClientException ex) {
			throw new KubeApiException("the Kubernetes API (" + this.api + ") refused Job " + name + " in namespace "
					+ this.namespace + ": " + KubeClients.rootCause(ex), ex);
		}
	}

	/** {@code ospatch-patch-CLUSTER-run-ID}, the cluster's part shortened and made a DNS label where needed. */
	static String jobName(String clusterName, long runId) {
		String suffix = "-run-" + runId;
		String cluster = clusterName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
		String prefix = "ospatch-patch-" + cluster;
		prefix = prefix.substring(0, Math.min(prefix.length(), MAX_NAME_LENGTH - suffix.length()));
		return prefix.replaceAll("-+$", "") + suffix;
	}

	private Job fromTemplate() {
		if (!Files.isRegularFile(this.template) || !Files.isReadable(this.template)) {
			throw new KubeApiException("the on-demand Job template " + this.template + " does not exist or is not readable");
		}
		Job job;
		try (InputStream in = Files.newInputStream(this.template)) {
			job = SERIALIZATION.unmarshal(in, Job.class);
		}
		catch (IOException | RuntimeException ex) {
			throw new KubeApiException("the on-demand Job template " + this.template + " is not a Job ("
					+ ex.getClass().getSimpleName() + ")", ex);
		}
		if (job == null || job.getMetadata() == null || job.getSpec() == null || job.getSpec().getTemplate() == null
				|| job.getSpec().getTemplate().getMetadata() == null || job.getSpec().getTemplate().getSpec() == null) {
			throw new KubeApiException("the on-demand Job template " + this.template
					+ " is not a Job with metadata and a pod template");
		}
		if (job.getMetadata().getLabels() == null) {
			job.getMetadata().setLabels(new LinkedHashMap<>());
		}
		if (job.getSpec().getTemplate().getMetadata().getLabels() == null) {
			job.getSpec().getTemplate().getMetadata().setLabels(new LinkedHashMap<>());
		}
		return job;
	}

	private void setCluster(Job job, String clusterName) {
		boolean placed = false;
		for (Container container : job.getSpec().getTemplate().getSpec().getContainers()) {
			List<String> args = container.getArgs();
			if (args != null && args.contains(CLUSTER_PLACEHOLDER)) {
				container.setArgs(args.stream().map((arg) -> CLUSTER_PLACEHOLDER.equals(arg) ? clusterName : arg).toList());
				placed = true;
			}
		}
		if (!placed) {
			throw new KubeApiException("the on-demand Job template " + this.template + " has no container whose args hold "
					+ CLUSTER_PLACEHOLDER);
		}
	}

}
