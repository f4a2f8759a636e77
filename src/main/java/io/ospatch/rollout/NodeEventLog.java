package io.ospatch.rollout;

import java.time.Instant;

import io.ospatch.cluster.Node;
import io.ospatch.run.NodeEvent;

/**
 * Where a rollout writes its nodes' state changes as they happen: the proof of what was out of
 * service when. Behind an interface so the drain logic is tested without a database.
 */
@FunctionalInterface
interface NodeEventLog {

	void record(long runId, Node node, NodeEvent.Kind kind, String detail, Instant at);

}
