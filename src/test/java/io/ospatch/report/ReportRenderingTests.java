package io.ospatch.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import io.ospatch.ansible.PackageChange;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.NodeRole;
import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvent.Kind;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.NodeResult;
import io.ospatch.run.NodeResultRepository;
import io.ospatch.run.NodeResultStatus;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;
import io.ospatch.run.RunEvent;
import io.ospatch.run.RunEvents;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.DatabaseCleaner;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A run's report rendered from the database (the test database: MariaDB, or whatever
 * {@code OSPATCH_TEST_DATASOURCE_URL} names) for realistic runs: the HTML parses, its counts and
 * versions are the database's, the JSON and CSV carry the same nodes and values, and hostile text
 * is shown, never run.
 */
@SpringBootTest(properties = "ospatch.reports-dir=target/report-rendering-tests")
class ReportRenderingTests {

	private static final Path REPORTS = Path.of("target/report-rendering-tests").toAbsolutePath();

	@Autowired
	JdbcClient jdbc;

	@Autowired
	RunReports reports;

	@Autowired
	NodeResultRepository results;

	@Autowired
	NodeEvents nodeEvents;

	@Autowired
	NodegroupResultRepository nodegroups;

	ReportRuns given;

	@Autowired
	void fixture(FleetService fleet, RunRepository runs, RunEvents events) {
		this.given = new ReportRuns(fleet, runs, this.results, events);
	}

