package io.ospatch.cli;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.cluster.UtcTimes;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.NodeEvent.Kind;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupResultRepository;
import io.ospatch.run.NodegroupStatus;
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

	@Autowired
	NodegroupResultRepository nodegroups;

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

	@Test
	void anEksRunShowsItsNodegroupsWhereNodesWouldBe() {
		// given
		long eksRun = eksRunWithNodegroups();

		// when
		CliRunner.Result text = run("runs", "--id", Long.toString(eksRun));
		CliRunner.Result json = run("runs", "--id", Long.toString(eksRun), "--format", "json");
		CliRunner.Result list = run("runs");

		// then
		assertThat(text.exitCode()).as(text.err()).isZero();
		assertThat(text.out()).contains("run " + eksRun + " of shop: partial")
			.contains("  node groups: 1 successful, 1 failed")
			.doesNotContain("  nodes:")
			.contains("  NODEGROUP                    STATUS        BEFORE                 AFTER                  UPDATE")
			.contains("  apps                         successful    1.31.0-20241024        1.31.3-20241121        "
					+ "upd-apps                             21m 0s     ")
			.contains("  web                          failed        1.31.0-20241024        -                      "
					+ "upd-web                              -          NodeCreationFailure: instances failed to join");
		JsonNode object = JsonMapper.builder().build().readTree(json.out());
		assertThat(object.get("nodes").isEmpty()).isTrue();
		assertThat(object.get("nodegroups")).hasSize(2);
		JsonNode web = object.get("nodegroups").get(1);
		assertThat(names(web)).containsExactly("name", "status", "releaseBefore", "releaseAfter", "updateId", "error",
				"started", "ended");
		assertThat(web.get("status").asString()).isEqualTo("failed");
		assertThat(web.get("error").asString()).isEqualTo("NodeCreationFailure: instances failed\n to join");
		assertThat(list.exitCode()).as(list.err()).isZero();
		assertThat(list.out().lines()).anySatisfy((line) -> assertThat(line).startsWith(eksRun + " ")
			.contains("shop")
			.endsWith("partial    node groups: 1 successful, 1 failed"));
	}

	/** An eks cluster's run as the EKS job leaves it: node-group results, no node results. */
	private long eksRunWithNodegroups() {
		this.jdbc.sql("INSERT INTO clusters (name, kind, timezone, patch_on_boot, max_unavailable, failure_budget, "
				+ "created_at, updated_at, eks_cluster_name, eks_region) VALUES ('shop', 'eks', 'UTC', FALSE, '1', '1', ?, ?, 'prod', 'eu-west-1')")
			.params(LocalDateTime.now(ZoneOffset.UTC), LocalDateTime.now(ZoneOffset.UTC))
			.update();
		long clusterId = this.jdbc.sql("SELECT id FROM clusters WHERE name = 'shop'").query(Long.class).single();
		this.jdbc.sql("""
				INSERT INTO patch_runs (launch_id, cluster_id, trigger_type, launched_by, started_at, ended_at, outcome)
				VALUES ('eks-launch', ?, 'on-demand', 'someone@somewhere', ?, ?, 'partial')""")
			.params(clusterId, UtcTimes.toDb(T0), UtcTimes.toDb(T0.plusSeconds(3600)))
			.update();
		long eksRun = this.jdbc.sql("SELECT id FROM patch_runs WHERE launch_id = 'eks-launch'").query(Long.class).single();
		this.nodegroups.ended(eksRun, new NodegroupResult("web", "1.31.0-20241024", null, "upd-web", NodegroupStatus.FAILED,
				"NodeCreationFailure: instances failed\n to join", T0, null));
		this.nodegroups.ended(eksRun, new NodegroupResult("apps", "1.31.0-20241024", "1.31.3-20241121", "upd-apps",
				NodegroupStatus.SUCCESSFUL, null, T0, T0.plusSeconds(1260)));
		return eksRun;
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
