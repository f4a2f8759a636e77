package io.ospatch.rollout;

import java.util.List;
import java.util.TreeSet;

import io.ospatch.kube.KubeApi;
import io.ospatch.kube.NodeMaintenance;
import io.ospatch.kube.NodeMaintenance.PodHealth;

/**
 * The check between two chunks of a cluster with a Kubernetes API: every node patched so far in the
 * run is Ready, and no pod that was healthy before the chunk is now crash-looping. A pod is known by
 * {@code namespace/name}, so this catches what stayed where it was (pods on other nodes, StatefulSet
 * pods that keep their names) going bad; a Deployment's pod evicted by the drain comes back under a
 * new name and is not compared.
 */
class HealthGate {

	private final NodeMaintenance maintenance;

	HealthGate(NodeMaintenance maintenance) {
		this.maintenance = maintenance;
	}

	/** The pods' health before a chunk, for {@link #check} after it. */
	PodHealth before(KubeApi api) {
		return this.maintenance.podHealth(api);
	}

	/**
	 * @param patchedSoFar the nodes this run patched (or found current) so far
	 * @return why the rollout must not go on, or {@code null} when it may
	 */
	String check(KubeApi api, List<String> patchedSoFar, PodHealth before) {
		List<String> notReady = patchedSoFar.stream().filter((node) -> !this.maintenance.ready(api, node)).toList();
		PodHealth now = this.maintenance.podHealth(api);
		TreeSet<String> crashing = new TreeSet<>(now.crashLooping());
		crashing.retainAll(before.healthy());
		if (notReady.isEmpty() && crashing.isEmpty()) {
			return null;
		}
		StringBuilder why = new StringBuilder("health gate: ");
		if (!notReady.isEmpty()) {
			why.append("node(s) ").append(listed(notReady)).append(" patched but not Ready");
		}
		if (!crashing.isEmpty()) {
			why.append(notReady.isEmpty() ? "" : "; ")
				.append("pod(s) healthy before the chunk now crash-looping: ")
				.append(listed(List.copyOf(crashing)));
		}
		return why.toString();
	}

	/** At most ten, then how many more: a detail fits on a line. */
	private static String listed(List<String> names) {
		String first = String.join(", ", names.stream().limit(10).toList());
		return (names.size() > 10) ? first + " and " + (names.size() - 10) + " more" : first;
	}

}