	@BeforeEach
	void clean() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void aRunWithEveryStatusShowsWhatTheDatabaseHolds() throws IOException {
		long runId = this.given.run("prod", Trigger.SCHEDULED, "scheduler", Instant.parse("2026-11-26T02:00:00Z"));
		this.given.node(runId, "prod", NodeRole.CONTROL_PLANE, ReportRuns.debian("cp-1", 1, NodeResultStatus.PATCHED, 4, null),
				ReportRuns.packages(4, 0));
		this.given.node(runId, "prod", NodeRole.WORKER, ReportRuns.debian("w-1", 2, NodeResultStatus.ALREADY_CURRENT, 0, null), List.of());
		this.given.node(runId, "prod", NodeRole.WORKER,
				ReportRuns.debian("w-2", 2, NodeResultStatus.SKIPPED, 0, "apt: dpkg was interrupted"), List.of());
		this.given.node(runId, "prod", NodeRole.WORKER, ReportRuns.debian("w-3", 3, NodeResultStatus.PATCHED, 2, null),
				ReportRuns.packages(2, 1));
		this.given.node(runId, "prod", NodeRole.WORKER,
				ReportRuns.debian("w-4", 3, NodeResultStatus.UNREACHABLE, 0, "ssh: connect to host: timed out"), List.of());
		this.given.node(runId, "prod", NodeRole.WORKER,
				ReportRuns.debian("w-5", 4, NodeResultStatus.FAILED, 0, "held broken packages"), List.of());
		this.given.node(runId, "prod", NodeRole.WORKER, ReportRuns.debian("w-6", 5, NodeResultStatus.NOT_ATTEMPTED, 0, null), List.of());
		long w7 = this.given.node(runId, "prod", NodeRole.WORKER, ReportRuns.debian("w-7", 6, NodeResultStatus.DEFERRED, 0, null),
				List.of());
		long w8 = this.given.node(runId, "prod", NodeRole.WORKER, ReportRuns.debian("w-8", 6, NodeResultStatus.LEFT_OUT, 0, null),
				List.of());
		nodeEvent(runId, w8, Kind.LEFT_OUT, "cordoned by someone else", 61_000);
		nodeEvent(runId, w7, Kind.DEFERRED, "the maintenance window closed", 61_000);
		this.given.event(runId, RunEvent.Kind.STOPPED, "SIGTERM", Duration.ofMinutes(3));
		this.given.event(runId, RunEvent.Kind.RESUMED, "scheduler", Duration.ofMinutes(10));
		this.given.finish(runId, RunOutcome.HALTED, "2 nodes failed, budget 1", Duration.ofSeconds(15 * 60 + 7));

		ReportFiles files = this.reports.render(runId);

		assertThat(files).isEqualTo(this.reports.filesOf("prod", runId));
		assertThat(files.html()).isEqualTo(REPORTS.resolve("prod/" + runId + ".html"));
		Rendered rendered = Rendered.read(files);
		Document html = rendered.html();
		assertThat(facts(html, "run")).containsEntry("Cluster", "prod")
			.containsEntry("Kind", "provisioned")
			.containsEntry("Trigger", "scheduled, fire time 2026-11-26 02:00:00 UTC")
			.containsEntry("Start", "2026-11-26 02:00:00 UTC")
			.containsEntry("End", "2026-11-26 02:15:07 UTC")
			.containsEntry("Duration", "15 min 7 s")
			.containsEntry("Outcome", "halted: 2 nodes failed, budget 1")
			.containsEntry("Interrupted", "stopped 2026-11-26 02:03:00 UTC (SIGTERM), resumed 2026-11-26 02:10:00 UTC");
		assertThat(summary(html)).containsExactly(Map.entry("nodes", 9L), Map.entry("patched", 2L),
				Map.entry("already current", 1L), Map.entry("skipped", 1L), Map.entry("failed", 1L),
				Map.entry("unreachable", 1L), Map.entry("not attempted", 1L), Map.entry("deferred", 1L),
				Map.entry("left out", 1L));
		assertThat(rendered.json().get("summary").get("deferred").asLong()).isOne();
		assertThat(rendered.json().get("summary").get("left_out").asLong()).isOne();
		for (NodeResultStatus status : NodeResultStatus.values()) {
			assertThat(this.results.countByStatus(runId, status)).isEqualTo(rendered.json().get("summary").get(status.value().replace('-', '_')).asLong());
		}
		assertThat(html.getElementById("compliance").text()).isEqualTo("11% (1/9) → 33% (3/9)");
		assertThat(html.getElementById("targets").text()).isEqualTo("Debian 12 → 12.12");
		assertThat(cell(html, "cp-1", 4)).isEqualTo("12.4 → 12.12");
		assertThat(cell(html, "cp-1", 7)).isEqualTo("6.1.0-25-amd64 → 6.1.0-37-amd64");
		assertThat(cell(html, "cp-1", 8)).startsWith("4 (2 security)");
		assertThat(cell(html, "w-4", 3)).isEqualTo("unreachable");
		assertThat(cell(html, "w-2", 3)).isEqualTo("skipped (failed)");
		assertThat(cell(html, "w-2", 13)).isEqualTo("apt: dpkg was interrupted");
		assertThat(cell(html, "w-1", 6)).isEqualTo("yes");
		assertThat(cell(html, "w-6", 6)).isEqualTo("no");
		assertThat(cell(html, "w-7", 3)).isEqualTo("deferred");
		assertThat(cell(html, "w-8", 3)).isEqualTo("left-out");
		assertThat(html.select("table.nodes span.status-deferred, table.nodes span.status-left-out").eachText())
			.containsExactly("deferred", "left-out");
		assertThat(rendered.htmlText()).contains(".status-deferred", ".status-left-out");
		assertThat(eventRows(html)).containsExactly(
				List.of("2026-11-26 02:01:01.000 UTC", "w-8", "worker", "left-out", "cordoned by someone else"),
				List.of("2026-11-26 02:01:01.000 UTC", "w-7", "worker", "deferred", "the maintenance window closed"));
		assertThat(cves(html)).containsExactly(List.of("CVE-2025-1000", "pkg-0", "2"), List.of("CVE-2025-1002", "pkg-2", "1"),
				List.of("CVE-2025-2000", "pkg-0", "1"), List.of("CVE-2025-2001", "pkg-0", "1"), List.of("CVE-2025-2002", "pkg-2", "1"));
		assertThat(html.select("table.nodes tr:has(td.node:matchesOwn(^cp-1$)) td.package-cves").stream().map(Element::text).toList())
			.containsExactly("CVE-2025-1000 CVE-2025-2000", "", "CVE-2025-1002 CVE-2025-2002", "");
		assertSameNodes(runId, rendered);
		assertThat(rendered.json().get("interruptions").get(0).get("kind").asString()).isEqualTo("stopped");
		assertThat(rendered.json().get("cves_fixed").size()).isEqualTo(5);
	}

