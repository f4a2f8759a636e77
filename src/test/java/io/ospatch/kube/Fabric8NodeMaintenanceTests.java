package io.ospatch.kube;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.ospatch.kube.NodeMaintenance.DrainPolicy;
import io.ospatch.kube.NodeMaintenance.DrainResult;
import io.ospatch.kube.NodeMaintenance.DrainResult.Outcome;
import io.ospatch.kube.NodeMaintenance.PodHealth;
import io.ospatch.support.KubeApiStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** Cordon, drain, readiness and uncordon against fabric8's mock Kubernetes API, with short timeouts. */
class Fabric8NodeMaintenanceTests {

	private static final String NODES = "/api/v1/nodes/";

	private static final DrainPolicy KEEP_EMPTY_DIRS = new DrainPolicy(false, Duration.ofSeconds(5));

	@TempDir
	Path dir;

	private MockCluster cluster;

	private final Fabric8NodeMaintenance maintenance = new Fabric8NodeMaintenance(Duration.ofMillis(50),
			Duration.ofMillis(50));

	@BeforeEach
	void startCluster() throws Exception {
		this.cluster = new MockCluster(this.dir);
	}

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void aNodeIsCordonedThenItsPodsEvictedThenItIsUncordoned() {
		node("w-1", false, Map.of(), true);
		node("w-2", false, Map.of(), true);
		Pod web1 = pod("shop", "web-1", "w-1", UnaryOperator.identity());
		pod("shop", "web-2", "w-1", UnaryOperator.identity());
		pod("shop", "web-3", "w-2", UnaryOperator.identity());

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS);

		assertThat(drained).isEqualTo(new DrainResult(Outcome.DRAINED, "evicted 2 pods: shop/web-1, shop/web-2"));
		assertThat(this.cluster.changes()).containsExactly("PATCH " + NODES + "w-1",
				"POST /api/v1/namespaces/shop/pods/web-1/eviction", "POST /api/v1/namespaces/shop/pods/web-2/eviction");
		assertThat(this.cluster.evictionBodies()).first()
			.satisfies((body) -> assertThat(body).contains("\"apiVersion\":\"policy/v1\"", "\"kind\":\"Eviction\"",
					"\"uid\":\"" + web1.getMetadata().getUid() + "\""));
		assertThat(node("w-1").getSpec().getUnschedulable()).isTrue();
		assertThat(node("w-1").getMetadata().getAnnotations()).containsEntry(NodeMaintenance.CORDONED_BY, "run-42");
		assertThat(pods()).containsExactly("shop/web-3");

		boolean uncordoned = this.maintenance.uncordon(this.cluster.api(), "w-1", "run-42");

