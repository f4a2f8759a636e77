package io.ospatch.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.ospatch.kube.KubeApi;
import io.ospatch.kube.NodeMaintenance;

/**
 * An in-memory Kubernetes cluster for rollout tests: nodes with their cordon, annotations and
 * readiness, drains whose results a test scripts, and every call in order. It also keeps the most
 * nodes ever cordoned by ospatch at one instant, to check max-unavailable.
 */
public class FakeNodeMaintenance implements NodeMaintenance {

	/** A node as the API would show it. */
	static final class FakeNode {

		boolean unschedulable;

		boolean ready = true;

		final Map<String, String> annotations = new HashMap<>();

	}

	private final Map<String, FakeNode> nodes = new LinkedHashMap<>();

	/** Calls, in order: {@code drain w-1}, {@code awaitReady w-1}, {@code uncordon w-1}, {@code keepCordoned w-1}. */
	final List<String> calls = new ArrayList<>();

	/** Nodes whose drain a PodDisruptionBudget blocks, with the budget ({@code namespace/name}). */
	final Map<String, String> blockedBy = new HashMap<>();

	/** Nodes that never come back Ready once drained. */
	final Set<String> neverReadyAgain = new HashSet<>();

	/** What {@link #podHealth} answers, call after call; the last one stays. */
	final List<PodHealth> podHealth = new ArrayList<>();

	private int mostCordonedAtOnce;

	synchronized FakeNode node(String name) {
		return this.nodes.computeIfAbsent(name, (key) -> new FakeNode());
	}

	public synchronized void reset() {
		this.nodes.clear();
		this.calls.clear();
		this.blockedBy.clear();
		this.neverReadyAgain.clear();
		this.podHealth.clear();
		this.mostCordonedAtOnce = 0;
	}

	/** Someone else's cordon: unschedulable, without ospatch's annotation. */
	synchronized void cordonedByHand(String name) {
		node(name).unschedulable = true;
	}

	synchronized int mostCordonedAtOnce() {
		return this.mostCordonedAtOnce;
	}

	public synchronized List<String> cordoned() {
		return this.nodes.entrySet().stream().filter((node) -> node.getValue().unschedulable).map(Map.Entry::getKey).toList();
	}

	@Override
	public synchronized DrainResult drain(KubeApi api, String name, String cordonedBy, DrainPolicy policy) {
		this.calls.add("drain " + name);
		FakeNode node = node(name);
		if (node.unschedulable && !cordonedBy.equals(node.annotations.get(CORDONED_BY))) {
			return new DrainResult(DrainResult.Outcome.CORDONED_BY_OTHER, null);
		}
		node.unschedulable = true;
		node.annotations.put(CORDONED_BY, cordonedBy);
		this.mostCordonedAtOnce = Math.max(this.mostCordonedAtOnce, (int) this.nodes.values()
			.stream()
			.filter((each) -> each.unschedulable && each.annotations.containsKey(CORDONED_BY))
			.count());
		if (this.blockedBy.containsKey(name)) {
			return new DrainResult(DrainResult.Outcome.BLOCKED,
					"drain blocked by PodDisruptionBudget " + this.blockedBy.get(name));
		}
		if (this.neverReadyAgain.contains(name)) {
			node.ready = false;
		}
		return new DrainResult(DrainResult.Outcome.DRAINED, "evicted 2 pod(s)");
	}

	@Override
	public synchronized boolean awaitReady(KubeApi api, String name, String bootIdBefore, Duration timeout) {
		this.calls.add("awaitReady " + name + ((bootIdBefore != null) ? " after " + bootIdBefore : ""));
		return node(name).ready;
	}

	/** Each node reports the boot {@code boot-<name>}. */
	@Override
	public synchronized String bootId(KubeApi api, String name) {
		return "boot-" + name;
	}

	@Override
	public synchronized boolean uncordon(KubeApi api, String name, String cordonedBy) {
		FakeNode node = node(name);
		if (!cordonedBy.equals(node.annotations.get(CORDONED_BY))) {
			return false;
		}
		this.calls.add("uncordon " + name);
		node.unschedulable = false;
		node.annotations.clear();
		return true;
	}

	@Override
	public synchronized void keepCordoned(KubeApi api, String name, String cordonedBy, String reason) {
		this.calls.add("keepCordoned " + name);
		node(name).annotations.put(KEPT_CORDONED_BECAUSE, reason);
	}

	@Override
	public synchronized Map<String, String> cordonedByOspatch(KubeApi api) {
		Map<String, String> cordoned = new LinkedHashMap<>();
		this.nodes.forEach((name, node) -> {
			if (node.annotations.containsKey(CORDONED_BY)) {
				cordoned.put(name, node.annotations.get(CORDONED_BY));
			}
		});
		return cordoned;
	}

	@Override
	public synchronized boolean ready(KubeApi api, String name) {
		return node(name).ready;
	}

	@Override
	public synchronized PodHealth podHealth(KubeApi api) {
		if (this.podHealth.isEmpty()) {
			return new PodHealth(Set.of(), Set.of());
		}
		return (this.podHealth.size() > 1) ? this.podHealth.remove(0) : this.podHealth.get(0);
	}

}