	@Test
	void aRunOfOneNode() throws IOException {
		long runId = this.given.run("solo", Trigger.ON_DEMAND, "alice", null);
		long only = this.given.node(runId, "solo", NodeRole.CONTROL_PLANE,
				ReportRuns.debian("only", 1, NodeResultStatus.PATCHED, 1, null),
				List.of(new PackageChange("openssl", "3.0.15-1~deb12u1", "3.0.17-1~deb12u2", true, List.of("CVE-2025-9230"))));
		List<Kind> kinds = List.of(Kind.CORDONED, Kind.DRAINED, Kind.PATCHING, Kind.REBOOTED, Kind.PATCHED, Kind.READY,
				Kind.UNCORDONED);
		for (int i = 0; i < kinds.size(); i++) {
			// whole seconds: MySQL keeps fractions, MariaDB through Connector/J does not
			nodeEvent(runId, only, kinds.get(i), (kinds.get(i) == Kind.DRAINED) ? "3 pods evicted" : null, 10_000 + 1_000 * i);
		}
		this.given.finish(runId, RunOutcome.COMPLIANT, null, Duration.ofSeconds(252));

		Rendered rendered = Rendered.read(this.reports.render(runId));

		Document html = rendered.html();
		assertThat(facts(html, "run")).containsEntry("Trigger", "on-demand, launched by alice")
			.containsEntry("Duration", "4 min 12 s")
			.containsEntry("Outcome", "compliant")
			.doesNotContainKey("Interrupted");
		assertThat(html.getElementById("compliance").text()).isEqualTo("0% (0/1) → 100% (1/1)");
		assertThat(html.select("table.nodes > tbody > tr")).hasSize(1);
		assertThat(html.select("td.package-name").eachText()).containsExactly("openssl");
		assertThat(html.select("td.package-change").eachText()).containsExactly("3.0.15-1~deb12u1 → 3.0.17-1~deb12u2");
		assertThat(cves(html)).containsExactly(List.of("CVE-2025-9230", "openssl", "1"));
		assertSameNodes(runId, rendered);
		assertThat(html.selectFirst("#node-events details").hasAttr("open")).as("a short list is shown open").isTrue();
		assertThat(html.selectFirst("#node-events summary").text()).startsWith("7 node events:");
		assertThat(eventRows(html).get(1))
			.containsExactly("2026-11-26 02:00:11.000 UTC", "only", "control-plane", "drained", "3 pods evicted");
		assertThat(eventRows(html)).extracting((row) -> row.get(3))
			.containsExactly("cordoned", "drained", "patching", "rebooted", "patched", "ready", "uncordoned");
		JsonNode drained = rendered.json().get("node_events").get(1);
		assertThat(drained.get("time").asString()).isEqualTo("2026-11-26T02:00:11Z");
		assertThat(drained.get("node").asString()).isEqualTo("only");
		assertThat(drained.get("role").asString()).isEqualTo("control-plane");
		assertThat(drained.get("event").asString()).isEqualTo("drained");
		assertThat(drained.get("detail").asString()).isEqualTo("3 pods evicted");
		assertThat(rendered.json().get("node_events").get(0).get("detail").isNull()).isTrue();
		assertSameNodeEvents(runId, rendered);
	}

	@Test
	void aRunWithoutNodeEventsSaysSoAndItsJsonHasAnEmptyList() throws IOException {
		long runId = this.given.run("quiet", Trigger.ON_DEMAND, "alice", null);
		this.given.node(runId, "quiet", NodeRole.WORKER, ReportRuns.debian("q-1", 1, NodeResultStatus.NOT_ATTEMPTED, 0, null),
				List.of());
		this.given.finish(runId, RunOutcome.HALTED, "budget", Duration.ofSeconds(5));

		Rendered rendered = Rendered.read(this.reports.render(runId));

		assertThat(rendered.html().selectFirst("#node-events").text()).contains("None recorded.");
		assertThat(rendered.html().select("#node-events table")).isEmpty();
		assertThat(rendered.json().get("node_events").isArray()).isTrue();
		assertThat(rendered.json().get("node_events").size()).isZero();
		assertThat(rendered.json().get("nodes").size()).isOne();
	}

