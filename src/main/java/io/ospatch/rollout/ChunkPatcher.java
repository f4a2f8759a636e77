package io.ospatch.rollout;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;
import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.ansible.Playbook;
import io.ospatch.ansible.PlaybookExecutionException;
import io.ospatch.ansible.PlaybookRun;
import io.ospatch.ansible.PlaybookRunner;
import io.ospatch.ansible.PlaybookStoppedException;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.retry.RetryPolicy;
import org.springframework.util.backoff.BackOffExecution;

/**
 * Patches one rolling chunk: one {@code os-patch.yml} run over its nodes, then further runs over
 * only the nodes whose failure the retry policy calls transient, with backoff, until they succeed
 * or run out of attempts. Nodes that succeeded are never run again: a retry must not touch a node
 * that is already back in service.
 *
 * <p>Spring Batch's own item retry is not used here because it retries a whole item, and the item is
 * the chunk.
 */
class ChunkPatcher {

	private static final Logger log = LoggerFactory.getLogger(ChunkPatcher.class);

	private final PlaybookRunner runner;

	private final RetryPolicy retryPolicy;

	private final Sleeper sleeper;

	private final Clock clock;

	ChunkPatcher(PlaybookRunner runner, RetryPolicy retryPolicy, Sleeper sleeper, Clock clock) {
		this.runner = runner;
		this.retryPolicy = retryPolicy;
		this.sleeper = sleeper;
		this.clock = clock;
	}

	/**
	 * @throws ChunkStoppedException when the calling thread is interrupted (a stop's grace ran out):
	 * the chunk's outcome is unknown
	 */
	ChunkOutcome patch(Cluster cluster, RollingChunk chunk, Path logDir) {
		String where = cluster.name() + ": " + chunk.label();
		Instant chunkStart = this.clock.instant();
		Map<String, NodePatchOutcome> outcomes = new LinkedHashMap<>();
		List<Node> pending = chunk.nodes();
		BackOffExecution backOff = this.retryPolicy.getBackOff().start();
		for (int attempt = 1; !pending.isEmpty(); attempt++) {
			log.info("{}: running os-patch on {} (attempt {})", where, names(pending), attempt);
			Path logFile = logDir.resolve(String.format("chunk-%03d-attempt-%d.log", chunk.number(), attempt));
			List<Node> retry = new ArrayList<>();
			List<NodeFailure> retryReasons = new ArrayList<>();
			try {
				PlaybookRun run = this.runner.run(ClusterInventory.request(Playbook.OS_PATCH, cluster, pending, logFile));
				for (Node node : pending) {
					HostOutcome host = run.hosts().get(node.name());
					NodeFailure failure = failureOf(host);
					if (failure != null && this.retryPolicy.shouldRetry(failure)) {
						retry.add(node);
						retryReasons.add(failure);
					}
					else {
						outcomes.put(node.name(), outcome(node, host, failure, attempt, chunkStart));
					}
				}
			}
			catch (PlaybookExecutionException ex) {
				if (ex instanceof PlaybookStoppedException || Thread.currentThread().isInterrupted()) {
					throw new ChunkStoppedException(where + ": stopped while patching " + names(pending), ex);
				}
				// the run itself broke (timeout, ansible crashed): no node's state is known, none is retried
				log.warn("{}: ansible-playbook failed: {}", where, ex.getMessage());
				for (Node node : pending) {
					outcomes.put(node.name(), new NodePatchOutcome(node, NodePatchOutcome.FAILED, null, ex.getMessage(),
							attempt, chunkStart, this.clock.instant()));
				}
			}
			pending = retry;
			if (!pending.isEmpty()) {
				long delay = backOff.nextBackOff();
				if (delay == BackOffExecution.STOP) {
					for (int i = 0; i < pending.size(); i++) {
						Node node = pending.get(i);
						NodeFailure failure = retryReasons.get(i);
						outcomes.put(node.name(), outcome(node, failure.outcome(), failure, attempt, chunkStart));
					}
					break;
				}
				log.warn("{}: retrying {} in {} s: {}", where, names(pending), Duration.ofMillis(delay).toSeconds(),
						reasons(pending, retryReasons));
				try {
					this.sleeper.sleep(Duration.ofMillis(delay));
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new ChunkStoppedException(where + ": stopped while waiting to retry " + names(pending), ex);
				}
			}
		}
		List<NodePatchOutcome> inOrder = chunk.nodes().stream().map((node) -> outcomes.get(node.name())).toList();
		return new ChunkOutcome(chunk, inOrder, chunkStart, this.clock.instant());
	}

	/** The host's failure, or {@code null} if it was patched or found current. */
	private static NodeFailure failureOf(HostOutcome host) {
		OsPatchFacts facts = host.facts();
		if (host.status() == HostStatus.OK && facts != null && facts.status() != PatchStatus.FAILED) {
			return null;
		}
		if (host.status() == HostStatus.OK) {
			// ansible said ok but the role did not report: a playbook that is not ours, or a broken one
			return new NodeFailure(new HostOutcome(host.host(), HostStatus.FAILED, facts,
					"os-patch.yml reported no ospatch result for this host"));
		}
		return new NodeFailure(host);
	}

	private NodePatchOutcome outcome(Node node, HostOutcome host, NodeFailure failure, int attempts, Instant start) {
		Instant end = this.clock.instant();
		if (failure == null) {
			return new NodePatchOutcome(node, null, host.facts(), null, attempts, start, end);
		}
		String kind = failure.unreachable() ? NodePatchOutcome.UNREACHABLE : NodePatchOutcome.FAILED;
		return new NodePatchOutcome(node, kind, failure.outcome().facts(), failure.outcome().error(), attempts, start, end);
	}

	private static String names(List<Node> nodes) {
		return String.join(", ", nodes.stream().map(Node::name).toList());
	}

	private static String reasons(List<Node> nodes, List<NodeFailure> failures) {
		List<String> reasons = new ArrayList<>();
		for (int i = 0; i < nodes.size(); i++) {
			reasons.add(nodes.get(i).name() + " " + (failures.get(i).unreachable() ? "unreachable" : "failed") + ": "
					+ oneLine(failures.get(i).getMessage()));
		}
		return String.join("; ", reasons);
	}

	static String oneLine(String text) {
		if (text == null) {
			return "";
		}
		String line = text.replaceAll("\\s+", " ").strip();
		return (line.length() > 200) ? line.substring(0, 197) + "..." : line;
	}

}
