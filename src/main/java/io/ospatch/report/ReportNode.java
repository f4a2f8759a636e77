package io.ospatch.report;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import io.ospatch.ansible.PackageChange;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultDetail;
import org.unbescape.html.HtmlEscape;

/**
 * One node's line in a run's report: what the run did to it, with its packages, and whether it is
 * compliant now by the run's figures.
 *
 * @param role {@code control-plane} or {@code worker}
 * @param result what the run did to it
 * @param packages the packages it changed
 * @param target the latest patch release of its OS stream, or {@code null} if unknown
 * @param compliant whether the run left it on that release ({@link RunFigures#compliantAfter(NodeResult)})
 */
public record ReportNode(String role, NodeResult result, List<PackageChange> packages, String target, boolean compliant) {

	public ReportNode {
		packages = List.copyOf(packages);
	}

	static ReportNode of(NodeResultDetail detail, RunFigures figures) {
		return new ReportNode(detail.role(), detail.result(), detail.packages(),
				figures.target(detail.result()).orElse(null), figures.compliantAfter(detail.result()));
	}

	public String versionAfter() {
		return RunFigures.versionAfter(this.result);
	}

	public String kernelAfter() {
		return (this.result.kernelAfter() != null) ? this.result.kernelAfter() : this.result.kernelBefore();
	}

	/** For example {@code 12.4 → 12.12}, or just {@code 12.12} when the run did not change it. */
	public String versionLabel() {
		return change(this.result.versionBefore(), versionAfter());
	}

	public String kernelLabel() {
		return change(this.result.kernelBefore(), kernelAfter());
	}

	public String compliantLabel() {
		return this.compliant ? "yes" : "no";
	}

	public long securityUpdates() {
		long security = 0;
		for (PackageChange change : this.packages) {
			if (change.security()) {
				security++;
			}
		}
		return security;
	}

	/** The CVE ids its packages fixed, each once. */
	public List<String> cves() {
		return this.packages.stream().flatMap((change) -> change.cves().stream()).distinct().sorted().toList();
	}

	public String heldLabel() {
		return String.join(", ", this.result.heldPackages());
	}

	public String rebootedLabel() {
		return this.result.rebooted() ? "yes" : "no";
	}

	public String durationLabel() {
		return ReportTimes.duration(this.result.startedAt(), this.result.endedAt());
	}

	/** The status, with why for a node skipped: {@code skipped (unreachable)}. */
	public String statusLabel() {
		return (this.result.failure() != null && !this.result.failure().equals(this.result.status().value()))
				? this.result.status() + " (" + this.result.failure() + ")" : this.result.status().value();
	}

	/** For example {@code openssl 3.0.15-1 → 3.0.16-1}, {@code new-pkg (new) → 1.2}, {@code old-pkg 1.0 → (removed)}. */
	static String changeLabel(PackageChange change) {
		return Objects.requireNonNullElse(change.from(), "(new)") + " → " + Objects.requireNonNullElse(change.to(), "(removed)");
	}

	static String cvesLabel(PackageChange change) {
		return String.join(" ", change.cves());
	}

	/**
	 * The rows of the HTML report's package table, {@code <tr>…</tr>} each on a line of its own: what
	 * the template wrote with a {@code th:each} over the packages and {@code th:text} per cell, built
	 * here because a 10,000-node run has some 100,000 of them. Every value is escaped as
	 * {@code th:text} escapes it, so that the template writes the rows with {@code th:utext}.
	 */
	public String packageRowsHtml() {
		StringBuilder html = new StringBuilder(160 * this.packages.size() + 1).append('\n');
		for (PackageChange change : this.packages) {
			html.append("<tr><td class=\"package-name\">")
				.append(escape(change.name()))
				.append("</td><td class=\"package-change\">")
				.append(escape(changeLabel(change)))
				.append(change.security() ? "</td><td class=\"security\">security" : "</td><td class=\"muted\">–")
				.append("</td><td class=\"package-cves\">")
				.append(escape(cvesLabel(change)))
				.append("</td></tr>\n");
		}
		return html.toString();
	}

	/** Text as {@code th:text} writes it in an HTML template: {@code < > & " '} as references. */
	private static String escape(String text) {
		return (text != null) ? HtmlEscape.escapeHtml4Xml(text) : "";
	}

	/** The packages as one line, for CSV: {@code openssl 3.0.15-1 → 3.0.16-1 [security]; …}. */
	public String packagesLine() {
		return this.packages.stream()
			.map((change) -> change.name() + " " + changeLabel(change) + (change.security() ? " [security]" : ""))
			.collect(Collectors.joining("; "));
	}

	private static String change(String before, String after) {
		if (before == null && after == null) {
			return "–";
		}
		if (before == null || after == null || before.equals(after)) {
			return (after != null) ? after : before;
		}
		return before + " → " + after;
	}

}
