package io.ospatch.report;

import io.ospatch.run.NodegroupResult;

/**
 * One node group of an EKS run as a report shows it: the same columns as {@code ospatch runs --id N}.
 *
 * @param result what the run did to the node group
 */
public record ReportNodegroup(NodegroupResult result) {

	public String name() {
		return this.result.nodegroup();
	}

	/** The status, or {@code unfinished} for an update still followed (or left by a killed run). */
	public String statusLabel() {
		return (this.result.status() != null) ? this.result.status().value() : "unfinished";
	}

	/** For example {@code 1.31.0-20241024 → 1.31.3-20241121}; {@code –} for a release not known. */
	public String releaseLabel() {
		return orDash(this.result.releaseBefore()) + " → " + orDash(this.result.releaseAfter());
	}

	public String updateId() {
		return this.result.updateId();
	}

	public boolean compliant() {
		return NodegroupFigures.compliant(this.result);
	}

	public String durationLabel() {
		return ReportTimes.duration(this.result.startedAt(), this.result.endedAt());
	}

	public String error() {
		return this.result.error();
	}

	private static String orDash(String value) {
		return (value != null) ? value : "–";
	}

}
