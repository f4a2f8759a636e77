package io.ospatch.rollout;

import java.util.List;
import java.util.Set;

import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.Node;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RollingOrderTests {

	@Test
	void controlPlaneGoesFirstOneAtATimeThenWorkersByMaxUnavailable() {
		List<Node> nodes = TestNodes.cluster(3, 5);

		List<RollingChunk> chunks = RollingOrder.chunks(nodes, CountOrPercent.count(2));

		assertThat(chunks).extracting(RollingOrderTests::names)
			.containsExactly(List.of("cp1"), List.of("cp2"), List.of("cp3"), List.of("w01", "w02"),
					List.of("w03", "w04"), List.of("w05"));
		assertThat(chunks).extracting(RollingChunk::number).containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(chunks).allSatisfy((chunk) -> assertThat(chunk.chunkCount()).isEqualTo(6));
	}

	@Test
	void controlPlaneIsOneAtATimeWhateverMaxUnavailableSays() {
		List<RollingChunk> chunks = RollingOrder.chunks(TestNodes.cluster(3, 0), CountOrPercent.count(3));

		assertThat(chunks).hasSize(3).allSatisfy((chunk) -> assertThat(chunk.nodes()).hasSize(1));
	}

	@Test
	void percentIsOfAllNodesRoundedDown() {
		// 14 nodes * 25% = 3.5 -> 3 workers per chunk
		List<RollingChunk> chunks = RollingOrder.chunks(TestNodes.cluster(2, 12), CountOrPercent.parse("m", "25%"));

		assertThat(chunks).extracting((chunk) -> chunk.nodes().size()).containsExactly(1, 1, 3, 3, 3, 3);
	}

	@Test
	void percentBelowOneNodeStillPatchesOneAtATime() {
		List<RollingChunk> chunks = RollingOrder.chunks(TestNodes.cluster(1, 3), CountOrPercent.parse("m", "10%"));

		assertThat(chunks).extracting((chunk) -> chunk.nodes().size()).containsExactly(1, 1, 1, 1);
	}

	@Test
	void labelsSayWhereTheRolloutIs() {
		List<RollingChunk> chunks = RollingOrder.chunks(TestNodes.cluster(1, 13), CountOrPercent.count(2));

		assertThat(chunks.get(0).label()).isEqualTo("chunk 1/8 (node 1 of 14)");
		assertThat(chunks.get(2).label()).isEqualTo("chunk 3/8 (nodes 4-5 of 14)");
		assertThat(chunks.get(7).label()).isEqualTo("chunk 8/8 (node 14 of 14)");
	}

	@Test
	void oneNodeClusterIsOneChunk() {
		assertThat(RollingOrder.chunks(TestNodes.cluster(0, 1), CountOrPercent.count(5))).singleElement()
			.satisfies((chunk) -> assertThat(chunk.label()).isEqualTo("chunk 1/1 (node 1 of 1)"));
	}

	@Test
	void emptyClusterHasNoChunks() {
		assertThat(RollingOrder.chunks(List.of(), CountOrPercent.count(1))).isEmpty();
	}

	@Test
	void theCanaryIsTheFirstWorkerAloneAfterTheControlPlane() {
		List<RollingChunk> chunks = RollingOrder.chunks(TestNodes.cluster(2, 7), CountOrPercent.count(3), 9, true, Set.of());

		assertThat(chunks).extracting(RollingOrderTests::names)
			.containsExactly(List.of("cp1"), List.of("cp2"), List.of("w01"), List.of("w02", "w03", "w04"),
					List.of("w05", "w06", "w07"));
		assertThat(chunks).extracting(RollingChunk::canary).containsExactly(false, false, true, false, false);
		assertThat(chunks.get(2).label()).isEqualTo("chunk 3/5 (node 3 of 9, canary)");
	}

	@Test
	void aClusterWithoutWorkersHasNoCanary() {
		assertThat(RollingOrder.chunks(TestNodes.cluster(3, 0), CountOrPercent.count(1), 3, true, Set.of()))
			.noneMatch(RollingChunk::canary);
	}

	@Test
	void workersThePreviousRunDeferredGoFirstAndTheControlPlaneKeepsItsPlace() {
		List<Node> nodes = TestNodes.cluster(1, 5);
		Set<Long> deferred = Set.of(idOf(nodes, "w04"), idOf(nodes, "w05"), idOf(nodes, "cp1"));

		List<RollingChunk> chunks = RollingOrder.chunks(nodes, CountOrPercent.count(2), 6, true, deferred);

		assertThat(chunks).extracting(RollingOrderTests::names)
			.containsExactly(List.of("cp1"), List.of("w04"), List.of("w05", "w01"), List.of("w02", "w03"));
		assertThat(chunks.get(1).canary()).isTrue();
	}

	@Test
	void theOrderIsTheSameEachTimeItIsComputed() {
		List<Node> nodes = TestNodes.cluster(2, 9);
		Set<Long> deferred = Set.of(idOf(nodes, "w07"));

		List<Node> reversed = new java.util.ArrayList<>(nodes);
		java.util.Collections.reverse(reversed);

		assertThat(RollingOrder.chunks(reversed, CountOrPercent.count(2), 11, true, deferred))
			.isEqualTo(RollingOrder.chunks(nodes, CountOrPercent.count(2), 11, true, deferred));
	}

	@Test
	void aChunkNarrowedOnResumeStaysTheCanary() {
		RollingChunk canary = RollingOrder.chunks(TestNodes.cluster(0, 3), CountOrPercent.count(2), 3, true, Set.of()).get(0);

		assertThat(canary.narrowedTo(canary.nodes()).canary()).isTrue();
	}

	private static long idOf(List<Node> nodes, String name) {
		return nodes.stream().filter((node) -> node.name().equals(name)).findFirst().orElseThrow().id();
	}

	private static List<String> names(RollingChunk chunk) {
		return chunk.nodes().stream().map(Node::name).toList();
	}

}
