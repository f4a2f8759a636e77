package io.ospatch.kube;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Builds fabric8 clients for a {@link KubeApi}, the same way for everything here that talks to a
 * cluster. A cluster whose API does not answer fails within the connection timeout, without the
 * client's own retries: callers retry what they mean to retry (an eviction refused by a
 * PodDisruptionBudget), and one dead cluster does not hold up a fleet-wide sync.
 */
final class KubeClients {

	/** Where Kubernetes mounts a pod's service account: its token, its namespace and the API's CA. */
	static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

	private static final int CONNECTION_TIMEOUT_MS = 10_000;

	private static final int REQUEST_TIMEOUT_MS = 30_000;

	private KubeClients() {
	}

	/** A new client with {@code config} (from {@link #config(KubeApi)}); the caller closes it. */
	static KubernetesClient client(Config config) {
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	/**
	 * The client's configuration for {@code api}. A kubeconfig that cannot be read is reported by
	 * its path and the kind of problem only: a parser's message may quote the file, tokens included.
	 */
	static Config config(KubeApi api) {
		Config config;
		if (api.inClusterServiceAccount()) {
			config = inCluster(System.getenv("KUBERNETES_SERVICE_HOST"), System.getenv("KUBERNETES_SERVICE_PORT"),
					SERVICE_ACCOUNT_DIR);
		}
		else {
			File file = api.kubeconfig().toFile();
			if (!file.isFile() || !file.canRead()) {
				throw new KubeApiException("kubeconfig " + api.kubeconfig() + " does not exist or is not a readable file");
			}
			try {
				config = Config.fromKubeconfig(api.context(), file);
			}
			catch (RuntimeException ex) {
				throw new KubeApiException("cannot read " + api + ": not a usable kubeconfig ("
						+ ex.getClass().getSimpleName() + ")");
			}
			if (api.context() != null && (config.getCurrentContext() == null
					|| !api.context().equals(config.getCurrentContext().getName()))) {
				throw new KubeApiException("kubeconfig " + api.kubeconfig() + " has no context '" + api.context() + "'");
			}
		}
		config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
		config.setRequestTimeout(REQUEST_TIMEOUT_MS);
		config.setRequestRetryBackoffLimit(0);
		return config;
	}

	/**
	 * The pod's service account and nothing else: not a kubeconfig that happens to be around
	 * ({@code KUBECONFIG}, {@code ~/.kube/config}), which the client's own discovery would prefer.
	 * The token is read at each request, as Kubernetes rotates bound tokens.
	 */
	static Config inCluster(String host, String port, Path serviceAccount) {
		Path token = serviceAccount.resolve("token");
		if (host == null || host.isBlank() || !Files.isReadable(token)) {
			throw new KubeApiException("cannot use the in-cluster service account: ospatch is not running in a "
					+ "Kubernetes pod with a service account token (" + token + ", KUBERNETES_SERVICE_HOST)");
		}
		Config config = Config.empty();
		config.setMasterUrl("https://" + ((host.indexOf(':') >= 0) ? "[" + host + "]" : host) + ":"
				+ ((port != null && !port.isBlank()) ? port : "443"));
		config.setCaCertFile(serviceAccount.resolve("ca.crt").toString());
		config.setOauthTokenProvider(() -> {
			try {
				return Files.readString(token).strip();
			}
			catch (java.io.IOException ex) {
				throw new KubeApiException("cannot read the service account token " + token + " ("
						+ ex.getClass().getSimpleName() + ")");
			}
		});
		return config;
	}

	/** The innermost cause's first line: what went wrong (Connection refused, Forbidden, …). */
	static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause.getMessage() != null && !cause.getMessage().isBlank())
				? cause.getMessage().strip().lines().findFirst().orElse("") : cause.getClass().getSimpleName();
	}

}
