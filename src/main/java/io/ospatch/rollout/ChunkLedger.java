package io.ospatch.rollout;

import java.util.ArrayList;
import java.util.List;

import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.OsVersion;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.NodeObservation;
import io.ospatch.cluster.NodeState;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The database side of patching a rolling chunk, in two short transactions around the Ansible run,
 * which holds no connection: {@link #claim} marks its nodes as being patched before, {@link #record}
 * writes every node's result after, all of them or none. The results are what a resumed run reads
 * to know where it is, so a chunk is either wholly recorded or run again.
 *
 * <p>Here the skip decision is made: failed nodes are skipped while the failure budget holds; the
 * chunk that breaks it marks its failures as such, the nodes of later chunks as not attempted, and
 * halts the rollout.
 */
@Component
class ChunkLedger {

	private final NodeResultRepository results;

	private final FleetService fleet;

	private final TransactionTemplate transaction;

	ChunkLedger(NodeResultRepository results, FleetService fleet, PlatformTransactionManager transactionManager) {
		this.results = results;
		this.fleet = fleet;
		this.transaction = new TransactionTemplate(transactionManager);
	}

	void claim(RollingChunk chunk) {
		this.transaction.executeWithoutResult((status) -> chunk.nodes()
			.forEach((node) -> this.fleet.markState(node, NodeState.PATCHING)));
	}

	/**
	 * Nodes of a chunk that was cut off (claimed, never recorded) are marked failed: their state is
	 * unknown until a run patches them again. A recorded node never stays marked as being patched.
	 */
	void settleCutOff(Cluster cluster) {
		this.transaction.executeWithoutResult((status) -> this.fleet.nodes(cluster)
			.stream()
			.filter((node) -> node.state() == NodeState.PATCHING)
			.forEach((node) -> this.fleet.markState(node, NodeState.FAILED)));
	}

	/** @return each node's status, in the chunk's order */
	List<NodeResultStatus> record(ClusterRollout rollout, ChunkOutcome outcome) {
		List<NodePatchOutcome> failures = outcome.nodes().stream().filter((node) -> !node.succeeded()).toList();
		int skippedIfGoingOn = rollout.skipped() + failures.size();
		boolean breaksBudget = !rollout.budget().allows(skippedIfGoingOn);
		List<NodeResultStatus> statuses = new ArrayList<>();
		this.transaction.executeWithoutResult((status) -> {
			for (NodePatchOutcome node : outcome.nodes()) {
				NodeResultStatus nodeStatus = statusOf(node, breaksBudget);
				statuses.add(nodeStatus);
				OsPatchFacts facts = node.facts();
				this.results.insert(rollout.runId(), node.node().id(), result(outcome.chunk(), node, nodeStatus),
						(facts != null && node.succeeded()) ? facts.packages() : List.of());
				this.fleet.recordObservation(node.node(), observation(node, nodeStatus));
			}
			if (breaksBudget) {
				markLaterChunksNotAttempted(rollout, outcome.chunk());
			}
		});
		rollout.recorded(outcome.chunk());
		if (breaksBudget) {
			rollout.halt(String.format("failure budget exceeded: %d node(s) could not be patched, the budget allows %d",
					skippedIfGoingOn, rollout.budget().allowedSkips()));
		}
		else {
			rollout.addSkipped(failures.size());
		}
		return statuses;
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

	private void markLaterChunksNotAttempted(ClusterRollout rollout, RollingChunk breaking) {
		for (RollingChunk later : rollout.chunks().subList(breaking.number(), breaking.chunkCount())) {
			for (Node node : later.nodes()) {
				if (rollout.hasResult(node)) {
					continue;
				}
				this.results.insert(rollout.runId(), node.id(),
						NodeResult.unpatched(node, later.number(), NodeResultStatus.NOT_ATTEMPTED, null, 0, null), List.of());
			}
		}
	}

	private static NodeResult result(RollingChunk chunk, NodePatchOutcome node, NodeResultStatus status) {
		OsPatchFacts facts = node.facts();
		OsVersion before = (facts != null) ? facts.before() : null;
		OsVersion after = (facts != null) ? facts.after() : null;
		OsVersion seen = (after != null) ? after : before;
		return new NodeResult(node.node().name(), chunk.number(), status, node.failure(),
				(seen != null) ? seen.distribution() : node.node().distribution(), (before != null) ? before.version() : null, (before != null) ? before.kernel() : null,
				(after != null) ? after.version() : null, (after != null) ? after.kernel() : null,
				(facts != null) ? facts.targetVersion() : null,
				(facts != null && node.succeeded()) ? facts.packages().size() : 0,
				(facts != null) ? facts.held() : List.of(), facts != null && facts.rebooted(), node.attempts(),
				node.error(), node.startedAt(), node.endedAt());
	}

	private static NodeObservation observation(NodePatchOutcome node, NodeResultStatus status) {
		OsPatchFacts facts = node.facts();
		OsVersion seen = (facts == null) ? null : (facts.after() != null) ? facts.after() : facts.before();
		NodeState state = node.succeeded() ? NodeState.READY
				: NodePatchOutcome.UNREACHABLE.equals(node.failure()) ? NodeState.UNREACHABLE : NodeState.FAILED;
		return new NodeObservation(state, (seen != null) ? seen.osFamily() : null,
				(seen != null) ? seen.version() : null, (seen != null) ? seen.kernel() : null,
				(status == NodeResultStatus.PATCHED) ? node.endedAt() : null, (seen != null) ? seen.distribution() : null);
	}

}
