package io.ospatch.rollout;

import java.time.Clock;
import java.time.Instant;
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
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvents;
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
 * halts the rollout. A failed canary halts it the same way, whatever the budget allows. A node left
 * out (someone else cordoned it) is neither a failure nor patched: it counts against nothing. How a
 * node that was not patched ended ({@code skipped}, {@code failed}, {@code deferred}) is written to
 * its event log with its result, in the same transaction.
 */
@Component
class ChunkLedger {

	private final NodeResultRepository results;

	private final FleetService fleet;

	private final NodeEvents events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	ChunkLedger(NodeResultRepository results, FleetService fleet, NodeEvents events,
			PlatformTransactionManager transactionManager, Clock clock) {
		this.results = results;
		this.fleet = fleet;
		this.events = events;
		this.transaction = new TransactionTemplate(transactionManager);
		this.clock = clock;
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
		List<NodePatchOutcome> failures = outcome.nodes().stream().filter(NodePatchOutcome::failed).toList();
		int skippedIfGoingOn = rollout.skipped() + failures.size();
		boolean canaryFailed = outcome.chunk().canary() && !failures.isEmpty();
		boolean halts = canaryFailed || !rollout.budget().allows(skippedIfGoingOn);
		List<NodeResultStatus> statuses = new ArrayList<>();
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			for (NodePatchOutcome node : outcome.nodes()) {
				NodeResultStatus nodeStatus = statusOf(node, halts);
				statuses.add(nodeStatus);
				OsPatchFacts facts = node.facts();
				this.results.insert(rollout.runId(), node.node().id(), result(outcome.chunk(), node, nodeStatus),
						(facts != null && facts.status() != PatchStatus.FAILED && !node.leftOut()) ? facts.packages() : List.of());
				if (node.leftOut()) {
					// not touched: what was last seen of it stays true
					this.fleet.markState(node.node(), (node.node().state() != NodeState.PATCHING) ? node.node().state() : NodeState.FAILED);
				}
				else {
					this.fleet.recordObservation(node.node(), observation(node, nodeStatus));
				}
				if (node.failed()) {
					this.events.record(rollout.runId(), node.node().id(),
							(nodeStatus == NodeResultStatus.SKIPPED) ? NodeEvent.Kind.SKIPPED : NodeEvent.Kind.FAILED,
							ChunkPatcher.oneLine(node.error()), now);
				}
			}
			if (halts) {
				markLaterChunksNotAttempted(rollout, outcome.chunk());
			}
		});
		rollout.recorded(outcome.chunk());
		rollout.addLeftOut((int) outcome.nodes().stream().filter(NodePatchOutcome::leftOut).count());
		if (canaryFailed) {
			NodePatchOutcome canary = failures.get(0);
			rollout.halt("canary " + canary.node().name() + " failed: " + ChunkPatcher.oneLine(canary.error())
					+ "; no other worker was touched");
		}
		else if (halts) {
			rollout.halt(String.format("failure budget exceeded: %d node(s) could not be patched, the budget allows %d",
					skippedIfGoingOn, rollout.budget().allowedSkips()));
		}
		else {
			rollout.addSkipped(failures.size());
		}
		return statuses;
	}

	/**
	 * Halts the rollout after {@code chunk} for {@code reason} (a failed health gate): the nodes of
	 * the later chunks are recorded as not attempted.
	 */
	void haltAfter(ClusterRollout rollout, RollingChunk chunk, String reason) {
		this.transaction.executeWithoutResult((status) -> markLaterChunksNotAttempted(rollout, chunk));
		rollout.halt(reason);
	}

	/**
	 * The maintenance window closed: every node without a result is recorded as deferred (the
	 * cluster's next run starts with them), and the rollout ends.
	 */
	void defer(ClusterRollout rollout, String reason) {
		Instant now = this.clock.instant();
		this.transaction.executeWithoutResult((status) -> {
			for (RollingChunk chunk : rollout.chunks()) {
				for (Node node : chunk.nodes()) {
					if (rollout.hasResult(node)) {
						continue;
					}
					this.results.insert(rollout.runId(), node.id(),
							NodeResult.unpatched(node, chunk.number(), NodeResultStatus.DEFERRED, null, 0, reason), List.of());
					this.events.record(rollout.runId(), node.id(), NodeEvent.Kind.DEFERRED, reason, now);
				}
			}
		});
		rollout.chunks().forEach(rollout::recorded);
		rollout.defer(reason);
	}

	/** The skip decision: a failure is skipped unless it is one that halts the rollout (budget or canary). */
	static NodeResultStatus statusOf(NodePatchOutcome node, boolean breaksBudget) {
		if (node.succeeded()) {
			return node.facts().status() == PatchStatus.PATCHED ? NodeResultStatus.PATCHED : NodeResultStatus.ALREADY_CURRENT;
		}
		if (node.leftOut()) {
			return NodeResultStatus.LEFT_OUT;
		}
		if (node.notReady()) {
			// left cordoned: not a node the rollout went on without, but one that needs a person
			return NodeResultStatus.FAILED;
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
		return new NodeResult(node.node().name(), chunk.number(), status, node.leftOut() ? null : node.failure(),
				(seen != null) ? seen.distribution() : node.node().distribution(), (before != null) ? before.version() : null, (before != null) ? before.kernel() : null,
				(after != null) ? after.version() : null, (after != null) ? after.kernel() : null,
				(facts != null) ? facts.targetVersion() : null,
				(facts != null && facts.status() != PatchStatus.FAILED && !node.leftOut()) ? facts.packages().size() : 0,
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