	@Test
	void aRunOfFiveHundredNodesListsThemAllInRollingOrder() throws IOException {
		long runId = this.given.run("big", Trigger.BOOT, "boot", null);
		NodeResultStatus[] statuses = NodeResultStatus.values();
		for (int i = 0; i < 500; i++) {
			NodeResultStatus status = (i % 10 < 7) ? NodeResultStatus.PATCHED : statuses[i % statuses.length];
			int packages = (status == NodeResultStatus.PATCHED) ? 1 + i % 5 : 0;
			long nodeId = this.given.node(runId, "big", (i < 3) ? NodeRole.CONTROL_PLANE : NodeRole.WORKER,
					ReportRuns.debian(String.format("node-%03d", 499 - i), 1 + i / 25, status, packages, null),
					ReportRuns.packages(packages, i));
			// a chunk's 25 nodes cordoned in the same millisecond: pages of events break within one instant
			long chunkStart = 60_000L * (i / 25);
			nodeEvent(runId, nodeId, Kind.CORDONED, null, chunkStart);
			if (i == 0) {
				// one more event before the 14th chunk's cordons: the first page ends within them
				nodeEvent(runId, nodeId, Kind.DRAINED, null, chunkStart + 500);
			}
			nodeEvent(runId, nodeId, Kind.PATCHING, null, chunkStart + 1_000);
			nodeEvent(runId, nodeId, Kind.UNCORDONED, null, chunkStart + 50_000);
		}
		this.given.finish(runId, RunOutcome.PARTIAL, "skipped within the failure budget", Duration.ofHours(2).plusMinutes(5));

		Rendered rendered = Rendered.read(this.reports.render(runId));

		assertThat(rendered.html().select("table.nodes > tbody > tr")).hasSize(500);
		assertThat(facts(rendered.html(), "run")).containsEntry("Duration", "2 h 5 min");
		Map<String, Long> summary = summary(rendered.html());
		assertThat(summary.get("nodes")).isEqualTo(500);
		assertThat(summary.get("patched")).isEqualTo(this.results.countByStatus(runId, NodeResultStatus.PATCHED));
		assertThat(summary.get("skipped")).isEqualTo(this.results.countByStatus(runId, NodeResultStatus.SKIPPED));
		assertSameNodes(runId, rendered);
		assertThat(rendered.html().selectFirst("#node-events details").hasAttr("open")).as("a long list is folded").isFalse();
		assertThat(rendered.html().selectFirst("#node-events summary").text()).startsWith("1501 node events:");
		assertSameNodeEvents(runId, rendered);
	}

