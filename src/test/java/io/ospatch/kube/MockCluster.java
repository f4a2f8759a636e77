package io.ospatch.kube;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A cluster's Kubernetes API for the tests of this package: fabric8's mock server in CRUD mode,
 * plus what CRUD mode lacks, the Eviction API. An eviction deletes the pod, unless a test made its
 * PodDisruptionBudget refuse it (HTTP 429, every time) or made the pod linger after its eviction.
 * Every request is recorded, in order, as {@code METHOD path}.
 */
final class MockCluster implements AutoCloseable {

	/** The kubeconfig's credential, which no message may show. */
	static final String TOKEN = "kube-test-token-7d41c0aa";

	private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");

	private static final JsonMapper JSON = JsonMapper.shared();

	private static final Pattern BY_NODE = Pattern.compile("(/api/v1/pods)\\?fieldSelector=spec\\.nodeName%3D([^&]+)");

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
		Path kubeconfig = Files.writeString(dir.resolve("kubeconfig-" + this.server.getPort()), """
				apiVersion: v1
				kind: Config
				clusters:
				- name: lab
				  cluster:
				    server: http://%s:%d
				contexts:
				- name: lab-admin
				  context:
				    cluster: lab
				    user: ospatch
				current-context: lab-admin
				users:
				- name: ospatch
				  user:
				    token: %s
				""".formatted(this.server.getHostName(), this.server.getPort(), TOKEN));
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

	private final class Dispatcher extends KubernetesCrudDispatcher {

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
			Matcher eviction = EVICTION.matcher(withoutQuery);
			if (eviction.matches() && "POST".equals(request.getMethod())) {
				String pod = eviction.group(1) + "/" + eviction.group(2);
				MockCluster.this.evictionBodies.add(request.getUtf8Body());
				if (MockCluster.this.refused.contains(pod)) {
					return status(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
				}
				if (!MockCluster.this.lingering.contains(pod)) {
					MockResponse deleted = handleDelete("/api/v1/namespaces/" + eviction.group(1) + "/pods/" + eviction.group(2));
					if (deleted.code() == 404) {
						return deleted;
					}
				}
				return status(201, "Success", "");
			}
			if ("PATCH".equals(request.getMethod())
					&& String.valueOf(request.getHeader("Content-Type")).startsWith("application/merge-patch+json")) {
				return mergePatch(request, withoutQuery);
			}
			Matcher byNode = BY_NODE.matcher(path);
			if (byNode.matches() && "GET".equals(request.getMethod())) {
				return podsOn(byNode.group(2), super.handleGet(byNode.group(1)));
			}
			return super.dispatch(request);
		}

		/**
		 * CRUD mode keeps a merge patch's {@code null} as a value, where the API server removes the
		 * field (RFC 7386): the patched object is stored again without its nulls (no Kubernetes
		 * object holds one).
		 */
		private MockResponse mergePatch(RecordedRequest request, String path) {
			MockResponse patched = super.dispatch(request);
			if (patched.code() >= 300) {
				return patched;
			}
			JsonNode object = JSON.readTree(patched.getBody().readUtf8());
			withoutNulls(object);
			return handleUpdate(new RecordedRequest(request.getHttpVersion(), HttpMethod.PUT, path, request.getHeaders(),
					new Buffer().writeUtf8(JSON.writeValueAsString(object))));
		}

		private static void withoutNulls(JsonNode node) {
			if (node instanceof ObjectNode object) {
				List<String> nulls = object.propertyNames().stream().filter((name) -> object.get(name).isNull()).toList();
				nulls.forEach(object::remove);
				object.values().forEach(Dispatcher::withoutNulls);
			}
		}

		/** CRUD mode knows no field selector but metadata's: the API server's spec.nodeName, done here. */
		private static MockResponse podsOn(String node, MockResponse all) {
			PodList pods = Serialization.unmarshal(all.getBody().readUtf8(), PodList.class);
			pods.setItems(pods.getItems().stream().filter((pod) -> node.equals(pod.getSpec().getNodeName())).toList());
			return new MockResponse().setResponseCode(all.code())
				.setHeader("Content-Type", "application/json")
				.setBody(Serialization.asJson(pods));
		}

		private static MockResponse status(int code, String reason, String message) {
			return new MockResponse().setResponseCode(code)
				.setHeader("Content-Type", "application/json")
				.setBody("""
						{"kind":"Status","apiVersion":"v1","metadata":{},"status":"%s","message":"%s","reason":"%s","code":%d}"""
					.formatted((code < 300) ? "Success" : "Failure", message, reason, code));
		}

	}

}
