package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.KubeAccess;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeRole;
import io.ospatch.kube.DrainProperties;
import io.ospatch.kube.KubeApi;
import io.ospatch.kube.NodeMaintenance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Draining around a chunk, with an in-memory Kubernetes and the scripted playbook runner: what is
 * done to each node, in which order, and what each node's outcome is.
 */
class ChunkMaintenanceTests {

	private static final long RUN = 42;

	private static final KubeApi API = new KubeApi(Path.of("/etc/ospatch/kube/c1.yaml"), null);

	private static final Cluster CLUSTER = new Cluster(1, "c1", ClusterKind.PROVISIONED, ZoneId.of("UTC"), false, null,
			CountOrPercent.count(3), CountOrPercent.count(1), List.of(), "root", null, null, null, null, Map.of(),
			new KubeAccess(Path.of("/etc/ospatch/kube/c1.yaml"), null, false), null, false);

	private final FakeNodeMaintenance kube = new FakeNodeMaintenance();

	private final ScriptedPlaybookRunner runner = new ScriptedPlaybookRunner();

	/** {@code w01 cordoned}, {@code w01 drained}, …, in order. */
	private final List<String> events = new ArrayList<>();

	private final ChunkMaintenance maintenance = new ChunkMaintenance(
			new ChunkPatcher(this.runner,
					NodeRetryPolicy.of(new RolloutProperties(4, 1, Duration.ofMillis(1), 1, Duration.ofMillis(1),
							Duration.ofSeconds(1), true, Duration.ZERO)),
					(duration) -> {
					}, Clock.systemUTC()),
			this.kube, new DrainProperties(Duration.ofMinutes(10), Duration.ofMinutes(10)),
			(runId, node, kind, detail, at) -> this.events.add(node.name() + " " + kind), Clock.systemUTC());

	@Test
	void eachNodeIsCordonedDrainedPatchedAndUncordonedOnceReady() {
		RollingChunk chunk = chunkOf("w01", "w02");

		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, API, chunk, Path.of("logs"));

