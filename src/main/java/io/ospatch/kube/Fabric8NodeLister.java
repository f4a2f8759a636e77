package io.ospatch.kube;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import org.springframework.stereotype.Component;

/**
 * Lists nodes with the fabric8 kubernetes-client, one short-lived client per call: a sync reads
 * each cluster once. A cluster whose API does not answer fails within the connection timeout,
 * without the client's retries, so that one dead cluster does not hold up a fleet-wide sync.
 */
@Component
class Fabric8NodeLister implements NodeLister {

	/** Where Kubernetes mounts a pod's service account: its token, its namespace and the API's CA. */
	static final Path SERVICE_ACCOUNT_DIR = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

	private static final int CONNECTION_TIMEOUT_MS = 10_000;

	private static final int REQUEST_TIMEOUT_MS = 30_000;

	private static final String CONTROL_PLANE = "node-role.kubernetes.io/control-plane";

	private static final String MASTER = "node-role.kubernetes.io/master";

	@Override
	public List<KubeNode> nodes(KubeApi api) {
		Config config = config(api);
		try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
			return client.nodes().list().getItems().stream().map(Fabric8NodeLister::kubeNode).toList();
		}
		catch (RuntimeException ex) {
			throw new KubeApiException("cannot list the nodes of " + config.getMasterUrl() + " with " + api + ": "
					+ rootCause(ex), ex);
		}
	}

	static KubeNode kubeNode(Node node) {
		Map<String, String> labels = (node.getMetadata().getLabels() != null) ? node.getMetadata().getLabels() : Map.of();
		String internalIp = null;
		NodeSystemInfo info = null;
		if (node.getStatus() != null) {
			info = node.getStatus().getNodeInfo();
			if (node.getStatus().getAddresses() != null) {
				internalIp = node.getStatus()
					.getAddresses()
					.stream()
					.filter((address) -> "InternalIP".equals(address.getType()))
					.map(NodeAddress::getAddress)
					.findFirst()
					.orElse(null);
			}
		}
		return new KubeNode(node.getMetadata().getName(), internalIp,
				labels.containsKey(CONTROL_PLANE) || labels.containsKey(MASTER),
				(info != null) ? info.getOsImage() : null, (info != null) ? info.getKernelVersion() : null);
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
	private static String rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = (cause.getMessage() != null && !cause.getMessage().isBlank())
				? cause.getMessage().strip().lines().findFirst().orElse("") : cause.getClass().getSimpleName();
		return message;
	}

}