		assertThat(uncordoned).isTrue();
		assertThat(this.cluster.changes()).last().isEqualTo("PATCH " + NODES + "w-1");
		assertThat(node("w-1").getSpec().getUnschedulable()).isFalse();
		assertThat(node("w-1").getMetadata().getAnnotations()).doesNotContainKeys(NodeMaintenance.CORDONED_BY,
				NodeMaintenance.KEPT_CORDONED_BECAUSE);
		assertThat(node("w-2").getSpec().getUnschedulable()).isNull();
	}

	@Test
	void daemonSetMirrorFinishedAndTerminatingPodsAreNotEvicted() {
		node("w-1", false, Map.of(), true);
		pod("kube-system", "kube-proxy-x1", "w-1", (pod) -> pod.editMetadata()
			.addNewOwnerReference()
			.withApiVersion("apps/v1")
			.withKind("DaemonSet")
			.withName("kube-proxy")
			.withUid("ds-1")
			.withController(true)
			.endOwnerReference()
			.endMetadata());
		pod("kube-system", "etcd-w-1", "w-1", (pod) -> pod.editMetadata()
			.addToAnnotations(Evictions.MIRROR, "0b1c")
			.withOwnerReferences()
			.endMetadata());
		pod("batch", "report-1", "w-1", (pod) -> pod.editStatus().withPhase("Succeeded").endStatus());
		pod("shop", "old-1", "w-1", (pod) -> pod.editMetadata().addToFinalizers("example.com/hold").endMetadata());
		this.cluster.client().pods().inNamespace("shop").withName("old-1").delete();
		pod("shop", "web-1", "w-1", UnaryOperator.identity());

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS);

		assertThat(drained).isEqualTo(new DrainResult(Outcome.DRAINED, "evicted 1 pod: shop/web-1"));
		assertThat(this.cluster.changes()).containsExactly("PATCH " + NODES + "w-1",
				"POST /api/v1/namespaces/shop/pods/web-1/eviction");
		assertThat(pods()).containsExactly("batch/report-1", "kube-system/etcd-w-1", "kube-system/kube-proxy-x1",
				"shop/old-1");
	}

	@Test
	void anEvictionRefusedByAPodDisruptionBudgetUntilTheTimeoutBlocksTheDrainAndLeavesTheNodeCordoned() {
		node("w-1", false, Map.of(), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());
		budget("shop", "db-pdb", new LabelSelectorBuilder().addToMatchLabels("app", "db").build());
		budget("shop", "web-pdb", new LabelSelectorBuilder().addToMatchLabels("app", "web").build());
		this.cluster.refuseEvictions("shop/web-1");
		long start = System.nanoTime();

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42",
				new DrainPolicy(false, Duration.ofMillis(1500)));

		assertThat(drained).isEqualTo(new DrainResult(Outcome.BLOCKED, "drain blocked by PodDisruptionBudget shop/web-pdb"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
		assertThat(this.cluster.changes()).filteredOn((request) -> request.endsWith("/eviction")).hasSizeGreaterThan(2);
		assertThat(pods()).containsExactly("shop/web-1");
		assertThat(node("w-1").getSpec().getUnschedulable()).as("the caller uncordons").isTrue();

		assertThat(this.maintenance.uncordon(this.cluster.api(), "w-1", "run-42")).isTrue();
		assertThat(node("w-1").getSpec().getUnschedulable()).isFalse();
	}

	@Test
	void aRefusedEvictionWithoutAMatchingBudgetNamesThePod() {
		node("w-1", false, Map.of(), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());
		this.cluster.refuseEvictions("shop/web-1");

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42",
				new DrainPolicy(false, Duration.ofMillis(100)));

		assertThat(drained).isEqualTo(new DrainResult(Outcome.BLOCKED,
				"drain blocked: the eviction of pod shop/web-1 was refused until the drain timeout"));
	}

	@Test
	void aNodeCordonedBySomeoneElseIsLeftAsItIs() {
		node("w-1", true, Map.of(), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS);
		boolean uncordoned = this.maintenance.uncordon(this.cluster.api(), "w-1", "run-42");

		assertThat(drained).isEqualTo(new DrainResult(Outcome.CORDONED_BY_OTHER, "cordoned by someone else, not by ospatch"));
		assertThat(uncordoned).isFalse();
		assertThat(this.cluster.changes()).isEmpty();
		assertThat(node("w-1").getSpec().getUnschedulable()).isTrue();
		assertThat(pods()).containsExactly("shop/web-1");
	}

	@Test
	void aPodWithEmptyDirDataBlocksTheWholeDrainUnlessThePolicyAllowsIt() {
		node("w-1", false, Map.of(), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());
		pod("shop", "cache-1", "w-1",
				(pod) -> pod.editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec());

		DrainResult kept = this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS);

		assertThat(kept).isEqualTo(new DrainResult(Outcome.BLOCKED,
				"pod shop/cache-1 has emptyDir data; the cluster's drain policy does not allow evicting it"));
		assertThat(this.cluster.changes()).containsExactly("PATCH " + NODES + "w-1");
		assertThat(pods()).containsExactly("shop/cache-1", "shop/web-1");

		DrainResult evicted = this.maintenance.drain(this.cluster.api(), "w-1", "run-42",
				new DrainPolicy(true, Duration.ofSeconds(5)));

		assertThat(evicted.outcome()).isEqualTo(Outcome.DRAINED);
		assertThat(pods()).isEmpty();
	}

	@Test
	void aPodThatStaysAfterItsEvictionBlocksTheDrainAtTheTimeout() {
		node("w-1", false, Map.of(), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());
		this.cluster.lingerAfterEviction("shop/web-1");

		DrainResult drained = this.maintenance.drain(this.cluster.api(), "w-1", "run-42",
				new DrainPolicy(false, Duration.ofMillis(300)));

		assertThat(drained).isEqualTo(new DrainResult(Outcome.BLOCKED,
				"pod shop/web-1 was evicted but is still there (its grace period is 0s)"));
	}

	@Test
	void aResumedRunDrainsItsOwnCordonAgainAndTakesOverADeadRunsCordon() {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), true);
		node("w-2", true, Map.of(NodeMaintenance.CORDONED_BY, "run-41", NodeMaintenance.KEPT_CORDONED_BECAUSE,
				"not Ready after 10m"), true);
		pod("shop", "web-1", "w-1", UnaryOperator.identity());

		DrainResult own = this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS);
		DrainResult dead = this.maintenance.drain(this.cluster.api(), "w-2", "run-42", KEEP_EMPTY_DIRS);

		assertThat(own).isEqualTo(new DrainResult(Outcome.DRAINED, "evicted 1 pod: shop/web-1"));
		assertThat(dead).isEqualTo(new DrainResult(Outcome.DRAINED, "no pod to evict"));
		assertThat(this.cluster.changes()).containsExactly("POST /api/v1/namespaces/shop/pods/web-1/eviction",
				"PATCH " + NODES + "w-2");
		assertThat(node("w-2").getMetadata().getAnnotations()).containsEntry(NodeMaintenance.CORDONED_BY, "run-42")
			.doesNotContainKey(NodeMaintenance.KEPT_CORDONED_BECAUSE);
		assertThat(this.maintenance.uncordon(this.cluster.api(), "w-2", "run-41")).isFalse();
		assertThat(this.maintenance.uncordon(this.cluster.api(), "w-2", "run-42")).isTrue();
	}

	@Test
	void uncordonLeavesANodeCordonedForAnotherRun() {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-41"), true);

		boolean uncordoned = this.maintenance.uncordon(this.cluster.api(), "w-1", "run-42");

		assertThat(uncordoned).isFalse();
		assertThat(this.cluster.changes()).isEmpty();
		assertThat(node("w-1").getSpec().getUnschedulable()).isTrue();
		assertThat(node("w-1").getMetadata().getAnnotations()).containsEntry(NodeMaintenance.CORDONED_BY, "run-41");
	}

	@Test
	void aNodeKeptCordonedSaysWhyAndStaysUnschedulable() {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), false);
		node("w-2", true, Map.of(NodeMaintenance.CORDONED_BY, "run-41"), false);

		this.maintenance.keepCordoned(this.cluster.api(), "w-1", "run-42", "not Ready 10m after its patch");
		this.maintenance.keepCordoned(this.cluster.api(), "w-2", "run-42", "not Ready 10m after its patch");

		assertThat(node("w-1").getSpec().getUnschedulable()).isTrue();
		assertThat(node("w-1").getMetadata().getAnnotations()).containsEntry(NodeMaintenance.CORDONED_BY, "run-42")
			.containsEntry(NodeMaintenance.KEPT_CORDONED_BECAUSE, "not Ready 10m after its patch");
		assertThat(node("w-2").getMetadata().getAnnotations()).as("another run's cordon")
			.doesNotContainKey(NodeMaintenance.KEPT_CORDONED_BECAUSE);
		assertThat(this.cluster.changes()).containsExactly("PATCH " + NODES + "w-1");
	}

	@Test
	void theNodesOspatchCordonedAreThoseWithItsAnnotation() {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-41"), true);
		node("w-2", false, Map.of(), true);
		node("w-3", true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), true);
		node("cp-1", true, Map.of(), true);

		assertThat(this.maintenance.cordonedByOspatch(this.cluster.api())).containsExactly(Map.entry("w-1", "run-41"),
				Map.entry("w-3", "run-42"));
	}

	@Test
	void aNodeThatNeverComesBackReadyIsNotReadyAfterTheTimeout() {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), false);
		long start = System.nanoTime();

		boolean ready = this.maintenance.awaitReady(this.cluster.api(), "w-1", Duration.ofMillis(300));

		assertThat(ready).isFalse();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		assertThat(this.maintenance.ready(this.cluster.api(), "w-1")).isFalse();
	}

	@Test
	void aNodeThatComesBackReadyIsSeenReady() throws Exception {
		node("w-1", true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), false);
		CompletableFuture<Void> reboot = CompletableFuture.runAsync(() -> node("w-1", true,
				Map.of(NodeMaintenance.CORDONED_BY, "run-42"), true),
				CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));

		boolean ready = this.maintenance.awaitReady(this.cluster.api(), "w-1", Duration.ofSeconds(10));

		reboot.get();
		assertThat(ready).isTrue();
		assertThat(this.maintenance.ready(this.cluster.api(), "w-1")).isTrue();
	}

	@Test
	void aRebootedNodeIsReadyOnlyOnceItReportsItsNewBoot() throws Exception {
		// given: still showing the Ready of the boot before its reboot, as the API does for a while
		bootedNode("w-1", "boot-1");
		assertThat(this.maintenance.bootId(this.cluster.api(), "w-1")).isEqualTo("boot-1");
		CompletableFuture<Void> back = CompletableFuture.runAsync(() -> bootedNode("w-1", "boot-2"),
				CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

		// when
		boolean staleReady = this.maintenance.awaitReady(this.cluster.api(), "w-1", "boot-1", Duration.ofMillis(200));
		boolean ready = this.maintenance.awaitReady(this.cluster.api(), "w-1", "boot-1", Duration.ofSeconds(10));

		// then
		back.get();
		assertThat(staleReady).as("the Ready of the boot before does not count").isFalse();
		assertThat(ready).isTrue();
	}

	@Test
	void podHealthTellsRunningAndReadyPodsFromCrashLoopingOnes() {
		Pod healthy = podWithStatus("shop", "web-1", "Running", true, null);
		Pod starting = podWithStatus("shop", "web-2", "Running", false, "ContainerCreating");
		Pod crashing = podWithStatus("shop", "web-3", "Running", false, "CrashLoopBackOff");
		Pod pending = podWithStatus("shop", "web-4", "Pending", false, null);
		Pod initCrashing = new PodBuilder(podWithStatus("shop", "web-5", "Pending", false, null)).editStatus()
			.addNewInitContainerStatus()
			.withName("init")
			.withReady(false)
			.withNewState()
			.withNewWaiting()
			.withReason("CrashLoopBackOff")
			.endWaiting()
			.endState()
			.endInitContainerStatus()
			.endStatus()
			.build();

		PodHealth health = Fabric8NodeMaintenance.podHealth(List.of(healthy, starting, crashing, pending, initCrashing));

		assertThat(health.healthy()).containsExactly("shop/web-1");
		assertThat(health.crashLooping()).containsExactly("shop/web-3", "shop/web-5");
	}

	@Test
	void podHealthReadsEveryNamespace() {
		this.cluster.client().pods().resource(podWithStatus("shop", "web-1", "Running", true, null)).create();
		this.cluster.client().pods().resource(podWithStatus("kube-system", "dns-1", "Running", false, "CrashLoopBackOff")).create();

		PodHealth health = this.maintenance.podHealth(this.cluster.api());

		assertThat(health).isEqualTo(new PodHealth(java.util.Set.of("shop/web-1"), java.util.Set.of("kube-system/dns-1")));
	}

	@Test
	void anApiThatDoesNotAnswerIsOneLineNamingItWithoutSecrets() throws Exception {
		KubeApi down = new KubeApi(KubeApiStub.unreachableKubeconfig(this.dir), null);

		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> this.maintenance.drain(down, "w-1", "run-42", KEEP_EMPTY_DIRS))
			.withMessageStartingWith("cannot drain node w-1 through http://127.0.0.1:1/ with kubeconfig " + this.dir)
			.withMessageNotContaining(KubeApiStub.TOKEN)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> this.maintenance.uncordon(down, "w-1", "run-42"))
			.withMessageStartingWith("cannot uncordon node w-1 through http://127.0.0.1:1/");
	}

	@Test
	void whatTheApiForbidsIsOneLineWithoutSecrets() {
		node("w-1", false, Map.of(), true);
		this.cluster.forbid("PATCH");

		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> this.maintenance.drain(this.cluster.api(), "w-1", "run-42", KEEP_EMPTY_DIRS))
			.withMessageStartingWith("cannot drain node w-1 through http://")
			.withMessageContaining("is forbidden")
			.withMessageNotContaining(MockCluster.TOKEN)
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("\n"));
	}

	@Test
	void aNodeTheApiDoesNotKnowCannotBeDrained() {
		assertThatExceptionOfType(KubeApiException.class)
			.isThrownBy(() -> this.maintenance.drain(this.cluster.api(), "w-9", "run-42", KEEP_EMPTY_DIRS))
			.withMessageEndingWith(": there is no node w-9");
	}

	@Test
	void itIsTheApplicationsNodeMaintenanceWithItsOwnIntervals() {
		new ApplicationContextRunner().withUserConfiguration(Fabric8NodeMaintenance.class)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(NodeMaintenance.class));
	}

	@Test
	void labelSelectorsSelectAsKubernetesDoes() {
		Map<String, String> labels = Map.of("app", "web", "tier", "front");
		LabelSelector expressions = new LabelSelectorBuilder().addNewMatchExpression()
			.withKey("tier")
			.withOperator("In")
			.withValues("front", "edge")
			.endMatchExpression()
			.addNewMatchExpression()
			.withKey("canary")
			.withOperator("DoesNotExist")
			.endMatchExpression()
			.build();

		assertThat(Evictions.matches(expressions, labels)).isTrue();
		assertThat(Evictions.matches(new LabelSelector(), labels)).as("empty: every pod").isTrue();
		assertThat(Evictions.matches(null, labels)).as("none: no pod").isFalse();
		assertThat(Evictions.matches(new LabelSelectorBuilder().addToMatchLabels("app", "db").build(), labels)).isFalse();
		assertThat(Evictions.matches(new LabelSelectorBuilder().addNewMatchExpression()
			.withKey("app")
			.withOperator("NotIn")
			.withValues("web")
			.endMatchExpression()
			.build(), labels)).isFalse();
	}

	private void node(String name, boolean unschedulable, Map<String, String> annotations, boolean ready) {
		Node node = new NodeBuilder().withNewMetadata()
			.withName(name)
			.addToAnnotations(annotations)
			.endMetadata()
			.withNewSpec()
			.withUnschedulable(unschedulable ? Boolean.TRUE : null)
			.endSpec()
			.withNewStatus()
			.addNewCondition()
			.withType("Ready")
			.withStatus(ready ? "True" : "False")
			.endCondition()
			.endStatus()
			.build();
		this.cluster.client().nodes().resource(node).createOr((existing) -> existing.update());
	}

	private Node node(String name) {
		return this.cluster.client().nodes().withName(name).get();
	}

	private void bootedNode(String name, String bootId) {
		node(name, true, Map.of(NodeMaintenance.CORDONED_BY, "run-42"), true);
		Node node = node(name);
		node.getStatus().setNodeInfo(new io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder().withBootID(bootId).build());
		this.cluster.client().nodes().resource(node).update();
	}

	private Pod pod(String namespace, String name, String node, UnaryOperator<PodBuilder> tweaks) {
		PodBuilder pod = new PodBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.addToLabels("app", name.replaceAll("-.*", ""))
			.addNewOwnerReference()
			.withApiVersion("apps/v1")
			.withKind("ReplicaSet")
			.withName(name.replaceAll("-.*", "") + "-5d4f")
			.withUid("rs-1")
			.withController(true)
			.endOwnerReference()
			.endMetadata()
			.withNewSpec()
			.withNodeName(node)
			.withTerminationGracePeriodSeconds(0L)
			.addNewContainer()
			.withName("main")
			.withImage("registry.example.com/" + name)
			.endContainer()
			.endSpec()
			.withNewStatus()
			.withPhase("Running")
			.endStatus();
		return this.cluster.client().pods().resource(tweaks.apply(pod).build()).create();
	}

	private List<String> pods() {
		return this.cluster.client()
			.pods()
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map((pod) -> pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName())
			.sorted()
			.toList();
	}

	private void budget(String namespace, String name, LabelSelector selector) {
		this.cluster.client()
			.policy()
			.v1()
			.podDisruptionBudget()
			.resource(new PodDisruptionBudgetBuilder().withNewMetadata()
				.withNamespace(namespace)
				.withName(name)
				.endMetadata()
				.withNewSpec()
				.withSelector(selector)
				.withNewMinAvailable(1)
				.endSpec()
				.build())
			.create();
	}

	private static Pod podWithStatus(String namespace, String name, String phase, boolean ready, String waiting) {
		ContainerStateBuilder state = new ContainerStateBuilder();
		if (waiting != null) {
			state.withNewWaiting().withReason(waiting).endWaiting();
		}
		else {
			state.withNewRunning().endRunning();
		}
		return new PodBuilder().withNewMetadata()
			.withNamespace(namespace)
			.withName(name)
			.endMetadata()
			.withNewStatus()
			.withPhase(phase)
			.addNewContainerStatus()
			.withName("main")
			.withReady(ready)
			.withState(state.build())
			.endContainerStatus()
			.endStatus()
			.build();
	}

}