		assertThat(outcome.nodes()).allSatisfy((node) -> assertThat(node.succeeded()).isTrue());
		assertThat(this.runner.requests).containsExactly(List.of("w01", "w02"));
		assertThat(this.events).containsSubsequence("w01 cordoned", "w01 drained", "w01 patching", "w01 patched",
				"w01 ready", "w01 uncordoned");
		assertThat(this.events).containsSubsequence("w02 cordoned", "w02 drained", "w02 patching", "w02 patched",
				"w02 ready", "w02 uncordoned");
		assertThat(this.events).containsSubsequence("w02 drained", "w01 patching");
		assertThat(this.kube.calls).containsExactly("drain w01", "drain w02", "awaitReady w01", "uncordon w01",
				"awaitReady w02", "uncordon w02");
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(this.kube.node("w01").annotations).isEmpty();
	}

	@Test
	void aNodeThePlaybookRebootedIsUncordonedOnlyOnceItReportsItsNewBoot() {
		this.runner.reset((host, attempt) -> host.equals("w01") ? ScriptedPlaybookRunner.rebooted(host)
				: ScriptedPlaybookRunner.patched(host));

		this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(this.kube.calls).as("the boot read before the playbook is what w01 must no longer report")
			.containsExactly("drain w01", "drain w02", "awaitReady w01 after boot-w01", "uncordon w01", "awaitReady w02",
					"uncordon w02");
		assertThat(this.events).containsSubsequence("w01 patching", "w01 rebooted", "w01 patched", "w01 ready",
				"w01 uncordoned");
	}

	@Test
	void aDrainBlockedByAPodDisruptionBudgetLeavesTheNodeUnpatchedAndUncordoned() {
		this.kube.blockedBy.put("w02", "shop/checkout-pdb");

		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(this.runner.requests).containsExactly(List.of("w01"));
		NodePatchOutcome w02 = outcome.nodes().get(1);
		assertThat(w02.failed()).isTrue();
		assertThat(w02.failure()).isEqualTo(NodePatchOutcome.FAILED);
		assertThat(w02.error()).isEqualTo("drain blocked by PodDisruptionBudget shop/checkout-pdb");
		assertThat(w02.attempts()).isZero();
		assertThat(this.events).containsSubsequence("w02 cordoned", "w02 uncordoned").doesNotContain("w02 patching");
		assertThat(this.kube.cordoned()).isEmpty();
	}

	@Test
	void aNodeSomeoneElseCordonedIsLeftOutUntouched() {
		this.kube.cordonedByHand("w01");

		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(this.runner.requests).containsExactly(List.of("w02"));
		NodePatchOutcome w01 = outcome.nodes().get(0);
		assertThat(w01.leftOut()).isTrue();
		assertThat(w01.failed()).as("not counted against the failure budget").isFalse();
		assertThat(w01.error()).contains("cordoned by someone else");
		assertThat(this.events).contains("w01 left-out").doesNotContain("w01 cordoned", "w01 uncordoned");
		assertThat(this.kube.cordoned()).as("their cordon stays").containsExactly("w01");
		assertThat(this.kube.calls).doesNotContain("uncordon w01");
	}

	@Test
	void aNodeThatDoesNotComeBackReadyStaysCordonedAndFails() {
		this.kube.neverReadyAgain.add("w02");

		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01", "w02"), Path.of("logs"));

		NodePatchOutcome w02 = outcome.nodes().get(1);
		assertThat(w02.failed()).isTrue();
		assertThat(w02.facts()).as("what the playbook did is kept").isNotNull();
		assertThat(w02.error()).contains("not Ready within 10 min").contains("left cordoned");
		assertThat(this.kube.cordoned()).containsExactly("w02");
		assertThat(this.kube.node("w02").annotations).containsEntry(NodeMaintenance.CORDONED_BY, "run-42")
			.containsKey(NodeMaintenance.KEPT_CORDONED_BECAUSE);
		assertThat(this.events).contains("w02 patched").doesNotContain("w02 ready", "w02 uncordoned");
	}

	@Test
	void aNodeWhosePlaybookFailedGoesBackIntoServiceIfReady() {
		this.runner.reset((host, attempt) -> host.equals("w01") ? ScriptedPlaybookRunner.failed(host, "E: broken")
				: ScriptedPlaybookRunner.patched(host));

		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01"), Path.of("logs"));

		assertThat(outcome.nodes().get(0).failed()).isTrue();
		assertThat(this.events).containsSubsequence("w01 cordoned", "w01 patching", "w01 ready", "w01 uncordoned")
			.doesNotContain("w01 patched");
		assertThat(this.kube.cordoned()).isEmpty();
	}

	@Test
	void withoutAnApiNodesArePatchedInServiceAndOnlyThePlaybookIsLogged() {
		ChunkOutcome outcome = this.maintenance.patch(RUN, CLUSTER, null, chunkOf("w01"), Path.of("logs"));

		assertThat(outcome.nodes()).singleElement().satisfies((node) -> assertThat(node.succeeded()).isTrue());
		assertThat(this.events).containsExactly("w01 patching", "w01 patched");
		assertThat(this.kube.calls).isEmpty();
	}

	@Test
	void aStopWhilePatchingUncordonsTheChunksReadyNodes() {
		this.runner.beforeRun((hosts) -> {
			throw new io.ospatch.ansible.PlaybookStoppedException("stopped", null);
		});

		assertThatExceptionOfType(ChunkStoppedException.class)
			.isThrownBy(() -> this.maintenance.patch(RUN, CLUSTER, API, chunkOf("w01", "w02"), Path.of("logs")));
		assertThat(this.kube.cordoned()).isEmpty();
		assertThat(this.events).contains("w01 uncordoned", "w02 uncordoned");
	}

	@Test
	void settlingUncordonsWhatAnInterruptedExecutionLeftExceptTheCutOffChunk() {
		Node done = TestNodes.node("w01", NodeRole.WORKER);
		Node cutOff = TestNodes.node("w02", NodeRole.WORKER);
		Node ofAnAbandonedRun = TestNodes.node("w03", NodeRole.WORKER);
		Node notReady = TestNodes.node("w04", NodeRole.WORKER);
		Node ofAnotherCluster = TestNodes.node("w05", NodeRole.WORKER);
		cordon("w01", "run-42");
		cordon("w02", "run-42");
		cordon("w03", "run-41");
		cordon("w04", "run-42");
		this.kube.node("w04").ready = false;
		cordon("w05", "run-7");

		this.maintenance.settle(RUN, CLUSTER, API, List.of(done, cutOff, ofAnAbandonedRun, notReady, ofAnotherCluster),
				(node) -> node == done || node == notReady, (runId) -> runId == 41);

		assertThat(this.kube.cordoned()).containsExactly("w02", "w04", "w05");
		assertThat(this.events).containsExactly("w01 uncordoned", "w03 uncordoned");
	}

	@Test
	void annotationValuesNameTheirRun() {
		assertThat(ChunkMaintenance.runIdOf("run-42")).isEqualTo(42);
		assertThat(ChunkMaintenance.runIdOf("someone")).isEqualTo(-1);
		assertThat(ChunkMaintenance.runIdOf("run-x")).isEqualTo(-1);
	}

	private void cordon(String node, String by) {
		this.kube.node(node).unschedulable = true;
		this.kube.node(node).annotations.put(NodeMaintenance.CORDONED_BY, by);
	}

	private static RollingChunk chunkOf(String... names) {
		return new RollingChunk(1, 1, Arrays.stream(names).map((name) -> TestNodes.node(name, NodeRole.WORKER)).toList(),
				1, names.length);
	}

}
