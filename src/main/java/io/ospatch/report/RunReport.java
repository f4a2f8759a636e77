package io.ospatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;

/**
 * Everything a run's report shows above its node table: the run, its figures and the CVEs it fixed.
 * Small whatever the size of the run; the nodes and their events themselves are read as they are
 * written.
 *
 * @param run the run
 * @param clusterKind its cluster's kind
 * @param interruptions each time it was interrupted and then resumed
 * @param figures counts, targets and compliance
 * @param nodegroups an EKS run's node groups, by name; none for other runs (an EKS run has no nodes)
 * @param cves the CVEs it fixed
 * @param nodeEvents how many node events it recorded (cordoned, drained, patching, …)
 * @param generatedAt when this report was rendered
 */
public record RunReport(RunRepository.Run run, String clusterKind, List<Interruption> interruptions, RunFigures figures,
		List<NodegroupResult> nodegroups, List<CveFix> cves, long nodeEvents, Instant generatedAt) {

	/** Up to this many node events, the report shows them open; more, it shows them folded. */
	private static final long OPEN_EVENTS = 200;

	/** The kinds of event that end a run's process before its end; a later {@code resumed} carries it on. */
	private static final Set<RunEvent.Kind> INTERRUPTING = Set.of(RunEvent.Kind.INTERRUPTED, RunEvent.Kind.STOPPED,
			RunEvent.Kind.FAILED, RunEvent.Kind.LEASE_LOST);

	public RunReport {
		interruptions = List.copyOf(interruptions);
		nodegroups = List.copyOf(nodegroups);
		cves = List.copyOf(cves);
	}

	/**
	 * An interruption of a run and its resumption.
	 *
	 * @param at when it was interrupted (or found interrupted), {@code null} if no event recorded it
	 * @param kind {@code interrupted}, {@code stopped}, {@code failed} or {@code lease-lost}
	 * @param detail why, if known
	 * @param resumedAt when a launch picked it up again
	 */
	public record Interruption(Instant at, String kind, String detail, Instant resumedAt) {

		/** For example {@code stopped 2026-11-26 14:03:07 UTC (SIGTERM), resumed 2026-11-26 15:00:00 UTC}. */
		public String label() {
			return this.kind + ((this.at != null) ? " " + ReportTimes.time(this.at) : "")
					+ ((this.detail != null) ? " (" + this.detail + ")" : "")
					+ ", resumed " + ReportTimes.time(this.resumedAt);
		}

	}

	/** Pairs each {@code resumed} event with the interruption before it. */
	static List<Interruption> interruptions(List<RunEvent> events) {
		List<Interruption> interruptions = new ArrayList<>();
		RunEvent last = null;
		for (RunEvent event : events) {
			if (INTERRUPTING.contains(event.kind())) {
				last = event;
			}
			else if (event.kind() == RunEvent.Kind.RESUMED) {
				interruptions.add((last != null) ? new Interruption(last.at(), last.kind().value(), last.detail(), event.at())
						: new Interruption(null, "interrupted", null, event.at()));
				last = null;
			}
		}
		return interruptions;
	}

	public String clusterName() {
		return this.run.clusterName();
	}

	/** For example {@code scheduled, fire time 2026-11-26 02:00:00 UTC} or {@code on-demand, launched by alice}. */
	public String triggerLabel() {
		return switch (this.run.trigger()) {
			case BOOT -> "boot (new nodes), launched by " + this.run.launchedBy();
			case SCHEDULED -> "scheduled, fire time " + ReportTimes.time(this.run.fireTime());
			case ON_DEMAND -> "on-demand, launched by " + this.run.launchedBy();
		};
	}

	public String startedLabel() {
		return ReportTimes.time(this.run.startedAt());
	}

	public String endedLabel() {
		return (this.run.endedAt() != null) ? ReportTimes.time(this.run.endedAt()) : "still running";
	}

	public String durationLabel() {
		return ReportTimes.duration(this.run.startedAt(), this.run.endedAt());
	}

	public String outcome() {
		return this.run.outcome().value();
	}

	/** Why it ended as it did, or {@code null}. */
	public String reason() {
		return this.run.outcomeDetail();
	}

	public boolean scheduled() {
		return this.run.trigger() == Trigger.SCHEDULED;
	}

	public boolean running() {
		return this.run.outcome() == RunOutcome.RUNNING;
	}

	/** The summary's lines, in the order a reader looks for them. */
	public List<Figure> counts() {
		return List.of(new Figure("nodes", this.figures.total()), count("patched", NodeResultStatus.PATCHED),
				count("already current", NodeResultStatus.ALREADY_CURRENT), count("skipped", NodeResultStatus.SKIPPED),
				count("failed", NodeResultStatus.FAILED), count("unreachable", NodeResultStatus.UNREACHABLE),
				count("not attempted", NodeResultStatus.NOT_ATTEMPTED), count("deferred", NodeResultStatus.DEFERRED),
				count("left out", NodeResultStatus.LEFT_OUT));
	}

	/** Whether the run's units are node groups (an EKS run) rather than nodes. */
	public boolean ofNodegroups() {
		return !this.nodegroups.isEmpty();
	}

	public NodegroupFigures nodegroupFigures() {
		return NodegroupFigures.of(this.nodegroups);
	}

	/** An EKS run's summary lines, in place of {@link #counts()}. */
	public List<Figure> nodegroupCounts() {
		NodegroupFigures figures = nodegroupFigures();
		return List.of(new Figure("node groups", figures.total()), new Figure("up to date", figures.upToDate()),
				new Figure("failed", figures.failed()), new Figure("not updatable", figures.notUpdatable()));
	}

	/** The node groups as the report lists them. */
	public List<ReportNodegroup> reportNodegroups() {
		return this.nodegroups.stream().map(ReportNodegroup::new).toList();
	}

	/** Whether the node events are shown open: a long list is folded under its count. */
	public boolean nodeEventsOpen() {
		return this.nodeEvents <= OPEN_EVENTS;
	}

	/** For example {@code 7 node events}. */
	public String nodeEventsLabel() {
		return this.nodeEvents + ((this.nodeEvents == 1) ? " node event" : " node events");
	}

	/** For example {@code 25% (1/4) → 75% (3/4)}. */
	public String complianceLabel() {
		return share(this.figures.compliantBefore()) + " → " + share(this.figures.compliantAfter());
	}

	/** For example {@code Debian 12 → 12.12, Ubuntu 18.04 → 18.04.5}, or {@code unknown}. */
	public String targetsLabel() {
		String targets = this.figures.targetsLabel();
		return targets.isEmpty() ? "unknown (no node reported one)" : targets;
	}

	public String generatedLabel() {
		return ReportTimes.time(this.generatedAt);
	}

	/** Rounded down: 99.9% is not everything. */
	private String share(long compliant) {
		long total = this.figures.total();
		String percent = (total > 0) ? (100 * compliant / total) + "%" : "–";
		return percent + " (" + compliant + "/" + total + ")";
	}

	private Figure count(String label, NodeResultStatus status) {
		return new Figure(label, this.figures.count(status));
	}

	/**
	 * One line of the summary.
	 *
	 * @param label what is counted
	 * @param value how many
	 */
	public record Figure(String label, long value) {
	}

}
