package io.ospatch.kube;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ospatch.kube.NodeMaintenance.DrainPolicy;
import io.ospatch.kube.NodeMaintenance.DrainResult;
import io.ospatch.kube.NodeMaintenance.DrainResult.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Empties one cordoned node of its pods as {@code kubectl drain} does: through the Eviction API
 * (policy/v1), so that PodDisruptionBudgets are honoured and each pod gets its own termination
 * grace period, leaving DaemonSet-managed pods (their DaemonSet would put them back at once, and
 * they tolerate the cordon) and mirror pods (the kubelet's static pods, which the API cannot delete).
 */
final class Evictions {

	private static final Logger log = LoggerFactory.getLogger(Evictions.class);

	/** The annotation the kubelet puts on the API's mirror of a static pod. */
	static final String MIRROR = "kubernetes.io/config.mirror";

	/** Beyond a pod's grace period, for the kubelet to report it gone and the API to delete it. */
	private static final Duration GONE_MARGIN = Duration.ofSeconds(30);

	private static final long DEFAULT_GRACE_SECONDS = 30;

	private static final int NOT_FOUND = 404;

	private static final int CONFLICT = 409;

	private static final int LISTED = 10;

	private final KubernetesClient client;

	private final String node;

	private final Duration retryInterval;

	private final Duration pollInterval;

	Evictions(KubernetesClient client, String node, Duration retryInterval, Duration pollInterval) {
		this.client = client;
		this.node = node;
		this.retryInterval = retryInterval;
		this.pollInterval = pollInterval;
	}

	/** Evicts the node's pods and waits until they are gone, all by {@code deadline} ({@link System#nanoTime()}). */
	DrainResult drain(DrainPolicy policy, long deadline) {
		List<Pod> pods = toEvict();
		if (!policy.deleteEmptyDirData()) {
			// like kubectl: refuse the whole drain before evicting anything, not leave the node half-drained
			Optional<Pod> withData = pods.stream().filter(Evictions::hasEmptyDir).findFirst();
			if (withData.isPresent()) {
				return blocked("pod " + name(withData.get())
						+ " has emptyDir data; the cluster's drain policy does not allow evicting it");
			}
		}
		Map<String, Pod> refused = new LinkedHashMap<>();
		pods.forEach((pod) -> refused.put(name(pod), pod));
		List<Evicted> evicted = new ArrayList<>();
		while (true) {
			for (Pod pod : List.copyOf(refused.values())) {
				Answer outcome = evict(pod);
				if (outcome != Answer.REFUSED) {
					refused.remove(name(pod));
				}
				if (outcome == Answer.ACCEPTED) {
					evicted.add(new Evicted(pod, System.nanoTime()));
				}
			}
			if (refused.isEmpty()) {
				break;
			}
			if (Waiting.passed(deadline)) {
				return blocked(blockedBy(refused.values().iterator().next()));
			}
			Waiting.sleep(this.retryInterval, deadline, "retrying evictions from node " + this.node);
		}
		Optional<String> stuck = awaitGone(evicted, deadline);
		if (stuck.isPresent()) {
			return blocked(stuck.get());
		}
		String detail = evicted.isEmpty() ? "no pod to evict"
				: "evicted " + evicted.size() + " pod" + ((evicted.size() == 1) ? "" : "s") + ": "
						+ String.join(", ", evicted.stream().limit(LISTED).map((e) -> name(e.pod())).toList())
						+ ((evicted.size() > LISTED) ? " and " + (evicted.size() - LISTED) + " more" : "");
		log.info("Drained node {}: {}", this.node, detail);
		return new DrainResult(Outcome.DRAINED, detail);
	}

	/**
	 * The node's pods that must go. Pods already terminating, or finished, are left alone: there is
	 * nothing left to move, and a pod stuck terminating (a finalizer, a dead kubelet) would hold the
	 * node for nothing the patch needs.
	 */
	private List<Pod> toEvict() {
		return podsOnNode().stream()
			.filter((pod) -> !daemonSetManaged(pod) && !mirror(pod))
			.filter((pod) -> pod.getMetadata().getDeletionTimestamp() == null)
			.filter((pod) -> pod.getStatus() == null
					|| !List.of("Succeeded", "Failed").contains(pod.getStatus().getPhase()))
			.toList();
	}

	private List<Pod> podsOnNode() {
		return this.client.pods()
			.inAnyNamespace()
			.withField("spec.nodeName", this.node)
			.list()
			.getItems()
			.stream()
			// the API already selects by node; checked again so that a pod elsewhere is never evicted
			.filter((pod) -> pod.getSpec() != null && this.node.equals(pod.getSpec().getNodeName()))
			.toList();
	}

	private Answer evict(Pod pod) {
		String namespace = pod.getMetadata().getNamespace();
		String name = pod.getMetadata().getName();
		// the uid precondition keeps a pod that replaced this one under the same name (a StatefulSet's) from being evicted
		Eviction eviction = new EvictionBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.endMetadata()
			.withDeleteOptions(new DeleteOptionsBuilder().withNewPreconditions()
				.withUid(pod.getMetadata().getUid())
				.endPreconditions()
				.build())
			.build();
		try {
			if (this.client.pods().inNamespace(namespace).withName(name).evict(eviction)) {
				return Answer.ACCEPTED;
			}
			log.debug("Eviction of pod {} from node {} refused (429), retried until the drain timeout", name(pod), this.node);
			return Answer.REFUSED;
		}
		catch (KubernetesClientException ex) {
			if (ex.getCode() == NOT_FOUND || (ex.getCode() == CONFLICT && gone(pod))) {
				return Answer.GONE;
			}
			if (ex.getCode() == CONFLICT) {
				return Answer.REFUSED;
			}
			throw ex;
		}
	}

	/** @return what is still there past its time, if anything */
	private Optional<String> awaitGone(List<Evicted> evicted, long deadline) {
		List<Evicted> waiting = new ArrayList<>(evicted);
		while (true) {
			// one list per look, however many pods: an evicted pod is there as long as its uid is
			Set<String> there = podsOnNode().stream().map((pod) -> pod.getMetadata().getUid()).collect(Collectors.toSet());
			waiting.removeIf((e) -> !there.contains(e.pod().getMetadata().getUid()));
			if (waiting.isEmpty()) {
				return Optional.empty();
			}
			long now = System.nanoTime();
			for (Evicted e : waiting) {
				long grace = Objects.requireNonNullElse(e.pod().getSpec().getTerminationGracePeriodSeconds(),
						DEFAULT_GRACE_SECONDS);
				if (Waiting.passed(deadline) || now - (e.at() + Duration.ofSeconds(grace).plus(GONE_MARGIN).toNanos()) >= 0) {
					return Optional.of("pod " + name(e.pod()) + " was evicted but is still there (its grace period is "
							+ grace + "s)");
				}
			}
			Waiting.sleep(this.pollInterval, deadline, "waiting for the pods evicted from node " + this.node);
		}
	}

	/** Gone from the API, or replaced under its name by another pod (another uid). */
	private boolean gone(Pod pod) {
		Pod current = this.client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).get();
		return current == null || !Objects.equals(current.getMetadata().getUid(), pod.getMetadata().getUid());
	}

	/** Names the PodDisruptionBudget that refuses {@code pod}'s eviction: the one whose selector matches it. */
	private String blockedBy(Pod pod) {
		String namespace = pod.getMetadata().getNamespace();
		Map<String, String> labels = Objects.requireNonNullElse(pod.getMetadata().getLabels(), Map.of());
		try {
			for (PodDisruptionBudget budget : this.client.policy()
				.v1()
				.podDisruptionBudget()
				.inNamespace(namespace)
				.list()
				.getItems()) {
				if (budget.getSpec() != null && matches(budget.getSpec().getSelector(), labels)) {
					return "drain blocked by PodDisruptionBudget " + namespace + "/" + budget.getMetadata().getName();
				}
			}
		}
		catch (KubernetesClientException ex) {
			// the budgets only name the cause; not being allowed to read them must not change the outcome
			log.debug("Cannot list the PodDisruptionBudgets of namespace {}: {}", namespace, KubeClients.rootCause(ex));
		}
		return "drain blocked: the eviction of pod " + name(pod) + " was refused until the drain timeout";
	}

	/** Whether a label selector selects these labels; a {@code null} selector selects nothing, an empty one everything. */
	static boolean matches(LabelSelector selector, Map<String, String> labels) {
		if (selector == null) {
			return false;
		}
		if (selector.getMatchLabels() != null && !selector.getMatchLabels()
			.entrySet()
			.stream()
			.allMatch((label) -> label.getValue().equals(labels.get(label.getKey())))) {
			return false;
		}
		return selector.getMatchExpressions() == null
				|| selector.getMatchExpressions().stream().allMatch((requirement) -> matches(requirement, labels));
	}

	private static boolean matches(LabelSelectorRequirement requirement, Map<String, String> labels) {
		String value = labels.get(requirement.getKey());
		List<String> values = Objects.requireNonNullElse(requirement.getValues(), List.of());
		return switch (requirement.getOperator()) {
			case "In" -> value != null && values.contains(value);
			case "NotIn" -> value == null || !values.contains(value);
			case "Exists" -> value != null;
			case "DoesNotExist" -> value == null;
			default -> false;
		};
	}

	private DrainResult blocked(String detail) {
		log.info("Drain of node {} blocked: {}", this.node, detail);
		return new DrainResult(Outcome.BLOCKED, detail);
	}

	static boolean daemonSetManaged(Pod pod) {
		List<OwnerReference> owners = pod.getMetadata().getOwnerReferences();
		return owners != null && owners.stream()
			.anyMatch((owner) -> "DaemonSet".equals(owner.getKind()) && !Boolean.FALSE.equals(owner.getController()));
	}

	static boolean mirror(Pod pod) {
		return pod.getMetadata().getAnnotations() != null && pod.getMetadata().getAnnotations().containsKey(MIRROR);
	}

	static boolean hasEmptyDir(Pod pod) {
		return pod.getSpec().getVolumes() != null
				&& pod.getSpec().getVolumes().stream().anyMatch((volume) -> volume.getEmptyDir() != null);
	}

	private static String name(Pod pod) {
		return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
	}

	/** What became of one eviction request. */
	private enum Answer {

		ACCEPTED, REFUSED, GONE

	}

	/** A pod evicted at {@link System#nanoTime()} {@code at}. */
	private record Evicted(Pod pod, long at) {
	}

}
