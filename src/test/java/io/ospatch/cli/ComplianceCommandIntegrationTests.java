package io.ospatch.cli;

import java.time.Instant;
import java.util.List;

import io.ospatch.report.FleetScenario;
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
 * {@code ospatch compliance}: the fleet table, failed and halted clusters first, with the fleet total;
 * {@code --format json} the same figures under the documented keys. Changes nothing.
 */
@SpringBootTest
class ComplianceCommandIntegrationTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	FleetScenario fleet;

	@BeforeEach
	void cleanDatabase() {
		DatabaseCleaner.clean(this.jdbc);
		this.fleet = new FleetScenario(this.context);
	}

	@Test
	void printsTheFleetTableFailedAndHaltedFirstAndTheTotal() {
		// given
		givenAFleet();
		List<Long> before = DatabaseCleaner.rowCounts(this.jdbc);

		// when
		CliRunner.Result compliance = run("compliance");

		// then
		assertThat(compliance.exitCode()).as(compliance.err()).isZero();
		assertThat(compliance.err()).isEmpty();
		List<String> lines = compliance.out().lines().map((line) -> line.strip().replaceAll("\\s+", " ")).toList();
		assertThat(lines.get(0)).isEqualTo("CLUSTER KIND NODES COMPLIANT SHARE RUN OUTCOME NEXT PATCH");
		assertThat(lines.subList(1, 5)).extracting((line) -> line.split(" ")[0])
			.containsExactly("bravo", "alpha", "delta", "legacy");
		assertThat(lines.get(1)).startsWith("bravo provisioned 2 1 50.0% ").contains(" halted -");
		assertThat(lines.get(2)).startsWith("alpha provisioned 3 2 66.6% ").contains(" partial 20").endsWith("+01:00");
		assertThat(lines.get(3)).isEqualTo("delta provisioned 1 - - - never patched -");
		assertThat(lines.get(4)).isEqualTo("legacy imported 1 - - - not patched -");
		assertThat(lines.get(5)).isEqualTo("fleet: 3 of 5 nodes compliant (60.0%) in 2 measured clusters");
		assertThat(lines.get(6)).startsWith("not patched by ospatch: legacy (imported): imported clusters are managed");
		assertThat(lines).hasSize(7);
		assertThat(DatabaseCleaner.rowCounts(this.jdbc)).isEqualTo(before);
	}

	@Test
	void jsonCarriesTheSameFiguresUnderTheDocumentedKeys() {
		// given
		givenAFleet();

		// when
		CliRunner.Result compliance = run("compliance", "--format", "json");

		// then
		assertThat(compliance.exitCode()).as(compliance.err()).isZero();
		JsonNode json = JsonMapper.builder().build().readTree(compliance.out());
		assertThat(json.propertyNames()).containsExactly("clusters", "fleet");
		JsonNode clusters = json.get("clusters");
		assertThat(clusters).hasSize(4);
		assertThat(clusters.get(0).propertyNames()).containsExactly("cluster", "kind", "nodes", "compliant", "share",
				"complianceRun", "latestRun", "schedule", "timezone", "nextPatch", "nextPatchLocal", "refusal", "unit");
		assertThat(clusters.get(0).get("unit").asString()).isEqualTo("nodes");
		JsonNode bravo = clusters.get(0);
		assertThat(bravo.get("cluster").asString()).isEqualTo("bravo");
		assertThat(bravo.get("latestRun").get("outcome").asString()).isEqualTo("halted");
		assertThat(bravo.get("latestRun").get("detail").asString()).isEqualTo("budget");
		assertThat(bravo.get("share").asDouble()).isEqualTo(0.5);
		assertThat(bravo.get("nextPatch").isNull()).isTrue();
		JsonNode alpha = clusters.get(1);
		assertThat(alpha.get("nodes").asLong()).isEqualTo(3);
		assertThat(alpha.get("compliant").asLong()).isEqualTo(2);
		assertThat(alpha.get("complianceRun").asLong()).isEqualTo(alpha.get("latestRun").get("id").asLong());
		assertThat(alpha.get("schedule").asString()).isEqualTo("weekly");
		assertThat(alpha.get("timezone").asString()).isEqualTo("Europe/Berlin");
		assertThat(Instant.parse(alpha.get("nextPatch").asString())).isAfter(Instant.parse("2026-01-01T00:00:00Z"));
		assertThat(alpha.get("nextPatchLocal").asString()).endsWith("T00:00:00+01:00");
		JsonNode delta = clusters.get(2);
		assertThat(delta.get("latestRun").isNull()).isTrue();
		assertThat(delta.get("compliant").isNull()).isTrue();
		assertThat(delta.get("share").isNull()).isTrue();
		assertThat(clusters.get(3).get("refusal").asString()).contains("managed by their own tooling");
		JsonNode total = json.get("fleet");
		assertThat(total.propertyNames()).containsExactly("clusters", "nodes", "compliant", "share", "nodegroups",
				"compliantNodegroups", "nodegroupShare");
		assertThat(total.get("nodegroups").asLong()).isZero();
		assertThat(total.get("nodegroupShare").isNull()).isTrue();
		assertThat(total.get("clusters").asLong()).isEqualTo(2);
		assertThat(total.get("nodes").asLong()).isEqualTo(5);
		assertThat(total.get("compliant").asLong()).isEqualTo(3);
		assertThat(total.get("share").asDouble()).isEqualTo(0.6);
	}

	@Test
	void anEmptyFleetSaysSo() {
		assertThat(run("compliance").out()).isEqualTo("no clusters\n");
		JsonNode json = JsonMapper.builder().build().readTree(run("compliance", "--format", "json").out());
		assertThat(json.get("clusters")).isEmpty();
		assertThat(json.get("fleet").get("share").isNull()).isTrue();
	}

	@Test
	void anUnknownFormatIsAUsageError() {
		CliRunner.Result compliance = run("compliance", "--format", "xml");

		assertThat(compliance.exitCode()).isEqualTo(2);
		assertThat(compliance.err().lines().findFirst()).hasValueSatisfying(
				(line) -> assertThat(line).startsWith("ospatch: ").contains("xml"));
		assertThat(compliance.out()).isEmpty();
	}

	@Test
	void helpDocumentsTheJsonKeys() {
		CliRunner.Result help = run("compliance", "--help");

		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("clusters: [{cluster, kind, nodes, compliant", "complianceRun", "latestRun ({id,",
				"nextPatchLocal", "refusal", "fleet: {clusters (measured), nodes, compliant, share}", "Exit codes:");
		assertThat(run("report", "--help").out()).contains("--run=ID", "--cluster=NAME", "Exit codes:");
	}

	private void givenAFleet() {
		this.fleet.cluster("alpha", 3, "--schedule", "weekly", "--timezone", "Europe/Berlin")
			.cluster("bravo", 2)
			.cluster("delta", 1)
			.cluster("legacy", 1, "--kind", "imported");
		this.fleet.run("alpha", RunOutcome.PARTIAL, null, 2);
		this.fleet.run("bravo", RunOutcome.HALTED, "budget", 1);
	}

	private CliRunner.Result run(String... args) {
		return CliRunner.run(this.context, args);
	}

}
