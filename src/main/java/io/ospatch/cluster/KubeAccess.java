package io.ospatch.cluster;

import java.nio.file.Path;

/**
 * How ospatch reaches a cluster's Kubernetes API to read its nodes: a kubeconfig file, with one of
 * its contexts or its current one, or the service account of the pod ospatch runs in. Only the
 * path is kept: the file's content (certificates, tokens) is read when the API is called, and never
 * stored, logged or shown.
 *
 * @param kubeconfig the kubeconfig file, an absolute path; {@code null} when {@code inCluster}
 * @param context the context of the kubeconfig to use, or {@code null} for its current context
 * @param inCluster use the service account of the pod ospatch runs in
 */
public record KubeAccess(Path kubeconfig, String context, boolean inCluster) {

	/** The word {@code --kubeconfig} takes for the pod's service account; no absolute path reads so. */
	public static final String IN_CLUSTER = "in-cluster";

	public KubeAccess {
		if (inCluster == (kubeconfig != null)) {
			throw new IllegalArgumentException("a kubeconfig file or the in-cluster service account, one of them");
		}
		if (inCluster && context != null) {
			throw new IllegalArgumentException("a context belongs to a kubeconfig file");
		}
	}

	public static KubeAccess inClusterServiceAccount() {
		return new KubeAccess(null, null, true);
	}

	/** As {@code cluster show} says it: the path, never the content. */
	public String describe() {
		if (this.inCluster) {
			return IN_CLUSTER + " (the service account of the pod ospatch runs in)";
		}
		return this.kubeconfig + ((this.context != null) ? ", context " + this.context : ", its current context");
	}

}
