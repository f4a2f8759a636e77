package io.ospatch.report;

import io.ospatch.run.NodeEvent;

/**
 * One node event as a run's report shows it: when, to the millisecond, which node, what happened.
 *
 * @param event the event as recorded
 */
public record ReportEvent(NodeEvent event) {

	/** For example {@code 2026-11-26 14:03:07.250 UTC}. */
	public String timeLabel() {
		return ReportTimes.eventTime(this.event.at());
	}

	public String node() {
		return this.event.nodeName();
	}

	public String role() {
		return this.event.role();
	}

	/** For example {@code cordoned} or {@code left-out}. */
	public String kind() {
		return this.event.kind().value();
	}

	/** The particulars, or empty. */
	public String detail() {
		return (this.event.detail() != null) ? this.event.detail() : "";
	}

}
