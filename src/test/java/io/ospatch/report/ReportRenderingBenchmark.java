package io.ospatch.report;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ospatch.OspatchApplication;
import io.ospatch.cluster.ClusterSettings;
import io.ospatch.cluster.FleetService;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunRepository;
import io.ospatch.run.Trigger;
import io.ospatch.support.BenchmarkRounds;
import io.ospatch.support.BenchmarkRounds.Round;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Renders the report of a synthetic 10,000-node run (10 packages per patched node, 100,000 package
 * rows, some with CVE ids) from an H2 file database, and prints how long it took and the heap's peak
 * while rendering, as a row of {@code bench/scale}'s table (median and min-max over the rounds, after
 * a warm-up) with its targets. Not a test (the suite does not run it); {@code bench/scale} starts it
 * with {@code -Xmx256m}; run it by hand with a smaller heap to show that the report streams:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx128m -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.ospatch.report.ReportRenderingBenchmark [nodes [rounds]]
 * </pre>
 *
 * The database lives in {@code target/report-benchmark/} (a file, so that its rows are not counted
 * as the renderer's heap), the report in {@code target/report-benchmark/reports/}.
 */
public final class ReportRenderingBenchmark {

	private static final Path DIR = Path.of("target/report-benchmark");

	private ReportRenderingBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int nodes = (args.length > 0) ? Integer.parseInt(args[0]) : 10_000;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		PrintStream out = System.out;
		FileSystemUtils.deleteRecursively(DIR);
		Files.createDirectories(DIR);
		BenchmarkRounds.progress("starting ospatch's Spring context on an H2 file database in " + DIR);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OspatchApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--spring.datasource.url=jdbc:h2:file:" + DIR.toAbsolutePath() + "/db;MODE=MySQL;DATABASE_TO_LOWER=TRUE",
					"--spring.datasource.username=sa", "--spring.datasource.password=",
					"--ospatch.reports-dir=" + DIR.resolve("reports").toAbsolutePath(), "--logging.level.root=WARN")) {
			BenchmarkRounds.progress("inserting a run of " + nodes + " nodes");
			long runId = syntheticRun(context, nodes);
			RunReports reports = context.getBean(RunReports.class);
			BenchmarkRounds.progress("warm-up: rendering once");
			reports.render(runId); // classes loaded, template parsed and cached
			List<Round> renderings = new ArrayList<>();
			String[] sizes = new String[1];
			for (int round = 1; round <= rounds; round++) {
				BenchmarkRounds.progress("round " + round + "/" + rounds + ": rendering the report");
				renderings.add(BenchmarkRounds.measure(() -> {
					ReportFiles files = reports.render(runId);
					return "html " + (Files.size(files.html()) >> 10) + " KiB, json " + (Files.size(files.json()) >> 10)
							+ " KiB, csv " + (Files.size(files.csv()) >> 10) + " KiB";
				}, sizes));
			}
			out.println();
			out.printf("Reports: a run of %d nodes, %d package rows (H2 file database); median of %d round(s) (min-max), "
					+ "after a warm-up; heap max %d MiB%n", nodes, packageRows(context), rounds,
					Runtime.getRuntime().maxMemory() >> 20);
			BenchmarkRounds.printHeader(out);
			BenchmarkRounds.printRow(out, "render HTML, JSON, CSV (" + sizes[0] + ")", renderings);
			BenchmarkRounds.printTarget(out, "report-seconds", BenchmarkRounds.median(renderings, Round::seconds), 2,
					"%.3f");
			BenchmarkRounds.printTarget(out, "report-peak-heap-mib", BenchmarkRounds.max(renderings, Round::peakHeapMib),
					256, "%.0f");
		}
	}

	private static long syntheticRun(ConfigurableApplicationContext context, int count) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		long clusterId = context.getBean(FleetService.class).addCluster("bench", ClusterSettings.none()).id();
		long runId = context.getBean(RunRepository.class)
			.create(UUID.randomUUID().toString(), clusterId, Trigger.SCHEDULED, "scheduler", ReportRuns.START, ReportRuns.START);
		Timestamp now = Timestamp.valueOf(LocalDateTime.of(2026, 11, 26, 2, 0));
		List<Object[]> nodes = new ArrayList<>();
		List<Object[]> results = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			nodes.add(new Object[] { clusterId, "node-" + i, "10.1." + (i / 250) + "." + (i % 250), (i < 3) ? "control-plane" : "worker", now });
		}
		jdbc.batchUpdate("""
				INSERT INTO nodes (cluster_id, name, address, ssh_port, role, state, distribution, created_at, updated_at)
				VALUES (?, ?, ?, 22, ?, 'ready', 'Debian', ?, ?)""", nodes.stream()
			.map((row) -> new Object[] { row[0], row[1], row[2], row[3], row[4], row[4] })
			.toList());
		List<Long> nodeIds = jdbc.queryForList("SELECT id FROM nodes WHERE cluster_id = ? ORDER BY id", Long.class, clusterId);
		for (int i = 0; i < count; i++) {
			boolean patched = i % 20 != 0;
			results.add(new Object[] { runId, nodeIds.get(i), 1 + i / 100, patched ? "patched" : "skipped", patched ? null : "failed",
					"12.4", "6.1.0-25-amd64", patched ? "12.12" : null, patched ? "6.1.0-37-amd64" : null, patched ? "12.12" : null,
					patched ? 10 : 0, patched ? "kubelet,kubeadm" : null, patched, 1,
					patched ? null : "E: Sub-process /usr/bin/dpkg returned an error code (1)", now, now });
		}
		jdbc.batchUpdate("""
				INSERT INTO node_results (run_id, node_id, chunk_number, status, failure, distribution, os_version_before,
				       kernel_before, os_version_after, kernel_after, target_version, packages_changed, held_packages, rebooted,
				       attempts, error_text, started_at, ended_at)
				VALUES (?, ?, ?, ?, ?, 'Debian', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", results);
		List<Object[]> packages = new ArrayList<>();
		for (Long resultId : jdbc.queryForList("SELECT id FROM node_results WHERE run_id = ? AND status = 'patched'", Long.class, runId)) {
			for (int p = 0; p < 10; p++) {
				packages.add(new Object[] { resultId, "package-" + p, "1." + p + "-1+deb12u1", "1." + p + "-1+deb12u2", p % 3 == 0,
						(p % 3 == 0) ? "CVE-2025-" + (1000 + p) + " CVE-2025-" + (5000 + (resultId % 40)) : null });
			}
			if (packages.size() >= 10_000) {
				insertPackages(jdbc, packages);
			}
		}
		insertPackages(jdbc, packages);
		context.getBean(RunRepository.class).finish(runId, RunOutcome.PARTIAL, "500 nodes skipped", ReportRuns.START.plusSeconds(4 * 3600));
		return runId;
	}

	private static void insertPackages(JdbcTemplate jdbc, List<Object[]> packages) {
		jdbc.batchUpdate("""
				INSERT INTO node_result_packages (result_id, name, from_version, to_version, security, cves)
				VALUES (?, ?, ?, ?, ?, ?)""", packages);
		packages.clear();
	}

	private static long packageRows(ConfigurableApplicationContext context) {
		return context.getBean(JdbcTemplate.class).queryForObject("SELECT COUNT(*) FROM node_result_packages", Long.class);
	}

}
