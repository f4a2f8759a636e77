package io.ospatch.report;

import java.util.List;

/**
 * What the index template shows, every value already text: the template only places it.
 *
 * @param generated when the index was written (UTC)
 * @param fleet the fleet's line: compliant nodes of all measured clusters (and up-to-date node groups of EKS ones)
 * @param clusters clusters with runs, failed, halted or missed first
 * @param neverPatched clusters of a kind ospatch patches that never ran
 * @param refused clusters of a kind ospatch does not patch, with the reason
 */
public record FleetIndexPage(String generated, String fleet, List<Line> clusters, List<Unpatched> neverPatched,
		List<Unpatched> refused) {

	/**
	 * A cluster with runs; {@code measuredBy} names the run its compliance comes from when that is not
	 * its latest (a missed fire time since, say), else is empty; {@code unit} is empty for nodes and
	 * {@code node groups} for an EKS cluster, whose figures count node groups (compliant: up to date).
	 */
	public record Line(String cluster, String kind, boolean attention, boolean measured, long nodes, String compliant,
			String share, String measuredBy, long latestRun, String outcome, String detail, String ended,
			String schedule, String nextUtc, String nextLocal, List<Report> reports, String unit) {
	}

	/** A cluster without runs, or of a kind ospatch does not patch ({@code reason}). */
	public record Unpatched(String cluster, String kind, long nodes, String schedule, String nextUtc, String nextLocal,
			String reason) {
	}

	/** A link to one run's report, relative to the index. */
	public record Report(String href, String label, String outcome, String date) {
	}

}
