package io.ospatch.rollout;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.ansible.OsVersion;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeObservation;
import io.ospatch.cluster.NodeState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.infrastructure.item.Chunk;
import org.springframework.batch.infrastructure.item.ItemWriter;

/**
 * Records a patched chunk: each node's result and what was seen of it, in the chunk's transaction.
 * Here the skip decision is made: failed nodes are skipped while the failure budget holds; the
 * chunk that breaks it marks its failures as such, the nodes of later chunks as not attempted, and
 * halts the rollout.
 */
class ChunkResultWriter implements ItemWriter<ChunkOutcome> {

	private static final Logger log = LoggerFactory.getLogger(ChunkResultWriter.class);

	private final ClusterRollout rollout;

	private final NodeResultRepository results;

	private final FleetService fleet;

	private final ClusterLeases leases;

	private final Clock clock;

	ChunkResultWriter(ClusterRollout rollout, NodeResultRepository results, FleetService fleet, ClusterLeases leases,
			Clock clock) {
		this.rollout = rollout;
		this.results = results;
		this.fleet = fleet;
		this.leases = leases;
		this.clock = clock;
	}

	@Override
	public void write(Chunk<? extends ChunkOutcome> outcomes) {
		outcomes.forEach(this::record);
	}

	private void record(ChunkOutcome outcome) {
		List<NodePatchOutcome> failures = outcome.nodes().stream().filter((node) -> !node.succeeded()).toList();
		int skippedIfGoingOn = this.rollout.skipped() + failures.size();
		boolean breaksBudget = !this.rollout.budget().allows(skippedIfGoingOn);
		List<NodeResultStatus> statuses = new ArrayList<>();
		for (NodePatchOutcome node : outcome.nodes()) {
			NodeResultStatus status = statusOf(node, breaksBudget);
			statuses.add(status);
			OsPatchFacts facts = node.facts();
			this.results.insert(this.rollout.runId(), node.node().id(), result(outcome.chunk(), node, status),
					(facts != null && node.succeeded()) ? facts.packages() : List.of());
			this.fleet.recordObservation(node.node(), observation(node, status));
		}
		this.rollout.addDone(outcome.nodes().size());
		if (breaksBudget) {
			String reason = String.format("failure budget exceeded: %d node(s) could not be patched, the budget allows %d",
					skippedIfGoingOn, this.rollout.budget().allowedSkips());
			markLaterChunksNotAttempted(outcome.chunk());
			this.rollout.halt(reason);
			log.error("{}: {} halted: {}", this.rollout.cluster().name(), outcome.chunk().label(), reason);
		}
		else {
			this.rollout.addSkipped(failures.size());
		}
		this.leases.renew(this.rollout.cluster().id(), this.rollout.launchId(), this.clock.instant());
		logProgress(outcome, statuses, breaksBudget);
	}

	/** The skip decision: a failure is skipped unless it is one that breaks the failure budget. */
	static NodeResultStatus statusOf(NodePatchOutcome node, boolean breaksBudget) {
		if (node.succeeded()) {
			return node.facts().status() == PatchStatus.PATCHED ? NodeResultStatus.PATCHED : NodeResultStatus.ALREADY_CURRENT;
		}
		if (!breaksBudget) {
			return NodeResultStatus.SKIPPED;
		}
		return NodePatchOutcome.UNREACHABLE.equals(node.failure()) ? NodeResultStatus.UNREACHABLE
				: NodeResultStatus.FAILED;
	}

	private void markLaterChunksNotAttempted(RollingChunk breaking) {
		for (RollingChunk later : this.rollout.chunks().subList(breaking.number(), breaking.chunkCount())) {
			for (Node node : later.nodes()) {
				this.results.insert(this.rollout.runId(), node.id(),
						NodeResult.unpatched(node, later.number(), NodeResultStatus.NOT_ATTEMPTED, null, 0, null), List.of());
			}
		}
	}

	private static NodeResult result(RollingChunk chunk, NodePatchOutcome node, NodeResultStatus status) {
		OsPatchFacts facts = node.facts();
		OsVersion before = (facts != null) ? facts.before() : null;
		OsVersion after = (facts != null) ? facts.after() : null;
		return new NodeResult(node.node().name(), chunk.number(), status, node.failure(),
				(before != null) ? before.version() : null, (before != null) ? before.kernel() : null,
				(after != null) ? after.version() : null, (after != null) ? after.kernel() : null,
				(facts != null) ? facts.targetVersion() : null,
				(facts != null && node.succeeded()) ? facts.packages().size() : 0,
				(facts != null) ? facts.held() : List.of(), facts != null && facts.rebooted(), node.attempts(),
				node.error(), node.startedAt(), node.endedAt());
	}


	private NodeObservation observation(NodePatchOutcome node, NodeResultStatus status) {
		OsPatchFacts facts = node.facts();
		OsVersion seen = (facts == null) ? null : (facts.after() != null) ? facts.after() : facts.before();
		NodeState state = node.succeeded() ? NodeState.READY
				: NodePatchOutcome.UNREACHABLE.equals(node.failure()) ? NodeState.UNREACHABLE : NodeState.FAILED;
		return new NodeObservation(state, (seen != null) ? seen.osFamily() : null,
				(seen != null) ? seen.version() : null, (seen != null) ? seen.kernel() : null,
				(status == NodeResultStatus.PATCHED) ? node.endedAt() : null);
	}

	/** For the log: {@code lab-a: chunk 2/3 (node 2 of 3) done in 9 s: 1 skipped; nodes done 2/3}. */
	private void logProgress(ChunkOutcome outcome, List<NodeResultStatus> statuses, boolean halted) {
		RollingChunk chunk = outcome.chunk();
		Map<NodeResultStatus, Long> counts = statuses.stream()
			.collect(Collectors.groupingBy((status) -> status, () -> new EnumMap<>(NodeResultStatus.class),
					Collectors.counting()));
		String tally = counts.entrySet()
			.stream()
			.map((count) -> count.getValue() + " " + count.getKey())
			.collect(Collectors.joining(", "));
		log.info("{}: {} {} in {} s: {}; nodes done {}/{}", this.rollout.cluster().name(), chunk.label(),
				halted ? "halted the rollout" : "done", outcome.elapsed().toSeconds(), tally, this.rollout.nodesDone(),
				chunk.nodeCount());
	}


}
