package io.ospatch.support;

import java.time.Instant;

import io.ospatch.cluster.FleetService;
import io.ospatch.cluster.Node;
import io.ospatch.report.FleetScenario;
import io.ospatch.run.NodeEvent.Kind;
import io.ospatch.run.NodeEvents;
import io.ospatch.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The checker reading runs' node events from the database, as process tests use it. */
@SpringBootTest
class OutOfServiceIntegrationTests {

	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	NodeEvents events;

	@Autowired
	FleetService fleet;

	@BeforeEach
	void clean() {
		DatabaseCleaner.clean(this.jdbc);
	}

	@Test
	void theEventsOfTwoRunsAreReadTogetherInTimeOrder() {
		// given: an abandoned run that left w-1 cordoned, and the fresh run that uncordoned it, then patched w-2
		FleetScenario scenario = new FleetScenario(this.context).cluster("alpha", 2);
		long abandoned = scenario.run("alpha", RunOutcome.ABANDONED, "fresh run", 0);
		long fresh = scenario.run("alpha", RunOutcome.COMPLIANT, null, 2);
		record(abandoned, "w-1", Kind.CORDONED, 0);
		record(fresh, "w-1", Kind.UNCORDONED, 60);
		record(fresh, "w-2", Kind.CORDONED, 61);
		record(fresh, "w-2", Kind.UNCORDONED, 70);

		// when
		OutOfService both = OutOfService.ofRuns(this.jdbc, fresh, abandoned);

		// then
		both.assertNeverMoreThan(1).assertNothingLeftCordoned();
		assertThat(both.outAt(T0.plusSeconds(30))).containsExactly("w-1");
		assertThat(both.outAt(T0.plusSeconds(65))).containsExactly("w-2");
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.ofRuns(this.jdbc, abandoned).assertNothingLeftCordoned())
			.withMessageContaining("w-1 (last event: cordoned at 2026-11-26T10:00:00Z)");
	}

	private void record(long runId, String node, Kind kind, int second) {
		Node found = this.fleet.nodes(this.fleet.cluster("alpha"))
			.stream()
			.filter((candidate) -> candidate.name().equals(node))
			.findFirst()
			.orElseThrow();
		this.events.record(runId, found.id(), kind, null, T0.plusSeconds(second));
	}

}
