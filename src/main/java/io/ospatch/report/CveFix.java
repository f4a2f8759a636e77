package io.ospatch.report;

import java.util.List;

/**
 * A CVE a run fixed somewhere in its cluster.
 *
 * @param id the CVE id, e.g. {@code CVE-2025-1234}
 * @param packages the packages whose upgrade fixed it, by name
 * @param nodes on how many nodes
 */
public record CveFix(String id, List<String> packages, long nodes) {

	public CveFix {
		packages = List.copyOf(packages);
	}

	public String packagesLabel() {
		return String.join(", ", this.packages);
	}

}
