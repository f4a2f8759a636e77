package io.ospatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.run.RunOutcome;
import io.ospatch.run.RunSummary;
import io.ospatch.run.Trigger;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunSummaryPrinterTests {

	@Test
	void theSummaryCountsEachClusterByItsOutcome() {
		LaunchOutcome outcome = new LaunchOutcome("launch",
				List.of(run(1, "a", RunOutcome.COMPLIANT), run(2, "b", RunOutcome.HALTED), run(3, "c", RunOutcome.COMPLIANT)),
				Map.of("d", "another run holds it"), Map.of("e", "imported"));

		assertThat(print(outcome)).endsWith(
				"summary: 3 cluster(s): 2 compliant, 1 halted; 1 busy; 1 not patchable; nodes: none" + System.lineSeparator());
	}

	@Test
	void aLaunchWithOnlyBusyClustersSaysNoneRan() {
		LaunchOutcome outcome = new LaunchOutcome("launch", List.of(), Map.of("d", "another run holds it"), Map.of());

		assertThat(print(outcome)).contains("summary: 0 cluster(s); 1 busy; nodes: none");
	}

	private static RunSummary run(long id, String cluster, RunOutcome outcome) {
		return new RunSummary(id, cluster, Trigger.ON_DEMAND, "tester", outcome, null, Instant.EPOCH, Instant.EPOCH,
				List.of(), List.of());
	}

	private static String print(LaunchOutcome outcome) {
		StringWriter out = new StringWriter();
		RunSummaryPrinter.print(new PrintWriter(out, true), outcome);
		return out.toString();
	}

}
