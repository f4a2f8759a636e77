package io.ospatch.report;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultStatus;

/**
 * The figures of one run, gathered in one pass over its node results without keeping them: counts
 * per status, the target of each OS stream, and compliance before and after.
 *
 * <p>A stream's target is the highest target version any node of the stream reported in the run
 * (nodes that were not reached report none). A node is compliant when its stream's target is known
 * and its OS version is at least that; a node whose stream or target is unknown is not, because
 * nothing shows that it is. "After" is the version the run left: the one read after the upgrade, or
 * the one before for a node the run did not change.
 */
public final class RunFigures {

	private final Map<NodeResultStatus, Long> counts;

	private final SortedMap<OsStream, String> targets;

	private final long total;

	private final long compliantBefore;

	private final long compliantAfter;

	private RunFigures(Builder builder) {
		this.counts = Collections.unmodifiableMap(new EnumMap<>(builder.counts));
		this.targets = Collections.unmodifiableSortedMap(new TreeMap<>(builder.targets));
		this.total = builder.total;
		this.compliantBefore = compliant(builder.versionsBefore);
		this.compliantAfter = compliant(builder.versionsAfter);
	}

	public static Builder builder() {
		return new Builder();
	}

	/** The figures of the given results (for tests and small runs; big runs feed a builder as they read). */
	public static RunFigures of(Iterable<NodeResult> results) {
		Builder builder = builder();
		results.forEach(builder::add);
		return builder.build();
	}

	public long total() {
		return this.total;
	}

	public long count(NodeResultStatus status) {
		return this.counts.getOrDefault(status, 0L);
	}

	/** Nodes on the latest patch release of their stream when the run started. */
	public long compliantBefore() {
		return this.compliantBefore;
	}

	/** Nodes on the latest patch release of their stream when the run ended. */
	public long compliantAfter() {
		return this.compliantAfter;
	}

	/** Target version per stream, streams in order. */
	public SortedMap<OsStream, String> targets() {
		return this.targets;
	}

	/** For example {@code Debian 12 → 12.12, Ubuntu 18.04 → 18.04.5}; empty when no target is known. */
	public String targetsLabel() {
		return this.targets.entrySet()
			.stream()
			.map((target) -> target.getKey().label() + " → " + target.getValue())
			.collect(Collectors.joining(", "));
	}

	/** The target of the node's stream, if known. */
	public Optional<String> target(NodeResult node) {
		return OsStream.of(node.distribution(), versionBefore(node)).map(this.targets::get);
	}

	public boolean compliantBefore(NodeResult node) {
		return compliant(node.distribution(), versionBefore(node));
	}

	public boolean compliantAfter(NodeResult node) {
		return compliant(node.distribution(), versionAfter(node));
	}

	/** The OS version the run left the node on: read after the upgrade, else as it was before. */
	public static String versionAfter(NodeResult node) {
		return (node.versionAfter() != null) ? node.versionAfter() : node.versionBefore();
	}

	private static String versionBefore(NodeResult node) {
		return (node.versionBefore() != null) ? node.versionBefore() : node.versionAfter();
	}

	private boolean compliant(String distribution, String version) {
		return OsStream.of(distribution, version)
			.map(this.targets::get)
			.filter((target) -> OsStream.compareVersions(version, target) >= 0)
			.isPresent();
	}

	private long compliant(Map<OsStream, Map<String, Long>> versions) {
		long compliant = 0;
		for (Map.Entry<OsStream, Map<String, Long>> stream : versions.entrySet()) {
			String target = this.targets.get(stream.getKey());
			if (target == null) {
				continue;
			}
			for (Map.Entry<String, Long> version : stream.getValue().entrySet()) {
				if (OsStream.compareVersions(version.getKey(), target) >= 0) {
					compliant += version.getValue();
				}
			}
		}
		return compliant;
	}

	/** Takes node results one at a time; keeps only counts, so any number of nodes fits. */
	public static final class Builder {

		private final Map<NodeResultStatus, Long> counts = new EnumMap<>(NodeResultStatus.class);

		private final Map<OsStream, String> targets = new HashMap<>();

		private final Map<OsStream, Map<String, Long>> versionsBefore = new HashMap<>();

		private final Map<OsStream, Map<String, Long>> versionsAfter = new HashMap<>();

		private long total;

		private Builder() {
		}

		public Builder add(NodeResult node) {
			this.total++;
			this.counts.merge(node.status(), 1L, Long::sum);
			count(this.versionsBefore, node.distribution(), versionBefore(node));
			count(this.versionsAfter, node.distribution(), versionAfter(node));
			if (node.targetVersion() != null) {
				OsStream.of(node.distribution(), versionBefore(node))
					.or(() -> OsStream.of(node.distribution(), node.targetVersion()))
					.ifPresent((stream) -> this.targets.merge(stream, node.targetVersion(),
							(a, b) -> (OsStream.compareVersions(a, b) >= 0) ? a : b));
			}
			return this;
		}

		private static void count(Map<OsStream, Map<String, Long>> versions, String distribution, String version) {
			OsStream.of(distribution, version)
				.ifPresent((stream) -> versions.computeIfAbsent(stream, (key) -> new HashMap<>()).merge(version, 1L, Long::sum));
		}

		public RunFigures build() {
			return new RunFigures(this);
		}

	}

}
