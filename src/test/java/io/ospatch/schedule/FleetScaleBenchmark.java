package io.ospatch.schedule;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ospatch.OspatchApplication;
import io.ospatch.ansible.PlaybookRun;
import io.ospatch.ansible.PlaybookRunner;
import io.ospatch.cluster.Cluster;
import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.UtcTimes;
import io.ospatch.rollout.ClusterPlan;
import io.ospatch.rollout.PlanService;
import io.ospatch.support.BenchmarkRounds;
import io.ospatch.support.BenchmarkRounds.Round;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What a large fleet costs ospatch's own machinery, on the fleet {@code bench/scale} bulk-inserts
 * into a MySQL/MariaDB database (the datasource from {@code SPRING_DATASOURCE_URL}/{@code _USERNAME}/
 * {@code _PASSWORD}): the time and heap of finding the clusters due at an instant ({@link FireTimes#due},
 * where {@code ospatch scheduled} starts) and of planning the chunks of every patchable cluster
 * ({@link PlanService#plan}, what {@code ospatch plan} and {@code patch --all --dry-run} do, with a
 * playbook runner that contacts no node, so that every node is planned as "no result from
 * os-facts.yml"). Also prints the {@code EXPLAIN} of the due query and whether it reads its index.
 * Not a test (the suite does not run it): {@code bench/scale} starts it with {@code -Xmx256m}, so that
 * the heap limit is part of the check.
 *
 * <p>It lives in this package for {@link NextFireTimes#dueQuery}, the query text it explains.
 *
 * <pre>
 * java -Xmx256m -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.ospatch.schedule.FleetScaleBenchmark [rounds]
 * </pre>
 */
public final class FleetScaleBenchmark {

	/** The fire times are armed as of this instant (a Wednesday): each cluster's next one after it. */
	static final Instant ARMED_AT = Instant.parse("2026-11-25T12:00:00Z");

	/** The instant the due clusters are selected at, a week later: weekly and monthly schedules have fired. */
	static final Instant DUE_AT = Instant.parse("2026-12-02T12:00:00Z");

	private FleetScaleBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 3;
		PrintStream out = System.out;
		BenchmarkRounds.progress("starting ospatch's Spring context on " + System.getenv("SPRING_DATASOURCE_URL"));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(OspatchApplication.class,
				NoNodeContacted.class)
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			// the production default, which the tests' configuration turns off
			.run("--ospatch.rollout.canary=true", "--logging.level.root=WARN", "--logging.level.io.ospatch=WARN")) {
			FireTimes fireTimes = context.getBean(FireTimes.class);
			FleetService fleet = context.getBean(FleetService.class);
			PlanService plans = context.getBean(PlanService.class);
			JdbcClient jdbc = context.getBean(JdbcClient.class);

			BenchmarkRounds.progress("arming each cluster's next fire time after " + ARMED_AT);
			int dueWhenArmed = fireTimes.due(ARMED_AT, null).size();
			if (dueWhenArmed != 0) {
				throw new IllegalStateException(dueWhenArmed + " cluster(s) due at " + ARMED_AT
						+ " right after arming: the fleet was not freshly inserted");
			}
			jdbc.sql("ANALYZE TABLE next_fire_times").query((rs) -> {
			});
			explain(out, jdbc);

			BenchmarkRounds.progress("warm-up: due selection and planning once");
			dueSelection(fireTimes);
			planAll(fleet, plans);

			List<Round> due = new ArrayList<>();
			List<Round> plan = new ArrayList<>();
			List<Round> both = new ArrayList<>();
			String[] dueDescription = new String[1];
			String[] planDescription = new String[1];
			for (int round = 1; round <= rounds; round++) {
				BenchmarkRounds.progress("round " + round + "/" + rounds + ": due selection, planning");
				due.add(BenchmarkRounds.measure(() -> dueSelection(fireTimes), dueDescription));
				plan.add(BenchmarkRounds.measure(() -> planAll(fleet, plans), planDescription));
				Round last = due.get(due.size() - 1);
				Round planned = plan.get(plan.size() - 1);
				both.add(new Round(last.seconds() + planned.seconds(), last.cpuSeconds() + planned.cpuSeconds(),
						Math.max(last.peakHeapMib(), planned.peakHeapMib())));
			}
			out.println();
			out.printf("Database scale: median of %d round(s) (min-max), after a warm-up; heap max %d MiB%n", rounds,
					Runtime.getRuntime().maxMemory() >> 20);
			BenchmarkRounds.printHeader(out);
			BenchmarkRounds.printRow(out, "due selection at " + DUE_AT + " (" + dueDescription[0] + ")", due);
			BenchmarkRounds.printRow(out, "plan every cluster (" + planDescription[0] + ")", plan);
			BenchmarkRounds.printRow(out, "due selection + planning", both);
			BenchmarkRounds.printTarget(out, "scale-due-plus-plan-seconds", BenchmarkRounds.median(both, Round::seconds), 5,
					"%.3f");
			BenchmarkRounds.printTarget(out, "scale-peak-heap-mib", BenchmarkRounds.max(both, Round::peakHeapMib), 256,
					"%.0f");
		}
	}

	private static String dueSelection(FireTimes fireTimes) {
		List<FireTimes.Due> due = fireTimes.due(DUE_AT, null);
		long passedBy = due.stream().filter((cluster) -> cluster.passedBy() != null).count();
		return due.size() + " clusters due" + ((passedBy > 0) ? ", " + passedBy + " passed by" : "");
	}

	/**
	 * Like {@code ospatch patch --all --dry-run} ({@code PlanCommand.printPlans}): every patchable
	 * cluster as listed, planned one after the other; each plan is dropped once counted.
	 */
	private static String planAll(FleetService fleet, PlanService plans) {
		int clusters = 0;
		int nodes = 0;
		int chunks = 0;
		for (Cluster cluster : fleet.clusters()) {
			if (cluster.kind().patchRefusal().isPresent() || cluster.kind().updatesNodegroups()) {
				continue;
			}
			ClusterPlan plan = plans.plan(cluster);
			clusters++;
			chunks += plan.chunks().size();
			nodes += plan.chunks().stream().mapToInt((chunk) -> chunk.nodes().size()).sum();
		}
		return clusters + " clusters, " + nodes + " nodes, " + chunks + " chunks";
	}

	/** The plan of the due query at {@link #DUE_AT}, and whether it reads {@code next_fire_times_due_ix}. */
	private static void explain(PrintStream out, JdbcClient jdbc) {
		List<Map<String, Object>> plan = jdbc.sql("EXPLAIN " + NextFireTimes.dueQuery(false))
			.param("now", UtcTimes.toDb(DUE_AT))
			.query()
			.listOfRows();
		out.println("EXPLAIN of the due query (NextFireTimes.dueQuery) at " + DUE_AT + ":");
		List<String> columns = List.of("id", "select_type", "table", "type", "possible_keys", "key", "rows", "Extra");
		List<List<String>> lines = new ArrayList<>();
		lines.add(columns);
		String fireTimesAccess = null;
		for (Map<String, Object> row : plan) {
			lines.add(columns.stream().map((column) -> value(row, column)).toList());
			if ("n".equals(value(row, "table"))) {
				fireTimesAccess = value(row, "type") + " on " + value(row, "key");
			}
		}
		int[] widths = new int[columns.size()];
		lines.forEach((line) -> {
			for (int i = 0; i < widths.length; i++) {
				widths[i] = Math.max(widths[i], line.get(i).length());
			}
		});
		for (List<String> line : lines) {
			StringBuilder text = new StringBuilder(" ");
			for (int i = 0; i < widths.length; i++) {
				text.append(' ').append(String.format("%-" + widths[i] + "s", line.get(i)));
			}
			out.println(text.toString().stripTrailing());
		}
		boolean indexed = fireTimesAccess != null && fireTimesAccess.endsWith(" on next_fire_times_due_ix");
		out.println("due query index: " + (indexed ? "next_fire_times_due_ix used (" + fireTimesAccess + ")"
				: "next_fire_times_due_ix NOT used (" + fireTimesAccess + ")"));
	}

	private static String value(Map<String, Object> row, String column) {
		return row.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().equalsIgnoreCase(column))
			.map((entry) -> String.valueOf(entry.getValue()))
			.findFirst()
			.orElse("-");
	}

	/**
	 * Planning reads no node: the runner of {@code os-facts.yml} answers at once, with no host. A test
	 * configuration, so that no test's component scan picks it up.
	 */
	@TestConfiguration(proxyBeanMethods = false)
	static class NoNodeContacted {

		@Bean
		@Primary
		PlaybookRunner noNodeContacted() {
			return (request) -> new PlaybookRun(0, Map.of(), Duration.ZERO);
		}

	}

}
