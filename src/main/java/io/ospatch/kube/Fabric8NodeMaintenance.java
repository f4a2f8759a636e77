package io.ospatch.kube;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * {@link NodeMaintenance} with the fabric8 kubernetes-client, as {@code kubectl cordon}, {@code drain}
 * and {@code uncordon} do it, with one difference: a node is only ever uncordoned if ospatch's
 * annotation says ospatch cordoned it.
 * <p>
 * Each call builds its own client and closes it: the calls are a few per node and chunk, each far
 * longer than building a client, and nothing then outlives a run or holds a dead cluster's connections.
 * Node changes are JSON merge patches carrying the node's {@code resourceVersion}, so that a node
 * changed between reading and patching it (someone cordons it by hand) is read again and decided
 * anew rather than overwritten.
 * <p>
 * A node carrying another run's annotation (a dead run's, or that of the run a resumed run
 * continues) was cordoned by ospatch: the run that drains it now re-annotates it and owns it.
 */
@Component
class Fabric8NodeMaintenance implements NodeMaintenance {

	private static final Logger log = LoggerFactory.getLogger(Fabric8NodeMaintenance.class);

	private static final int PATCH_ATTEMPTS = 5;

	private static final int CONFLICT = 409;

	private static final JsonMapper JSON = JsonMapper.shared();

	private final Duration evictionRetryInterval;

	private final Duration pollInterval;

	Fabric8NodeMaintenance() {
		this(Duration.ofSeconds(5), Duration.ofSeconds(2));
	}

	/**
	 * @param evictionRetryInterval wait between attempts at evictions a PodDisruptionBudget refused
	 * @param pollInterval wait between looks at evicted pods, and at a node that is not Ready yet
	 */
	Fabric8NodeMaintenance(Duration evictionRetryInterval, Duration pollInterval) {
		this.evictionRetryInterval = evictionRetryInterval;
		this.pollInterval = pollInterval;
	}

	@Override
	public DrainResult drain(KubeApi api, String node, String cordonedBy, DrainPolicy policy) {
		long deadline = System.nanoTime() + policy.timeout().toNanos();
		return call(api, "drain node " + node, (client) -> {
			if (!cordon(client, node, cordonedBy)) {
				return new DrainResult(DrainResult.Outcome.CORDONED_BY_OTHER, "cordoned by someone else, not by ospatch");
			}
			return new Evictions(client, node, this.evictionRetryInterval, this.pollInterval).drain(policy, deadline);
		});
	}

	/** @return whether the node is now cordoned by ospatch for {@code cordonedBy}; false if someone else cordoned it */
	private static boolean cordon(KubernetesClient client, String name, String cordonedBy) {
		for (int attempt = 1;; attempt++) {
			Node node = existing(client, name);
			String ours = annotation(node, CORDONED_BY);
			if (unschedulable(node) && ours == null) {
				log.info("Node {} was cordoned by someone else, not by ospatch: left as it is", name);
				return false;
			}
			if (unschedulable(node) && cordonedBy.equals(ours) && annotation(node, KEPT_CORDONED_BECAUSE) == null) {
				return true;
			}
			Map<String, Object> annotations = new HashMap<>();
			annotations.put(CORDONED_BY, cordonedBy);
			annotations.put(KEPT_CORDONED_BECAUSE, null);
			if (patched(client, node, true, annotations, attempt)) {
				log.info("Cordoned node {} for {}{}", name, cordonedBy,
						(ours != null && !ours.equals(cordonedBy)) ? " (it was cordoned for " + ours + ")" : "");
				return true;
			}
		}
	}

	@Override
	public boolean awaitReady(KubeApi api, String node, String bootIdBefore, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		Config config = KubeClients.config(api);
		try (KubernetesClient client = KubeClients.client(config)) {
			while (true) {
				try {
					Node current = client.nodes().withName(node).get();
					if (ready(current) && (bootIdBefore == null || !bootIdBefore.equals(bootId(current)))) {
						return true;
					}
				}
				catch (KubernetesClientException ex) {
					// the API may be down while a control-plane node reboots: keep asking until the timeout
					log.debug("Cannot read node {} yet: {}", node, KubeClients.rootCause(ex));
				}
				if (Waiting.passed(deadline)) {
					log.info("Node {} is not Ready after {}", node, timeout);
					return false;
				}
				Waiting.sleep(this.pollInterval, deadline, "waiting for node " + node + " to be Ready");
			}
		}
	}

	@Override
	public boolean uncordon(KubeApi api, String node, String cordonedBy) {
		return call(api, "uncordon node " + node, (client) -> {
			for (int attempt = 1;; attempt++) {
				Node current = client.nodes().withName(node).get();
				if (current == null || !cordonedBy.equals(annotation(current, CORDONED_BY))) {
					log.info("Node {} is not cordoned for {}: not uncordoned", node, cordonedBy);
					return false;
				}
				Map<String, Object> annotations = new HashMap<>();
				annotations.put(CORDONED_BY, null);
				annotations.put(KEPT_CORDONED_BECAUSE, null);
				if (patched(client, current, false, annotations, attempt)) {
					log.info("Uncordoned node {}", node);
					return true;
				}
			}
		});
	}

