package io.ospatch.report;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.ospatch.ansible.PackageChange;

/**
 * Gathers the CVEs a run fixed, one node at a time, without keeping the nodes: distinct CVEs are
 * few, so per CVE only its packages and a count of nodes are kept.
 */
final class CveFixes {

	// hashed while gathering, sorted once at the end: the CVEs of a large run are mentioned tens of thousands of times
	private final Map<String, Set<String>> packages = new HashMap<>();

	private final Map<String, Long> nodes = new HashMap<>();

	/** Counts the CVEs the node's packages fixed, each once for the node. */
	void add(List<PackageChange> nodePackages) {
		Set<String> ofNode = new HashSet<>();
		for (PackageChange change : nodePackages) {
			for (String cve : change.cves()) {
				this.packages.computeIfAbsent(cve, (key) -> new HashSet<>()).add(change.name());
				if (ofNode.add(cve)) {
					this.nodes.merge(cve, 1L, Long::sum);
				}
			}
		}
	}

	/** The CVEs fixed, oldest first (by year, then number). */
	List<CveFix> fixes() {
		return this.packages.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(CveFixes::compareIds))
			.map((cve) -> new CveFix(cve.getKey(), List.copyOf(new TreeSet<>(cve.getValue())), this.nodes.get(cve.getKey())))
			.toList();
	}

	/** {@code CVE-2024-999 < CVE-2024-1000 < CVE-2025-1}; ids of another form by text. */
	private static int compareIds(String left, String right) {
		int order = OsStream.compareVersions(left.replace('-', '.'), right.replace('-', '.'));
		return (order != 0) ? order : left.compareTo(right);
	}

}
