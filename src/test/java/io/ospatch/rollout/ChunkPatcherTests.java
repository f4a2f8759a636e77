package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ospatch.ansible.PlaybookExecutionException;
import io.ospatch.ansible.PlaybookRequest;
import io.ospatch.ansible.PlaybookRun;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.ClusterKind;
import io.ospatch.cluster.CountOrPercent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChunkPatcherTests {

	private static final Cluster CLUSTER = new Cluster(1, "prod-eu-1", ClusterKind.PROVISIONED,
			java.time.ZoneId.of("UTC"), false, null, CountOrPercent.count(3), CountOrPercent.count(1), List.of(), "root",
			null, null, null, null, Map.of(), null);

	private final List<Duration> sleeps = new ArrayList<>();

	private final RolloutProperties properties = new RolloutProperties(4, 3, Duration.ofSeconds(10), 2,
			Duration.ofMinutes(2), Duration.ofMinutes(5), true, Duration.ZERO);

	@Test
	void retriesOnlyTheUnreachableNodeWithBackoffWhileTheOthersAreDone() throws Exception {
		ScriptedPlaybookRunner runner = new ScriptedPlaybookRunner((host, attempt) -> host.equals("w02") && attempt < 3
				? ScriptedPlaybookRunner.unreachable(host) : ScriptedPlaybookRunner.patched(host));

		ChunkOutcome outcome = patcher(runner).patch(CLUSTER, chunkOf("w01", "w02", "w03"), Path.of("logs"));

		assertThat(runner.requests).containsExactly(List.of("w01", "w02", "w03"), List.of("w02"), List.of("w02"));
		assertThat(this.sleeps).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20));
		assertThat(outcome.nodes()).allSatisfy((node) -> assertThat(node.succeeded()).isTrue());
		assertThat(outcome.nodes()).extracting(NodePatchOutcome::attempts).containsExactly(1, 3, 1);
	}

	@Test
	void givesUpOnAnUnreachableNodeAfterTheLastAttempt() throws Exception {
		ScriptedPlaybookRunner runner = new ScriptedPlaybookRunner((host, attempt) -> host.equals("w02")
				? ScriptedPlaybookRunner.unreachable(host) : ScriptedPlaybookRunner.patched(host));

		ChunkOutcome outcome = patcher(runner).patch(CLUSTER, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(runner.requests).containsExactly(List.of("w01", "w02"), List.of("w02"), List.of("w02"));
		NodePatchOutcome w02 = outcome.nodes().get(1);
		assertThat(w02.failure()).isEqualTo("unreachable");
		assertThat(w02.attempts()).isEqualTo(3);
		assertThat(w02.error()).contains("Connection refused");
	}

	@Test
	void aHeldDpkgLockIsTransient() throws Exception {
		ScriptedPlaybookRunner runner = new ScriptedPlaybookRunner((host, attempt) -> attempt == 1
				? ScriptedPlaybookRunner.failed(host,
						"E: Could not get lock /var/lib/dpkg/lock-frontend. It is held by process 4242 (unattended-upgr)")
				: ScriptedPlaybookRunner.patched(host));

		ChunkOutcome outcome = patcher(runner).patch(CLUSTER, chunkOf("w01"), Path.of("logs"));

		assertThat(runner.requests).hasSize(2);
		assertThat(outcome.nodes().get(0).succeeded()).isTrue();
	}

	@Test
	void aBrokenSourcesListIsNotRetried() throws Exception {
		ScriptedPlaybookRunner runner = new ScriptedPlaybookRunner((host, attempt) -> host.equals("w01")
				? ScriptedPlaybookRunner.failed(host, "E:Malformed entry 1 in list file /etc/apt/sources.list.d/x.list (Component)")
				: ScriptedPlaybookRunner.patched(host));

		ChunkOutcome outcome = patcher(runner).patch(CLUSTER, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(runner.requests).containsExactly(List.of("w01", "w02"));
		assertThat(this.sleeps).isEmpty();
		assertThat(outcome.nodes().get(0).failure()).isEqualTo("failed");
		assertThat(outcome.nodes().get(0).error()).contains("Malformed entry");
		assertThat(outcome.nodes().get(1).succeeded()).isTrue();
	}

	@Test
	void aBrokenAnsibleRunFailsEveryNodeOfTheChunkWithItsMessage() throws Exception {
		ChunkPatcher patcher = new ChunkPatcher(this::timesOut, NodeRetryPolicy.of(this.properties), this.sleeps::add,
				Clock.systemUTC());

		ChunkOutcome outcome = patcher.patch(CLUSTER, chunkOf("w01", "w02"), Path.of("logs"));

		assertThat(outcome.nodes()).allSatisfy((node) -> {
			assertThat(node.failure()).isEqualTo("failed");
			assertThat(node.error()).isEqualTo("ansible-playbook timed out after 60m");
		});
	}

	private PlaybookRun timesOut(PlaybookRequest request) {
		throw new PlaybookExecutionException("ansible-playbook timed out after 60m");
	}

	private ChunkPatcher patcher(ScriptedPlaybookRunner runner) {
		return new ChunkPatcher(runner, NodeRetryPolicy.of(this.properties), this.sleeps::add, Clock.systemUTC());
	}

	private static RollingChunk chunkOf(String... names) {
		return new RollingChunk(1, 1,
				java.util.Arrays.stream(names).map((name) -> TestNodes.node(name, io.ospatch.cluster.NodeRole.WORKER)).toList(),
				1, names.length);
	}

}
