package io.ospatch.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.NodeRole;
import io.ospatch.cluster.NodeSpec;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A run's results read a page at a time: whatever the pages' limits (results per page, packages
 * per page), every result comes once, in rolling order, with its packages; the summary's reading
 * keeps only the packages that name a CVE.
 */
@SpringBootTest
class NodeResultPagesTests {

	private static final Instant START = Instant.parse("2026-11-26T02:00:00Z");

	@Autowired
	JdbcClient jdbc;

	@Autowired
	FleetService fleet;

	@Autowired
	RunRepository runs;

	@Autowired
	NodeResultRepository results;

	@Autowired
	NodeResultPages pages;

	@BeforeEach
	void clean() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void smallPagesReadEveryResultOnceInRollingOrderWithItsPackages() {
		long runId = runOfTwelveNodes();
		List<NodeResult> expected = this.results.findByRun(runId);

		// 3 results or 10 packages a page: pages end on either limit, and a node of 11 packages makes a page alone
		List<NodeResultDetail> small = new ArrayList<>();
		new NodeResultPages(this.jdbc, 3, 10).inRollingOrder(runId).forEach(small::add);
		List<NodeResultDetail> defaults = new ArrayList<>();
		this.pages.inRollingOrder(runId).forEach(defaults::add);

		assertThat(small).extracting(NodeResultDetail::result).containsExactlyElementsOf(expected);
		assertThat(small).isEqualTo(defaults);
		for (NodeResultDetail detail : small) {
			int index = nodeIndex(detail.result().nodeName());
			assertThat(detail.packages()).as(detail.result().nodeName()).isEqualTo(sortedByName(packages(index)));
			assertThat(detail.role()).isEqualTo((index < 2) ? "control-plane" : "worker");
		}
	}

	@Test
	void theSummaryReadsOnlyThePackagesThatNameACve() {
		long runId = runOfTwelveNodes();

		List<NodeResultDetail> withCves = new ArrayList<>();
		new NodeResultPages(this.jdbc, 3, 10).withCvePackages(runId).forEach(withCves::add);

		assertThat(withCves).extracting(NodeResultDetail::result).containsExactlyElementsOf(this.results.findByRun(runId));
		for (NodeResultDetail detail : withCves) {
			List<PackageChange> all = sortedByName(packages(nodeIndex(detail.result().nodeName())));
			assertThat(detail.packages()).isEqualTo(all.stream().filter((change) -> !change.cves().isEmpty()).toList());
		}
	}

	@Test
	void storedCvesAreSplitAtWhiteSpace() {
		assertThat(NodeResultPages.cves(null)).isEmpty();
		assertThat(NodeResultPages.cves(" \t ")).isEmpty();
		assertThat(NodeResultPages.cves("CVE-2025-1")).containsExactly("CVE-2025-1");
		assertThat(NodeResultPages.cves(" CVE-2025-1  CVE-2025-2\tCVE-2025-3\n")).containsExactly("CVE-2025-1", "CVE-2025-2",
				"CVE-2025-3");
	}

	/** Nodes {@code n-00}…{@code n-11}, inserted out of rolling order; node i changed i packages, every third naming CVEs. */
	private long runOfTwelveNodes() {
		this.fleet.addCluster("paged", ClusterSettings.none());
		long clusterId = this.fleet.cluster("paged").id();
		long runId = this.runs.create(UUID.randomUUID().toString(), clusterId, Trigger.ON_DEMAND, "someone", null, START);
		for (int i : new int[] { 7, 0, 11, 3, 1, 9, 2, 10, 5, 4, 8, 6 }) {
			String name = String.format("n-%02d", i);
			long nodeId = this.fleet
				.addNode("paged", new NodeSpec(name, "10.0.0." + (1 + i), null, (i < 2) ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
						null))
				.id();
			NodeResult result = new NodeResult(name, 1 + i / 5, NodeResultStatus.PATCHED, null, "Debian", "12.4", "6.1.0-25-amd64",
					"12.12", "6.1.0-37-amd64", "12.12", i, List.of("kubelet"), i % 2 == 0, 1, null, START, START.plusSeconds(60));
			this.results.insert(runId, nodeId, result, packages(i));
		}
		return runId;
	}

	private static List<PackageChange> packages(int count) {
		return IntStream.range(0, count)
			.mapToObj((p) -> new PackageChange("pkg-" + (char) ('z' - p), "1." + p, "1." + (p + 1), p % 3 == 0,
					(p % 3 == 0) ? List.of("CVE-2025-" + (1000 + p), "CVE-2025-" + (2000 + p)) : List.of()))
			.toList();
	}

	private static List<PackageChange> sortedByName(List<PackageChange> packages) {
		return packages.stream().sorted(Comparator.comparing(PackageChange::name)).toList();
	}

	private static int nodeIndex(String name) {
		return Integer.parseInt(name.substring(2));
	}

}
