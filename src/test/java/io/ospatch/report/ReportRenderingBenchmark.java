package io.ospatch.report;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
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

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * Renders the report of a synthetic 10,000-node run (10 packages per patched node, 100,000 package
 * rows, some with CVE ids) from an H2 file database, and prints how long it took and the heap's peak
 * while rendering. Not a test (the suite does not run it); run it with a small heap to show that the
 * report streams:
 *
 * <pre>
 * mvn -B -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -Xmx128m -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.ospatch.report.ReportRenderingBenchmark [nodes]
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
		FileSystemUtils.deleteRecursively(DIR);
		Files.createDirectories(DIR);
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OspatchApplication.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.run("--spring.datasource.url=jdbc:h2:file:" + DIR.toAbsolutePath() + "/db;MODE=MySQL;DATABASE_TO_LOWER=TRUE",
					"--spring.datasource.username=sa", "--spring.datasource.password=",
					"--ospatch.reports-dir=" + DIR.resolve("reports").toAbsolutePath(), "--logging.level.root=WARN")) {
			long runId = syntheticRun(context, nodes);
			RunReports reports = context.getBean(RunReports.class);
			reports.render(runId); // warm-up: classes loaded, template parsed and cached
			System.gc();
			long baseline = heapUsed();
			ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			long cpuStart = threads.getCurrentThreadCpuTime();
			long start = System.nanoTime();
			ReportFiles files = reports.render(runId);
			double seconds = (System.nanoTime() - start) / 1e9;
			double cpuSeconds = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
			long peak = ManagementFactory.getMemoryPoolMXBeans()
				.stream()
				.filter((pool) -> pool.getType() == MemoryType.HEAP)
				.mapToLong((pool) -> pool.getPeakUsage().getUsed())
				.sum();
			System.out.printf("nodes: %d, packages: %d%n", nodes, packageRows(context));
			System.out.printf("rendered in %.2f s, %.2f s CPU of the rendering thread (html %d KB, json %d KB, csv %d KB)%n", seconds,
					cpuSeconds, Files.size(files.html()) / 1024, Files.size(files.json()) / 1024, Files.size(files.csv()) / 1024);
			System.out.printf("heap: max %d MB, used before %d MB, peak while rendering %d MB (sum of the pools' peaks)%n",
					Runtime.getRuntime().maxMemory() >> 20, baseline >> 20, peak >> 20);
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

	private static long heapUsed() {
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
