package io.ospatch.support;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * fabric8's CRUD mock API with the one thing a drain needs that it lacks: the Eviction API. An
 * eviction of a pod deletes it, as the API server does when no PodDisruptionBudget objects (a real
 * server would refuse with 429 then; tests of that use expectations instead).
 */
final class EvictingCrudDispatcher extends KubernetesCrudDispatcher {

	private static final Pattern EVICTION = Pattern.compile("^(/api/v1/namespaces/[^/]+/pods/[^/?]+)/eviction(\\?.*)?$");

	@Override
	public MockResponse dispatch(RecordedRequest request) {
		Matcher eviction = EVICTION.matcher(request.getPath());
		if (!"POST".equals(request.getMethod()) || !eviction.matches()) {
			return super.dispatch(request);
		}
		MockResponse deleted = handleDelete(eviction.group(1));
		if (deleted.code() >= 300) {
			return deleted;
		}
		return new MockResponse().setResponseCode(201)
			.setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
	}

}
