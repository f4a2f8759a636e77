package io.ospatch.kube;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ospatch.support.KubeApiDispatcher;
import io.ospatch.support.KubeApiStub;

/**
 * A cluster's Kubernetes API for the tests of this package: fabric8's mock server in CRUD mode,
 * plus what CRUD mode lacks ({@link KubeApiDispatcher}), the Eviction API among it. An eviction deletes the pod, unless a test made its
 * PodDisruptionBudget refuse it (HTTP 429, every time) or made the pod linger after its eviction.
 * Every request is recorded, in order, as {@code METHOD path}.
 */
final class MockCluster implements AutoCloseable {

	/** The kubeconfig's credential, which no message may show. */
	static final String TOKEN = "kube-test-token-7d41c0aa";

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final List<String> evictionBodies = new CopyOnWriteArrayList<>();

	private final Set<String> refused = ConcurrentHashMap.newKeySet();

	private final Set<String> lingering = ConcurrentHashMap.newKeySet();

	private final Set<String> forbidden = ConcurrentHashMap.newKeySet();

	private final KubernetesMockServer server;

	private final KubernetesClient client;

	private final KubeApi api;

	MockCluster(Path dir) throws IOException {
		this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), new Dispatcher(),
				false);
		this.server.init();
		this.client = this.server.createClient();
		Path kubeconfig = KubeApiStub.writeKubeconfig(dir.resolve("kubeconfig-" + this.server.getPort()),
				"http://" + this.server.getHostName() + ":" + this.server.getPort(), TOKEN);
		this.api = new KubeApi(kubeconfig, null);
	}

	KubeApi api() {
		return this.api;
	}

	/** A client of the mock, to set the cluster up and look at it; its requests are not recorded. */
	KubernetesClient client() {
		return this.client;
	}

	/** Every eviction of {@code namespace/name} is refused, as a PodDisruptionBudget at its minimum does. */
	void refuseEvictions(String pod) {
		this.refused.add(pod);
	}

	/** An eviction of {@code namespace/name} is accepted, but the pod stays, as one whose containers will not stop. */
	void lingerAfterEviction(String pod) {
		this.lingering.add(pod);
	}

	/** Requests with this method are refused with 403, as RBAC refuses what a role does not grant. */
	void forbid(String method) {
		this.forbidden.add(method);
	}

	/** What ospatch asked, in order, as {@code METHOD path} (query left out). */
	List<String> requests() {
		return List.copyOf(this.requests);
	}

	/** What ospatch asked to change, in order: everything but reads. */
	List<String> changes() {
		return requests().stream().filter((request) -> !request.startsWith("GET ")).toList();
	}

	/** The bodies of the evictions ospatch posted, in order. */
	List<String> evictionBodies() {
		return List.copyOf(this.evictionBodies);
	}

	void clearRequests() {
		this.requests.clear();
	}

	@Override
	public void close() {
		this.client.close();
		this.server.destroy();
	}

	/** The shared mock API, plus this package's refusals, lingering pods, 403s and request log. */
	private final class Dispatcher extends KubeApiDispatcher {

		@Override
		public MockResponse dispatch(RecordedRequest request) {
			String path = request.getPath();
			String withoutQuery = (path.indexOf('?') >= 0) ? path.substring(0, path.indexOf('?')) : path;
			boolean ours = request.getHeader("Authorization") != null
					&& request.getHeader("Authorization").contains(TOKEN);
			if (ours) {
				MockCluster.this.requests.add(request.getMethod() + " " + withoutQuery);
				if (MockCluster.this.forbidden.contains(request.getMethod())) {
					return status(403, "Forbidden", "nodes w-1 is forbidden: User system:serviceaccount:ospatch:ospatch cannot do this");
				}
			}
			return super.dispatch(request);
		}

		@Override
		protected MockResponse evict(String namespace, String pod, RecordedRequest request) {
			String name = namespace + "/" + pod;
			MockCluster.this.evictionBodies.add(request.getUtf8Body());
			if (MockCluster.this.refused.contains(name)) {
				return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
			}
			if (MockCluster.this.lingering.contains(name)) {
				return status(201, "Success", "");
			}
			return super.evict(namespace, pod, request);
		}

	}

}
