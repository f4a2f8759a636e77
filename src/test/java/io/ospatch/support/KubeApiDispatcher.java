package io.ospatch.support;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * fabric8's CRUD mock API with what a drain needs and CRUD mode lacks, done as the API server does:
 * the Eviction API (an eviction deletes the pod; {@link #evict} decides otherwise in a subclass),
 * JSON merge patches that remove the fields they set to {@code null} (RFC 7386; CRUD mode keeps the
 * nulls), and the {@code spec.nodeName} field selector on pods.
 */
public class KubeApiDispatcher extends KubernetesCrudDispatcher {

	private static final Pattern EVICTION = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/eviction");

	private static final Pattern BY_NODE = Pattern.compile("(/api/v1/pods)\\?fieldSelector=spec\\.nodeName%3D([^&]+)");

	private static final JsonMapper JSON = JsonMapper.shared();

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		String path = request.getPath();
		String withoutQuery = (path.indexOf('?') >= 0) ? path.substring(0, path.indexOf('?')) : path;
		Matcher eviction = EVICTION.matcher(withoutQuery);
		if (eviction.matches() && "POST".equals(request.getMethod())) {
			return evict(eviction.group(1), eviction.group(2), request);
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

	/** An eviction, which the API server grants when no PodDisruptionBudget objects: the pod is deleted. */
	protected MockResponse evict(String namespace, String pod, RecordedRequest request) {
		MockResponse deleted = handleDelete("/api/v1/namespaces/" + namespace + "/pods/" + pod);
		return (deleted.code() == 404) ? deleted : status(201, "Success", "");
	}

	/** A {@code Status} answer, as the API server words them. */
	protected static MockResponse status(int code, String reason, String message) {
		return new MockResponse().setResponseCode(code)
			.setHeader("Content-Type", "application/json")
			.setBody("""
					{"kind":"Status","apiVersion":"v1","metadata":{},"status":"%s","message":"%s","reason":"%s","code":%d}"""
				.formatted((code < 300) ? "Success" : "Failure", message, reason, code));
	}

	/** The patched object is stored again without its nulls (no Kubernetes object holds one). */
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
			object.values().forEach(KubeApiDispatcher::withoutNulls);
		}
	}

	private static MockResponse podsOn(String node, MockResponse all) {
		PodList pods = Serialization.unmarshal(all.getBody().readUtf8(), PodList.class);
		pods.setItems(pods.getItems().stream().filter((pod) -> node.equals(pod.getSpec().getNodeName())).toList());
		return new MockResponse().setResponseCode(all.code())
			.setHeader("Content-Type", "application/json")
			.setBody(Serialization.asJson(pods));
	}

}
