package io.ospatch.cli;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.NodeEvent.Kind;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.RunOutcome;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ospatch runs --id N --events}: a run's node events in time order, as a table or as JSON
 * Lines (one object per line, nothing else on stdout). Without {@code --id}, or for an unknown run,
 * it is bad input: exit 2, one line, nothing on stdout.
 */
@SpringBootTest
class RunsCommandIntegrationTests {

	/** Events at whole seconds: MySQL keeps fractions of a second, MariaDB through Connector/J drops them. */
	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NodeEvents events;

	@Autowired
	FleetService fleet;

	long runId;

	@BeforeEach
	void aRunWithNodeEvents() {
		DatabaseCleaner.clean(this.jdbc);
		FleetScenario scenario = new FleetScenario(this.context).cluster("alpha", 2);
		this.runId = scenario.run("alpha", RunOutcome.PARTIAL, "1 node skipped", 1);
	}

	@Test
	void eventsAsTextAreATableInTimeOrder() {
		// given: recorded out of order, w-2's at the same instant as w-1's uncordon
		record("w-2", Kind.SKIPPED, "drain blocked:\n  default/db-0 (PodDisruptionBudget)", 5_000);
		record("w-1", Kind.CORDONED, null, 0);
		record("w-1", Kind.PATCHING, null, 1_000);
		record("w-1", Kind.UNCORDONED, null, 5_000);

		// when
		CliRunner.Result result = run("runs", "--id", Long.toString(this.runId), "--events");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.err()).isEmpty();
		assertThat(result.out().lines()).containsExactly(
				"TIME (UTC)               NODE                   ROLE          EVENT      DETAIL",
				"2026-11-26T10:00:00.000Z w-1                    worker        cordoned",
				"2026-11-26T10:00:01.000Z w-1                    worker        patching",
				"2026-11-26T10:00:05.000Z w-2                    worker        skipped    drain blocked: default/db-0 (PodDisruptionBudget)",
				"2026-11-26T10:00:05.000Z w-1                    worker        uncordoned");
	}

	@Test
	void eventsAsJsonAreOneObjectPerLineAndNothingElse() {
		// given
		record("w-1", Kind.CORDONED, null, 0);
		record("w-1", Kind.FAILED, "not Ready 10m after the playbook: left cordoned", 61_000);

		// when
		CliRunner.Result result = run("runs", "--id", Long.toString(this.runId), "--events", "--format", "json");

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		List<String> lines = result.out().lines().toList();
		assertThat(lines).hasSize(2).allSatisfy((line) -> assertThat(line).startsWith("{").endsWith("}"));
		JsonMapper json = JsonMapper.builder().build();
		JsonNode first = json.readTree(lines.get(0));
		JsonNode second = json.readTree(lines.get(1));
		assertThat(names(first)).containsExactly("time", "node", "role", "event", "detail");
		assertThat(first.get("time").asString()).isEqualTo("2026-11-26T10:00:00Z");
		assertThat(first.get("node").asString()).isEqualTo("w-1");
		assertThat(first.get("role").asString()).isEqualTo("worker");
		assertThat(first.get("event").asString()).isEqualTo("cordoned");
		assertThat(first.get("detail").isNull()).as("detail is null when there is none").isTrue();
		assertThat(Instant.parse(second.get("time").asString())).isEqualTo(T0.plusMillis(61_000));
		assertThat(json.convertValue(second, Map.class)).containsEntry("event", "failed")
			.containsEntry("detail", "not Ready 10m after the playbook: left cordoned");
	}

	@Test
	void aRunWithoutNodeEventsSaysSoInTextAndPrintsNothingInJson() {
		CliRunner.Result text = run("runs", "--id", Long.toString(this.runId), "--events");
		CliRunner.Result json = run("runs", "--id", Long.toString(this.runId), "--events", "--format", "json");

		assertThat(text.exitCode()).as(text.err()).isZero();
		assertThat(text.out()).isEqualTo("no node events\n");
		assertThat(json.exitCode()).as(json.err()).isZero();
		assertThat(json.out()).isEmpty();
	}

	@Test
	void eventsWithoutARunOrOfAnUnknownOneAreBadInput() {
		assertRefused(run("runs", "--events"), "ospatch: --events shows one run's node events: give --id N");
		assertRefused(run("runs", "--events", "--cluster", "alpha", "--format", "json"),
				"ospatch: --events shows one run's node events: give --id N");
		assertRefused(run("runs", "--id", "987654321", "--events"), "ospatch: no run 987654321");
	}

	@Test
	void theRunWholeStillShowsItsRunEventsNotItsNodeEvents() {
		// given
		record("w-1", Kind.CORDONED, null, 0);

		// when
		CliRunner.Result result = run("runs", "--id", Long.toString(this.runId));

		// then
		assertThat(result.exitCode()).as(result.err()).isZero();
		assertThat(result.out()).contains("run " + this.runId + " of alpha: partial").doesNotContain("cordoned");
	}

	private void record(String node, Kind kind, String detail, long afterMillis) {
		Node found = this.fleet.nodes(this.fleet.cluster("alpha"))
			.stream()
			.filter((candidate) -> candidate.name().equals(node))
			.findFirst()
			.orElseThrow();
		this.events.record(this.runId, found.id(), kind, detail, T0.plusMillis(afterMillis));
	}

	private static List<String> names(JsonNode object) {
		return object.propertyNames().stream().toList();
	}

	private static void assertRefused(CliRunner.Result result, String line) {
		assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
		assertThat(result.err().lines()).singleElement().asString().startsWith(line);
		assertThat(result.err()).doesNotContain("\tat ");
		assertThat(result.out()).isEmpty();
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