	@Test
	void hostileTextIsShownAsTextAndNeverRun() throws IOException {
		String script = "<script>alert(1)</script>";
		String version = "1.0\"'&amp;<b>bold</b>";
		String error = "<img src=x onerror=alert(1)> \"quoted\" & 'single' — ünïcødé 漢字 🚀\nsecond line, with a comma";
		String formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
		long runId = this.given.run("hostile", Trigger.ON_DEMAND, "<script>alert('who')</script>", null);
		this.given.node(runId, "hostile", NodeRole.WORKER, ReportRuns.debian("n-1", 1, NodeResultStatus.PATCHED, 2, null),
				List.of(new PackageChange(script, version, "2.0<i>", true, List.of("CVE-2025-0001")),
						new PackageChange(formula, "-1", "+2", false, List.of())));
		this.given.node(runId, "hostile", NodeRole.WORKER, ReportRuns.debian("n-2", 2, NodeResultStatus.FAILED, 0, error), List.of());
		this.given.node(runId, "hostile", NodeRole.WORKER, ReportRuns.debian("n-3", 3, NodeResultStatus.FAILED, 0, formula), List.of());
		// node names are checked when nodes are added; one that got past (an older version, a hand edit) is still text
		this.jdbc.sql("UPDATE nodes SET name = ? WHERE name = 'n-1'").param("<b>n&1</b>").update();
		long n2 = this.jdbc.sql("SELECT id FROM nodes WHERE name = 'n-2'").query(Long.class).single();
		nodeEvent(runId, n2, Kind.SKIPPED, script + " " + error, 5_000);
		this.given.finish(runId, RunOutcome.HALTED, script, Duration.ofMinutes(1));

		Rendered rendered = Rendered.read(this.reports.render(runId));

		Document html = rendered.html();
		assertThat(html.select("script, img, b, i, iframe, object, embed, link[rel=stylesheet], [onerror]")).isEmpty();
		assertThat(html.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
			.isEqualTo("default-src 'none'; style-src 'unsafe-inline'");
		assertThat(html.select("td.node").eachText()).containsExactly("<b>n&1</b>", "n-2", "n-3");
		assertThat(html.select("td.package-name").eachText()).containsExactly(script, formula);
		assertThat(html.select("td.package-change").eachText()).containsExactly(version + " → 2.0<i>", "-1 → +2");
		assertThat(html.select("td.error").get(1).wholeText()).isEqualTo(error);
		assertThat(html.select("table.events td.detail").get(0).wholeText()).isEqualTo(script + " " + error);
		assertThat(rendered.json().get("node_events").get(0).get("detail").asString()).isEqualTo(script + " " + error);
		assertThat(facts(html, "run")).containsEntry("Outcome", "halted: " + script)
			.containsEntry("Trigger", "on-demand, launched by <script>alert('who')</script>");
		assertThat(rendered.htmlText()).doesNotContain("<script", "<img", "<b>");
		JsonNode json = rendered.json();
		assertThat(json.get("nodes").get(0).get("packages").get(0).get("name").asString()).isEqualTo(script);
		assertThat(json.get("nodes").get(1).get("error").asString()).isEqualTo(error);
		List<Map<String, String>> csv = rendered.csv();
		assertThat(csv.get(0)).containsEntry("node", "<b>n&1</b>");
		assertThat(csv.get(0)).containsEntry("packages", script + " " + version + " → 2.0<i> [security]; " + formula + " -1 → +2");
		assertThat(csv.get(1)).containsEntry("error", error);
		assertThat(csv.get(2)).containsEntry("error", "'" + formula);
		assertSameNodes(runId, rendered);
	}

	@Test
	void anEksRunListsItsNodegroupsWhereNodesWouldBeWithHostileErrorsAsText() throws IOException {
		String error = "<img src=x onerror=alert(1)> NodeCreationFailure, \"quoted\"\nsecond line";
		String formula = "=HYPERLINK(\"http://evil.example\",\"x\")";
		long runId = this.given.run("shop", Trigger.ON_DEMAND, "alice", null);
		Instant start = ReportRuns.START;
		this.nodegroups.ended(runId, new NodegroupResult("apps", "1.31.0-20241024", "1.31.3-20241121", "upd-apps",
				NodegroupStatus.SUCCESSFUL, null, start, start.plusSeconds(1260)));
		this.nodegroups.ended(runId, new NodegroupResult("batch", "1.31.3-20241121", "1.31.3-20241121", null,
				NodegroupStatus.CURRENT, null, start, start));
		this.nodegroups.ended(runId, new NodegroupResult("custom", null, null, null, NodegroupStatus.NOT_UPDATABLE,
				formula, null, start));
		this.nodegroups.ended(runId, new NodegroupResult("web", "1.31.0-20241024", null, "upd-web",
				NodegroupStatus.FAILED, error, start, start.plusSeconds(600)));
		this.given.finish(runId, RunOutcome.PARTIAL, "1 node group failed", Duration.ofMinutes(40));

		Rendered rendered = Rendered.read(this.reports.render(runId));

		Document html = rendered.html();
		assertThat(summary(html)).containsExactly(Map.entry("node groups", 4L), Map.entry("up to date", 2L),
				Map.entry("failed", 1L), Map.entry("not updatable", 1L));
		assertThat(html.select("#nodes")).isEmpty();
		assertThat(html.select("table.nodegroups > tbody > tr").stream().map((row) -> row.select("> td").stream().map(Element::text).toList()))
			.containsExactly(List.of("apps", "successful", "1.31.0-20241024 → 1.31.3-20241121", "upd-apps", "21 min", ""),
					List.of("batch", "current", "1.31.3-20241121 → 1.31.3-20241121", "–", "0 s", ""),
					List.of("custom", "not-updatable", "– → –", "–", "–", formula),
					List.of("web", "failed", "1.31.0-20241024 → –", "upd-web", "10 min", error.replace('\n', ' ')));
		assertThat(html.select("td.error").get(3).wholeText()).isEqualTo(error);
		assertThat(html.select("img, [onerror]")).isEmpty();
		assertThat(rendered.htmlText()).doesNotContain("<img");
		JsonNode json = rendered.json();
		assertThat(json.get("nodes").size()).isZero();
		assertThat(json.get("summary").get("nodegroups").asInt()).isEqualTo(4);
		assertThat(json.get("summary").get("nodegroups_up_to_date").asInt()).isEqualTo(2);
		assertThat(json.get("summary").get("nodegroups_failed").asInt()).isEqualTo(1);
		assertThat(json.get("summary").get("nodegroups_not_updatable").asInt()).isEqualTo(1);
		assertThat(json.get("nodegroups").get(3).get("error").asString()).isEqualTo(error);
		assertThat(json.get("nodegroups").get(0).get("duration_seconds").asInt()).isEqualTo(1260);
		assertThat(json.get("nodegroups").get(0).get("compliant").asBoolean()).isTrue();
		List<Map<String, String>> csv = rendered.csv();
		assertThat(csv).hasSize(4);
		assertThat(csv.get(0)).containsEntry("nodegroup", "apps")
			.containsEntry("status", "successful")
			.containsEntry("release_after", "1.31.3-20241121")
			.containsEntry("update_id", "upd-apps")
			.containsEntry("compliant", "yes")
			.containsEntry("duration_seconds", "1260");
		assertThat(csv.get(2)).containsEntry("error", "'" + formula);
		assertThat(csv.get(3)).containsEntry("error", error).containsEntry("compliant", "no");
	}

	@Test
	void anUnknownRunIsRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.reports.render(424242)).withMessage("no run 424242");
	}

	@Test
	void renderingAgainReplacesTheFilesAndLeavesNoTemporaryOnes() throws IOException {
		long runId = this.given.run("again", Trigger.ON_DEMAND, "bob", null);
		this.given.node(runId, "again", NodeRole.WORKER, ReportRuns.debian("a-1", 1, NodeResultStatus.PATCHED, 0, null), List.of());
		ReportFiles first = this.reports.render(runId);
		this.given.finish(runId, RunOutcome.COMPLIANT, null, Duration.ofMinutes(2));

		ReportFiles second = this.reports.render(runId);

		assertThat(second).isEqualTo(first);
		assertThat(Rendered.read(second).html().select("span.outcome").text()).isEqualTo("compliant");
		try (Stream<Path> files = Files.list(second.html().getParent())) {
			assertThat(files.map((file) -> file.getFileName().toString()).filter((name) -> name.startsWith(runId + ".")))
				.containsExactlyInAnyOrder(runId + ".html", runId + ".json", runId + ".csv");
		}
		try (Stream<Path> files = Files.list(second.html().getParent())) {
			assertThat(files.filter((file) -> file.getFileName().toString().endsWith(".tmp"))).isEmpty();
		}
	}

	/** Each node, in the database's rolling order, with the same values in the HTML, the JSON and the CSV. */
	private void assertSameNodes(long runId, Rendered rendered) {
		List<NodeResult> stored = this.results.findByRun(runId);
		List<Element> rows = rendered.html().select("table.nodes > tbody > tr");
		JsonNode json = rendered.json().get("nodes");
		List<Map<String, String>> csv = rendered.csv();
		assertThat(rows).hasSameSizeAs(stored);
		assertThat(json.size()).isEqualTo(stored.size());
		assertThat(csv).hasSameSizeAs(stored);
		for (int i = 0; i < stored.size(); i++) {
			NodeResult node = stored.get(i);
			List<String> cells = rows.get(i).select("> td").eachText();
			String after = RunFigures.versionAfter(node);
			assertThat(cells.get(0)).isEqualTo(Integer.toString(node.chunkNumber()));
			assertThat(cells.get(1)).isEqualTo(node.nodeName());
			assertThat(rows.get(i).selectFirst("td.version").text())
				.isEqualTo((node.versionBefore().equals(after)) ? after : node.versionBefore() + " → " + after);
			assertThat(rows.get(i).select("td.packages .count").text()).isEqualTo(Integer.toString(node.packagesChanged()));
			assertThat(rows.get(i).select("td.package-name")).hasSize(node.packagesChanged());
			assertThat(json.get(i).get("node").asString()).isEqualTo(node.nodeName());
			assertThat(json.get(i).get("status").asString()).isEqualTo(node.status().value()).isEqualTo(csv.get(i).get("status"));
			assertThat(json.get(i).get("os_version_before").asString()).isEqualTo(node.versionBefore());
			assertThat(json.get(i).get("os_version_after").asString()).isEqualTo(after).isEqualTo(csv.get(i).get("os_version_after"));
			assertThat(json.get(i).get("packages_upgraded").asInt()).isEqualTo(node.packagesChanged());
			assertThat(json.get(i).get("packages").size()).isEqualTo(node.packagesChanged());
			assertThat(json.get(i).get("compliant").asBoolean() ? "yes" : "no").isEqualTo(cells.get(6))
				.isEqualTo(csv.get(i).get("compliant"));
			assertThat(csv.get(i)).containsEntry("node", node.nodeName())
				.containsEntry("chunk", cells.get(0))
				.containsEntry("os_version_before", node.versionBefore())
				.containsEntry("packages_upgraded", Integer.toString(node.packagesChanged()))
				.containsEntry("attempts", Integer.toString(node.attempts()));
		}
	}

	/** The node events in the HTML and the JSON, each the database's, in the database's order. */
	private void assertSameNodeEvents(long runId, Rendered rendered) {
		List<NodeEvent> stored = this.nodeEvents.ofRun(runId);
		List<List<String>> rows = eventRows(rendered.html());
		JsonNode json = rendered.json().get("node_events");
		assertThat(rows).hasSameSizeAs(stored);
		assertThat(json.size()).isEqualTo(stored.size());
		for (int i = 0; i < stored.size(); i++) {
			NodeEvent event = stored.get(i);
			assertThat(rows.get(i)).containsExactly(ReportTimes.eventTime(event.at()), event.nodeName(), event.role(),
					event.kind().value(), (event.detail() != null) ? event.detail() : "");
			assertThat(Instant.parse(json.get(i).get("time").asString())).isEqualTo(event.at());
			assertThat(json.get(i).get("node").asString()).isEqualTo(event.nodeName());
			assertThat(json.get(i).get("event").asString()).isEqualTo(event.kind().value());
		}
	}

	private void nodeEvent(long runId, long nodeId, Kind kind, String detail, long afterMillis) {
		this.nodeEvents.record(runId, nodeId, kind, detail, ReportRuns.START.plusMillis(afterMillis));
	}

	private static List<List<String>> eventRows(Document html) {
		// every cell, an empty detail too (eachText leaves empty ones out)
		return html.select("table.events > tbody > tr")
			.stream()
			.map((row) -> row.select("> td").stream().map(Element::text).toList())
			.toList();
	}

	private static Map<String, String> facts(Document html, String id) {
		Map<String, String> facts = new java.util.LinkedHashMap<>();
		for (Element term : html.getElementById(id).select("> dt")) {
			facts.put(term.text(), term.nextElementSibling().text());
		}
		return facts;
	}

	private static Map<String, Long> summary(Document html) {
		Map<String, Long> summary = new java.util.LinkedHashMap<>();
		for (Element card : html.select("#summary .cards li")) {
			summary.put(card.selectFirst(".label").text(), Long.parseLong(card.selectFirst(".value").text()));
		}
		return summary;
	}

	private static List<List<String>> cves(Document html) {
		return html.select("table.cves > tbody > tr").stream().map((row) -> row.select("> td").eachText()).toList();
	}

	private static String cell(Document html, String node, int column) {
		for (Element row : html.select("table.nodes > tbody > tr")) {
			if (row.selectFirst("td.node").text().equals(node)) {
				return row.select("> td").get(column).text();
			}
		}
		throw new AssertionError("no row for node " + node);
	}

	/** The three files of a report, read back. */
	record Rendered(String htmlText, Document html, JsonNode json, List<Map<String, String>> csv) {

		static Rendered read(ReportFiles files) throws IOException {
			String text = Files.readString(files.html());
			List<List<String>> rows = Csv.parse(Files.readString(files.csv()));
			// an EKS run's file lists its node groups, every other run's its nodes
			List<String> header = rows.get(0).contains("nodegroup") ? CsvReportWriter.NODEGROUP_HEADER
					: CsvReportWriter.HEADER;
			assertThat(rows.get(0)).isEqualTo(header);
			List<Map<String, String>> csv = new ArrayList<>();
			for (List<String> row : rows.subList(1, rows.size())) {
				assertThat(row).hasSameSizeAs(header);
				Map<String, String> values = new HashMap<>();
				IntStream.range(0, row.size()).forEach((i) -> values.put(header.get(i), row.get(i)));
				csv.add(values);
			}
			return new Rendered(text, Jsoup.parse(text), JsonMapper.builder().build().readTree(Files.readString(files.json())), csv);
		}

	}

}
