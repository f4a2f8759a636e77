package io.ospatch.rollout;

import java.time.Instant;
import java.util.List;

import io.ospatch.ansible.OsPatchFacts;
import io.ospatch.ansible.PatchStatus;
import io.ospatch.cluster.CountOrPercent;
import io.ospatch.cluster.NodeRole;
import io.ospatch.run.NodeResultStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which failing nodes are skipped, and when the rollout halts instead. */
class SkipDecisionTests {

	@Test
	void theBudgetIsACountOrAPercentOfTheNodesRoundedDown() {
		assertThat(FailureBudget.of(CountOrPercent.count(2), 10).allowedSkips()).isEqualTo(2);
		assertThat(FailureBudget.of(CountOrPercent.parse("b", "25%"), 10).allowedSkips()).isEqualTo(2);
		assertThat(FailureBudget.of(CountOrPercent.parse("b", "25%"), 3).allowedSkips()).isZero();
	}

	@Test
	void skipsAreAllowedUpToTheBudgetAndNotOneMore() {
		FailureBudget two = new FailureBudget(2);

		assertThat(two.allows(0)).isTrue();
		assertThat(two.allows(2)).isTrue();
		assertThat(two.allows(3)).isFalse();
		assertThat(new FailureBudget(0).allows(1)).isFalse();
	}

	@Test
	void aFailingNodeWithinTheBudgetIsSkippedWithWhatFailed() {
		assertThat(ChunkLedger.statusOf(failed(NodePatchOutcome.UNREACHABLE), false))
			.isEqualTo(NodeResultStatus.SKIPPED);
		assertThat(ChunkLedger.statusOf(failed(NodePatchOutcome.FAILED), false))
			.isEqualTo(NodeResultStatus.SKIPPED);
	}

	@Test
	void theFailuresThatBreakTheBudgetSayHowTheyFailed() {
		assertThat(ChunkLedger.statusOf(failed(NodePatchOutcome.UNREACHABLE), true))
			.isEqualTo(NodeResultStatus.UNREACHABLE);
		assertThat(ChunkLedger.statusOf(failed(NodePatchOutcome.FAILED), true)).isEqualTo(NodeResultStatus.FAILED);
	}

	@Test
	void successIsPatchedOrAlreadyCurrentAsThePlaybookSaid() {
		assertThat(ChunkLedger.statusOf(succeeded(PatchStatus.PATCHED), true)).isEqualTo(NodeResultStatus.PATCHED);
		assertThat(ChunkLedger.statusOf(succeeded(PatchStatus.ALREADY_CURRENT), false))
			.isEqualTo(NodeResultStatus.ALREADY_CURRENT);
	}

	private static NodePatchOutcome failed(String failure) {
		return new NodePatchOutcome(TestNodes.node("w01", NodeRole.WORKER), failure, null, "boom", 3, Instant.now(),
				Instant.now());
	}

	private static NodePatchOutcome succeeded(PatchStatus status) {
		OsPatchFacts facts = new OsPatchFacts(status, null, null, null, List.of(), List.of(), false, false, null, null);
		return new NodePatchOutcome(TestNodes.node("w01", NodeRole.WORKER), null, facts, null, 1, Instant.now(),
				Instant.now());
	}

}
