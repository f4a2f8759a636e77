package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.Node;
import io.ospatch.kube.DrainProperties;
import io.ospatch.kube.KubeApi;
import io.ospatch.kube.KubeApiException;
import io.ospatch.kube.NodeMaintenance;
import io.ospatch.kube.NodeMaintenance.DrainPolicy;
import io.ospatch.kube.NodeMaintenance.DrainResult;
import io.ospatch.run.NodeEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a rolling chunk's nodes out of service, patches them and brings them back, like a runbook:
 * for each node cordon + drain (a node someone else cordoned is left out; one whose drain a
 * PodDisruptionBudget blocks is uncordoned at once and not patched) → one playbook run over the
 * drained nodes ({@link ChunkPatcher}, with its retries) → for each of them wait until it is Ready,
 * then uncordon it; one that does not come back Ready in time stays cordoned, with the reason on it,
 * and fails. A node whose playbook failed is treated the same way: if it is Ready it goes back into
 * service (its pods may return: it is no worse off than before), otherwise it stays cordoned.
 *
 * <p>Every state change is written as it happens ({@link NodeEventLog}). A cordon is logged once the
 * drain call says it cordoned (a node someone else cordoned is not ours), with the time just before
 * the drain began, so that the logged out-of-service span covers the real one; a process killed in
 * the middle of a drain leaves a cordon without its event, which the resumed run drains again.
 * Where the cluster has no Kubernetes API, nodes are patched without cordon or drain, and only
 * {@code patching}, {@code rebooted} and {@code patched} are logged here (the ledger logs how the
 * others ended).
 *
 * <p>Nothing here touches the database but the event log: no connection is held while Kubernetes
 * and Ansible work. Should the chunk end early (a stop, an API error), its drained nodes that are
 * Ready are uncordoned before it ends; one that is not stays cordoned, and the resumed run, which
 * drains the chunk again, settles it ({@link #settle}).
 */
class ChunkMaintenance {

	private static final Logger log = LoggerFactory.getLogger(ChunkMaintenance.class);

	private final ChunkPatcher patcher;

	private final NodeMaintenance maintenance;

	private final DrainProperties drain;

	private final NodeEventLog events;

	private final Clock clock;

	ChunkMaintenance(ChunkPatcher patcher, NodeMaintenance maintenance, DrainProperties drain, NodeEventLog events,
			Clock clock) {
		this.patcher = patcher;
		this.maintenance = maintenance;
		this.drain = drain;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * @param api the cluster's Kubernetes API, or {@code null} for none: no cordon, no drain
	 * @throws ChunkStoppedException when a stop interrupts the chunk
	 * @throws KubeApiException when the API fails (not a node's fault: the run fails, resumable)
	 */
	ChunkOutcome patch(long runId, Cluster cluster, KubeApi api, RollingChunk chunk, Path logDir) {
		if (api == null) {
			return patchInService(runId, cluster, chunk, logDir);
		}
		String where = cluster.name() + ": " + chunk.label();
		String cordonedBy = ClusterRollout.cordonedBy(runId);
		Instant chunkStart = this.clock.instant();
		Map<String, NodePatchOutcome> outcomes = new LinkedHashMap<>();
		List<Node> drained = new ArrayList<>();
		try {
			DrainPolicy policy = new DrainPolicy(cluster.drainDeleteEmptyDirData(), this.drain.timeout());
			for (Node node : chunk.nodes()) {
				drainNode(runId, node, api, cordonedBy, policy, where, drained, outcomes);
			}
			if (!drained.isEmpty()) {
				Map<String, String> bootIds = new HashMap<>();
				drained.forEach((node) -> bootIds.put(node.name(), this.maintenance.bootId(api, node.name())));
				ChunkOutcome patched = patchInService(runId, cluster, chunk.narrowedTo(drained), logDir);
				backIntoService(runId, api, cordonedBy, patched, outcomes, drained, bootIds, where);
			}
		}
		catch (RuntimeException ex) {
			uncordonThoseReady(runId, api, cordonedBy, drained, where);
			throw ex;
		}
		List<NodePatchOutcome> inOrder = chunk.nodes().stream().map((node) -> outcomes.get(node.name())).toList();
		return new ChunkOutcome(chunk, inOrder, chunkStart, this.clock.instant());
	}

	private void drainNode(long runId, Node node, KubeApi api, String cordonedBy, DrainPolicy policy, String where,
			List<Node> drained, Map<String, NodePatchOutcome> outcomes) {
		Instant before = this.clock.instant();
		log.info("{}: cordoning and draining {}", where, node.name());
		DrainResult result;
		try {
			result = this.maintenance.drain(api, node.name(), cordonedBy, policy);
		}
		catch (KubeApiException ex) {
			if (!Thread.currentThread().isInterrupted()) {
				throw ex;
			}
			// a stop cut the drain short, cordoned or not: if it is, and Ready, it is uncordoned on the way out
			drained.add(node);
			throw new ChunkStoppedException(where + ": stopped while draining " + node.name(), ex);
		}
		if (Thread.currentThread().isInterrupted()) {
			if (result.outcome() != DrainResult.Outcome.CORDONED_BY_OTHER) {
				this.events.record(runId, node, NodeEvent.Kind.CORDONED, null, before);
				drained.add(node);
			}
			throw new ChunkStoppedException(where + ": stopped while draining " + node.name(), null);
		}
		switch (result.outcome()) {
			case DRAINED -> {
				this.events.record(runId, node, NodeEvent.Kind.CORDONED, null, before);
				this.events.record(runId, node, NodeEvent.Kind.DRAINED, result.detail(), this.clock.instant());
				drained.add(node);
			}
			case CORDONED_BY_OTHER -> {
				String reason = "cordoned by someone else" + ((result.detail() != null) ? " (" + result.detail() + ")" : "")
						+ ": left out of the rollout, not touched";
				log.warn("{}: {} {}", where, node.name(), reason);
				this.events.record(runId, node, NodeEvent.Kind.LEFT_OUT, reason, this.clock.instant());
				outcomes.put(node.name(), NodePatchOutcome.leftOut(node, reason, this.clock.instant()));
			}
			case BLOCKED -> {
				this.events.record(runId, node, NodeEvent.Kind.CORDONED, null, before);
				log.warn("{}: {} not patched: {}; uncordoning it", where, node.name(), result.detail());
				uncordon(runId, api, cordonedBy, node, "its drain was blocked");
				outcomes.put(node.name(), NodePatchOutcome.drainBlocked(node, result.detail(), before, this.clock.instant()));
			}
		}
	}

	/**
	 * After the playbook: each node Ready within the (shared) timeout is uncordoned; the others stay
	 * cordoned, with the reason. Each node handled leaves {@code drained}.
	 */
	private void backIntoService(long runId, KubeApi api, String cordonedBy, ChunkOutcome patched,
			Map<String, NodePatchOutcome> outcomes, List<Node> drained, Map<String, String> bootIds, String where) {
		Instant deadline = this.clock.instant().plus(this.drain.readyTimeout());
		for (NodePatchOutcome outcome : patched.nodes()) {
			Node node = outcome.node();
			Duration left = Duration.between(this.clock.instant(), deadline);
			// a node the playbook rebooted is back only once its kubelet reports the new boot: until then
			// the API may still show the Ready of the boot before
			boolean rebooted = outcome.facts() != null && outcome.facts().rebooted();
			boolean ready = this.maintenance.awaitReady(api, node.name(), rebooted ? bootIds.get(node.name()) : null,
					left.isNegative() ? Duration.ZERO : left);
			if (Thread.currentThread().isInterrupted()) {
				throw new ChunkStoppedException(where + ": stopped while waiting for " + node.name() + " to be Ready", null);
			}
			if (ready) {
				this.events.record(runId, node, NodeEvent.Kind.READY, null, this.clock.instant());
				uncordon(runId, api, cordonedBy, node, null);
				drained.remove(node);
				outcomes.put(node.name(), outcome);
			}
			else {
				String reason = "not Ready within " + ScheduledLauncher.duration(this.drain.readyTimeout())
						+ " after the playbook (ospatch.drain.ready-timeout): left cordoned";
				log.warn("{}: {} {}", where, node.name(), reason);
				this.maintenance.keepCordoned(api, node.name(), cordonedBy, reason);
				drained.remove(node);
				outcomes.put(node.name(), outcome.notReady(reason));
			}
		}
	}

	private void uncordon(long runId, KubeApi api, String cordonedBy, Node node, String why) {
		if (this.maintenance.uncordon(api, node.name(), cordonedBy)) {
			this.events.record(runId, node, NodeEvent.Kind.UNCORDONED, why, this.clock.instant());
		}
		else {
			log.warn("{}: not uncordoned: it no longer carries {}={}", node.name(), NodeMaintenance.CORDONED_BY,
					cordonedBy);
		}
	}

	/** On the way out of a chunk cut short: what is Ready goes back into service, whatever the API says of the rest. */
	private void uncordonThoseReady(long runId, KubeApi api, String cordonedBy, List<Node> drained, String where) {
		boolean interrupted = Thread.interrupted(); // the API calls below must not fail for the stop's interrupt
		try {
			for (Node node : drained) {
				try {
					if (this.maintenance.ready(api, node.name())) {
						uncordon(runId, api, cordonedBy, node, "its chunk was cut short");
					}
					else {
						log.warn("{}: {} stays cordoned (not Ready); the resumed run settles it", where, node.name());
					}
				}
				catch (KubeApiException ex) {
					log.warn("{}: {} stays cordoned: {}; the resumed run settles it", where, node.name(), ex.getMessage());
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private ChunkOutcome patchInService(long runId, Cluster cluster, RollingChunk chunk, Path logDir) {
		Instant start = this.clock.instant();
		chunk.nodes().forEach((node) -> this.events.record(runId, node, NodeEvent.Kind.PATCHING, null, start));
		ChunkOutcome outcome = this.patcher.patch(cluster, chunk, logDir);
		for (NodePatchOutcome node : outcome.nodes()) {
			if (node.facts() != null && node.facts().rebooted()) {
				this.events.record(runId, node.node(), NodeEvent.Kind.REBOOTED, null, node.endedAt());
			}
			if (node.succeeded()) {
				this.events.record(runId, node.node(), NodeEvent.Kind.PATCHED, node.facts().status().toString(),
						node.endedAt());
			}
		}
		return outcome;
	}

	/**
	 * What a run finds cordoned by ospatch before its first chunk: the cordons a killed or stopped
	 * execution of this run left, and those of a run it replaced. A node of this run that has a
	 * result (its chunk was recorded) and is Ready is uncordoned; one of the cut-off chunk is left
	 * cordoned, as that chunk is drained again (the drain recognises this run's own cordon). A node
	 * another run of this cluster cordoned is uncordoned if it is Ready; one that is not Ready stays
	 * as it is (it may be one left cordoned on purpose).
	 * @param hasResult whether this run recorded a result for the node
	 * @param runOfCluster whether a run id is one of this cluster's runs
	 */
	void settle(long runId, Cluster cluster, KubeApi api, List<Node> nodes, Predicate<Node> hasResult,
			LongPredicate runOfCluster) {
		Map<String, String> cordoned = this.maintenance.cordonedByOspatch(api);
		String ours = ClusterRollout.cordonedBy(runId);
		for (Node node : nodes) {
			String by = cordoned.get(node.name());
			if (by == null) {
				continue;
			}
			boolean thisRun = ours.equals(by);
			if (!thisRun && !runOfCluster.test(runIdOf(by))) {
				continue;
			}
			if (thisRun && !hasResult.test(node)) {
				log.info("{}: {} is cordoned by this run's cut-off chunk; that chunk is drained and patched again",
						cluster.name(), node.name());
			}
			else if (this.maintenance.ready(api, node.name())) {
				log.info("{}: {} was left cordoned by {}; it is Ready: uncordoning it", cluster.name(), node.name(),
						thisRun ? "this run's interrupted execution" : by);
				uncordon(runId, api, by, node, "left cordoned by " + (thisRun ? "an interrupted execution of this run" : by));
			}
			else {
				log.warn("{}: {} was left cordoned by {} and is not Ready: it stays cordoned", cluster.name(), node.name(),
						thisRun ? "this run" : by);
			}
		}
	}

	/** The run an annotation value names ({@code run-42} → 42), or -1. */
	static long runIdOf(String cordonedBy) {
		if (cordonedBy == null || !cordonedBy.startsWith("run-")) {
			return -1;
		}
		try {
			return Long.parseLong(cordonedBy.substring("run-".length()));
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