	@Override
	public void keepCordoned(KubeApi api, String node, String cordonedBy, String reason) {
		call(api, "annotate node " + node, (client) -> {
			for (int attempt = 1;; attempt++) {
				Node current = existing(client, node);
				if (!cordonedBy.equals(annotation(current, CORDONED_BY))) {
					log.info("Node {} is not cordoned for {}: its annotations are left as they are", node, cordonedBy);
					return null;
				}
				if (patched(client, current, true, Map.of(KEPT_CORDONED_BECAUSE, reason), attempt)) {
					log.info("Node {} stays cordoned: {}", node, reason);
					return null;
				}
			}
		});
	}

	@Override
	public Map<String, String> cordonedByOspatch(KubeApi api) {
		return call(api, "list the nodes", (client) -> {
			Map<String, String> cordoned = new TreeMap<>();
			for (Node node : client.nodes().list().getItems()) {
				String run = annotation(node, CORDONED_BY);
				if (run != null) {
					cordoned.put(node.getMetadata().getName(), run);
				}
			}
			return cordoned;
		});
	}

	@Override
	public String bootId(KubeApi api, String node) {
		return call(api, "read node " + node, (client) -> bootId(existing(client, node)));
	}

	private static String bootId(Node node) {
		return (node != null && node.getStatus() != null && node.getStatus().getNodeInfo() != null)
				? node.getStatus().getNodeInfo().getBootID() : null;
	}

	@Override
	public boolean ready(KubeApi api, String node) {
		return call(api, "read node " + node, (client) -> ready(existing(client, node)));
	}

	@Override
	public PodHealth podHealth(KubeApi api) {
		return call(api, "list the pods", (client) -> podHealth(client.pods().inAnyNamespace().list().getItems()));
	}

	static PodHealth podHealth(List<Pod> pods) {
		Set<String> healthy = new TreeSet<>();
		Set<String> crashLooping = new TreeSet<>();
		for (Pod pod : pods) {
			String name = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
			List<ContainerStatus> containers = (pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null)
					? pod.getStatus().getContainerStatuses() : List.of();
			List<ContainerStatus> initContainers = (pod.getStatus() != null
					&& pod.getStatus().getInitContainerStatuses() != null) ? pod.getStatus().getInitContainerStatuses()
							: List.of();
			if ("Running".equals((pod.getStatus() != null) ? pod.getStatus().getPhase() : null) && !containers.isEmpty()
					&& containers.stream().allMatch((container) -> Boolean.TRUE.equals(container.getReady()))) {
				healthy.add(name);
			}
			if (Stream.concat(containers.stream(), initContainers.stream())
				.anyMatch((container) -> container.getState() != null && container.getState().getWaiting() != null
						&& "CrashLoopBackOff".equals(container.getState().getWaiting().getReason()))) {
				crashLooping.add(name);
			}
		}
		return new PodHealth(healthy, crashLooping);
	}

	/**
	 * One merge patch of the node's {@code spec.unschedulable} and ospatch's annotations (a
	 * {@code null} value removes one), on the condition that the node is still as it was read.
	 * @return false if it was changed in between (then read it again and decide anew)
	 */
	private static boolean patched(KubernetesClient client, Node node, boolean unschedulable,
			Map<String, Object> annotations, int attempt) {
		Map<String, Object> metadata = new HashMap<>();
		metadata.put("resourceVersion", node.getMetadata().getResourceVersion());
		metadata.put("annotations", annotations);
		String patch = JSON.writeValueAsString(Map.of("metadata", metadata, "spec", Map.of("unschedulable", unschedulable)));
		try {
			client.nodes().withName(node.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
			return true;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() != CONFLICT || attempt >= PATCH_ATTEMPTS) {
				throw ex;
			}
			return false;
		}
	}

	private static Node existing(KubernetesClient client, String name) {
		Node node = client.nodes().withName(name).get();
		if (node == null) {
			throw new KubernetesClientException("there is no node " + name);
		}
		return node;
	}

	static boolean ready(Node node) {
		return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
				&& node.getStatus()
					.getConditions()
					.stream()
					.anyMatch((condition) -> "Ready".equals(condition.getType()) && "True".equals(condition.getStatus()));
	}

	private static boolean unschedulable(Node node) {
		return node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
	}

	private static String annotation(Node node, String name) {
		Map<String, String> annotations = node.getMetadata().getAnnotations();
		return (annotations != null) ? annotations.get(name) : null;
	}

	/**
	 * Runs {@code what} with a client of {@code api}, and turns what the client throws into one
	 * line for the operator: the API, what was attempted, and the innermost cause.
	 */
	private static <T> T call(KubeApi api, String attempted, Function<KubernetesClient, T> what) {
		Config config = KubeClients.config(api);
		try (KubernetesClient client = KubeClients.client(config)) {
			return what.apply(client);
		}
		catch (KubernetesClientException ex) {
			throw new KubeApiException("cannot " + attempted + " through " + config.getMasterUrl() + " with " + api + ": "
					+ KubeClients.rootCause(ex), ex);
		}
	}

}
