package io.ospatch.web.fleet;

/**
 * One cluster on the fleet page, as shown: every value is text ready for the page.
 *
 * @param cluster its name
 * @param kind its kind
 * @param nodes its nodes (those of the run measured, or registered)
 * @param compliance for example {@code 5 of 8 (62.5%)}, or {@code not measured}
 * @param latestRun for example {@code #12, ended 2026-11-20T03:40:00Z}, or {@code none}
 * @param latestRunId the latest run's id, or {@code null} before its first run
 * @param outcome the latest run's outcome, {@code never patched} or {@code not patched}
 * @param outcomeStyle the CSS class of the outcome: {@code bad}, {@code warn}, {@code ok} or {@code muted}
 * @param nextPatch its next fire time in its timezone, {@code (due)} when past, or {@code -}
 * @param needsAttention its latest run failed, halted or was missed
 * @param refusal why ospatch does not patch its kind, or {@code null}
 */
public record FleetRow(String cluster, String kind, long nodes, String compliance, String latestRun, Long latestRunId,
		String outcome,
		String outcomeStyle, String nextPatch, boolean needsAttention, String refusal) {

}
