package io.ospatch.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.run.NodegroupResult;
import io.ospatch.run.NodegroupStatus;
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

	@Test
	void anEksRunListsItsNodegroupsAndTalliesThem() {
		Instant start = Instant.parse("2026-11-26T10:00:00Z");
		RunSummary run = new RunSummary(7, "shop", Trigger.ON_DEMAND, "tester", RunOutcome.COMPLIANT, null, start,
				start.plusSeconds(600), List.of(),
				List.of(new NodegroupResult("apps", "1.30.0-20240101", "1.30.0-20240601", "upd-1",
						NodegroupStatus.SUCCESSFUL, null, start, start.plusSeconds(125)),
						new NodegroupResult("batch", "1.30.0-20240601", "1.30.0-20240601", null, NodegroupStatus.CURRENT,
								null, start, start),
						new NodegroupResult("web", "1.30.0-20240101", "1.30.0-20240601", "upd-2",
								NodegroupStatus.SUCCESSFUL, null, start, start.plusSeconds(30))),
				List.of());

		String printed = print(new LaunchOutcome("launch", List.of(run), Map.of(), Map.of()));

		assertThat(printed).contains("shop: run 7 compliant: 2 successful, 1 current")
			.contains("apps", "1.30.0-20240101", "1.30.0-20240601", "2m 5s")
			.doesNotContain("no nodes");
	}

	private static RunSummary run(long id, String cluster, RunOutcome outcome) {
		return new RunSummary(id, cluster, Trigger.ON_DEMAND, "tester", outcome, null, Instant.EPOCH, Instant.EPOCH,
				List.of(), List.of(), List.of());
	}

	private static String print(LaunchOutcome outcome) {
		StringWriter out = new StringWriter();
		RunSummaryPrinter.print(new PrintWriter(out, true), outcome);
		return out.toString();
	}

}
