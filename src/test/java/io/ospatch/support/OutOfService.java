package io.ospatch.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.UtcTimes;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvent.Kind;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Which nodes of one cluster were out of service when, read from node events, and the rollout's
 * promises checked against it: never more than max-unavailable nodes out at one instant, a
 * control-plane node only ever out alone, and no node left cordoned.
 *
 * <p>A node is out of service from its {@code cordoned} until its {@code uncordoned}; a node that
 * was not cordoned (no API to cordon it through) from its {@code patching} until its end event
 * ({@code patched}, {@code skipped}, {@code failed}, {@code deferred}, {@code left-out}) or an
 * {@code uncordoned}. A node cordoned by someone else is {@code left-out}: not out by ospatch's doing.
 * Events at the same instant are sequential with ends first: an uncordon and the next chunk's cordon
 * in the same millisecond do not overlap (one node's own events keep their order).
 *
 * <p>Give it the events of one cluster: one run's, or several runs' (a killed run's and its resume's
 * are one run); they are taken in time order, those at the same instant in the order given.
 * <pre>
 * OutOfService.of(nodeEvents.ofRun(runId)).assertNeverMoreThan(2).assertNothingLeftCordoned();
 * </pre>
 */
public final class OutOfService {

	/** Events that end a stretch out of service of a node that was not cordoned. */
	private static final Set<Kind> ENDS = EnumSet.of(Kind.PATCHED, Kind.SKIPPED, Kind.FAILED, Kind.DEFERRED,
			Kind.LEFT_OUT, Kind.UNCORDONED);

	/** The detail of a {@code failed} that leaves its node cordoned on purpose: it never came back Ready. */
	private static final Pattern NEVER_READY = Pattern.compile("(?i)\\bready\\b");

	private static final String CONTROL_PLANE = "control-plane";

	/** Where more violations than this are found, only this many are named. */
	private static final int NAMED = 10;

	private final List<Instant> instants = new ArrayList<>();

	/** The nodes out of service after each instant, same index as {@link #instants}: name to role. */
	private final List<Map<String, String>> outAfter = new ArrayList<>();

	/** Per node out of service at the end: whether ospatch cordoned it, and its last event. */
	private final Map<String, NodeState> states = new LinkedHashMap<>();

	private OutOfService(List<NodeEvent> events) {
		List<NodeEvent> ordered = events.stream().sorted(Comparator.comparing(NodeEvent::at)).toList();
		int from = 0;
		while (from < ordered.size()) {
			Instant at = ordered.get(from).at();
			int to = from;
			while (to < ordered.size() && ordered.get(to).at().equals(at)) {
				to++;
			}
			sameInstant(ordered.subList(from, to));
			this.instants.add(at);
			this.outAfter.add(out());
			from = to;
		}
	}

	/** The out-of-service timeline of one cluster's node events. */
	public static OutOfService of(List<NodeEvent> events) {
		return new OutOfService(events);
	}

	/**
	 * The out-of-service timeline of runs of one cluster, read from the database: for tests that
	 * drive ospatch as a process and only share its database.
	 */
	public static OutOfService ofRuns(JdbcClient jdbc, long... runIds) {
		List<NodeEvent> events = new ArrayList<>();
		for (long runId : runIds) {
			events.addAll(jdbc.sql("""
					SELECT e.occurred_at, n.name, n.role, e.event, e.detail
					FROM node_events e JOIN nodes n ON n.id = e.node_id
					WHERE e.run_id = ? ORDER BY e.occurred_at, e.id""")
				.param(runId)
				.query((rs, row) -> new NodeEvent(UtcTimes.read(rs, "occurred_at"), rs.getString("name"),
						rs.getString("role"), Kind.of(rs.getString("event")), rs.getString("detail")))
				.list());
		}
		return new OutOfService(events);
	}

	/**
	 * Asserts the invariant of every run in the database, each against its cluster's max-unavailable
	 * as a node count of the cluster: what the lab tests check after their runs, whatever they did.
	 */
	public static void assertEveryRunKeptToItsMaxUnavailable(JdbcClient jdbc) {
		List<Map<String, Object>> runs = jdbc.sql("""
				SELECT r.id, c.max_unavailable, (SELECT COUNT(*) FROM nodes n WHERE n.cluster_id = c.id) AS nodes
				FROM patch_runs r JOIN clusters c ON c.id = r.cluster_id ORDER BY r.id""").query().listOfRows();
		for (Map<String, Object> run : runs) {
			int nodes = ((Number) run.get("nodes")).intValue();
			int maxUnavailable = Math.max(1,
					CountOrPercent.parse("max-unavailable", (String) run.get("max_unavailable")).of(nodes));
			ofRuns(jdbc, ((Number) run.get("id")).longValue()).assertNeverMoreThan(maxUnavailable);
		}
	}

	/**
	 * Asserts that no more than {@code maxUnavailable} nodes were out of service at any instant, at
	 * most one control-plane node, and a control-plane node never together with another node.
	 * @param maxUnavailable the cluster's max-unavailable, as a node count
	 * @return this, to assert more
	 * @throws AssertionError naming each instant where it was not so, and the nodes that were out
	 */
	public OutOfService assertNeverMoreThan(int maxUnavailable) {
		List<String> violations = new ArrayList<>();
		for (int i = 0; i < this.instants.size(); i++) {
			Map<String, String> out = this.outAfter.get(i);
			long controlPlane = out.values().stream().filter(CONTROL_PLANE::equals).count();
			String why = null;
			if (out.size() > maxUnavailable) {
				why = out.size() + " nodes out of service, max-unavailable is " + maxUnavailable;
			}
			else if (controlPlane > 1) {
				why = controlPlane + " control-plane nodes out of service, control plane goes one at a time";
			}
			else if (controlPlane == 1 && out.size() > 1) {
				why = "a control-plane node out of service together with other nodes";
			}
			if (why != null) {
				violations.add("at " + this.instants.get(i) + ": " + why + ": " + label(out));
			}
		}
		if (!violations.isEmpty()) {
			throw new AssertionError(message("out of service beyond the limits", violations));
		}
		return this;
	}

	/**
	 * Asserts that every node ospatch cordoned was uncordoned by the last event, but for a node whose
	 * last event is {@code failed} because it never came back Ready: ospatch leaves that one
	 * cordoned on purpose, for a person to look at.
	 * @return this, to assert more
	 * @throws AssertionError naming each node left cordoned, with its last event
	 */
	public OutOfService assertNothingLeftCordoned() {
		List<String> left = this.states.entrySet()
			.stream()
			.filter((state) -> state.getValue().cordoned && !neverReady(state.getValue().last))
			.map((state) -> state.getKey() + " (last event: " + label(state.getValue().last) + ")")
			.toList();
		if (!left.isEmpty()) {
			throw new AssertionError(message("left cordoned", left));
		}
		return this;
	}

	/** The most nodes out of service at one instant: whether the rollout used the parallelism it had. */
	public int peak() {
		return this.outAfter.stream().mapToInt(Map::size).max().orElse(0);
	}

	/** The nodes out of service after the events of that instant, in the order they went out. */
	public Set<String> outAt(Instant at) {
		Map<String, String> out = Map.of();
		for (int i = 0; i < this.instants.size() && !this.instants.get(i).isAfter(at); i++) {
			out = this.outAfter.get(i);
		}
		return out.keySet();
	}

	/**
	 * Applies the events of one instant: first each node's ends that come before any other event of
	 * it at this instant (the end of a stretch that began earlier), then the rest in the order given,
	 * so that one node's cordon and uncordon in the same millisecond stay in their order.
	 */
	private void sameInstant(List<NodeEvent> events) {
		Set<String> started = new HashSet<>();
		List<NodeEvent> rest = new ArrayList<>();
		for (NodeEvent event : events) {
			if (ENDS.contains(event.kind()) && !started.contains(event.nodeName())) {
				apply(event);
			}
			else {
				started.add(event.nodeName());
				rest.add(event);
			}
		}
		rest.forEach(this::apply);
	}

	private void apply(NodeEvent event) {
		NodeState state = this.states.computeIfAbsent(event.nodeName(), (name) -> new NodeState(event.role()));
		state.last = event;
		switch (event.kind()) {
			case CORDONED -> state.cordoned = true;
			case PATCHING -> state.patching = true;
			case UNCORDONED -> {
				state.cordoned = false;
				state.patching = false;
			}
			case PATCHED, SKIPPED, FAILED, DEFERRED, LEFT_OUT -> state.patching = false;
			case DRAINED, REBOOTED, READY -> {
				// a step within a stretch out of service: neither starts nor ends one
			}
		}
	}

	/** Name to role of the nodes out of service now, in the order they were first seen. */
	private Map<String, String> out() {
		Map<String, String> out = new LinkedHashMap<>();
		this.states.forEach((name, state) -> {
			if (state.cordoned || state.patching) {
				out.put(name, state.role);
			}
		});
		return out;
	}

	private static boolean neverReady(NodeEvent last) {
		return last.kind() == Kind.FAILED && last.detail() != null && NEVER_READY.matcher(last.detail()).find();
	}

	private static String label(Map<String, String> out) {
		return out.entrySet().stream().map((node) -> node.getKey() + " (" + node.getValue() + ")")
			.collect(Collectors.joining(", "));
	}

	private static String label(NodeEvent event) {
		return event.kind() + " at " + event.at() + ((event.detail() != null) ? ": " + event.detail() : "");
	}

	private static String message(String what, List<String> lines) {
		StringBuilder message = new StringBuilder(what).append(':');
		lines.stream().limit(NAMED).forEach((line) -> message.append("\n  ").append(line));
		if (lines.size() > NAMED) {
			message.append("\n  and ").append(lines.size() - NAMED).append(" more");
		}
		return message.toString();
	}

	/** What is known of one node so far. */
	private static final class NodeState {

		private final String role;

		/** Cordoned by ospatch and not uncordoned since. */
		private boolean cordoned;

		/** Its playbook started and has not ended yet. */
		private boolean patching;

		private NodeEvent last;

		private NodeState(String role) {
			this.role = role;
		}

	}

}
