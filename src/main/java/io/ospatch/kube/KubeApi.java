package io.ospatch.kube;

import java.nio.file.Path;

/**
 * Where a cluster's Kubernetes API is and with which credentials: a kubeconfig file (one of its
 * contexts, or its current one), or the service account of the pod ospatch runs in.
 *
 * @param kubeconfig the kubeconfig file, or {@code null} for the in-cluster service account
 * @param context the kubeconfig's context to use, or {@code null} for its current context
 */
public record KubeApi(Path kubeconfig, String context) {

	public static KubeApi inCluster() {
		return new KubeApi(null, null);
	}

	public boolean inClusterServiceAccount() {
		return this.kubeconfig == null;
	}

	/** Names it without any of its content: the file and context, or the service account. */
	@Override
	public String toString() {
		return inClusterServiceAccount() ? "the in-cluster service account"
				: "kubeconfig " + this.kubeconfig + ((this.context != null) ? " (context " + this.context + ")" : "");
	}

}
