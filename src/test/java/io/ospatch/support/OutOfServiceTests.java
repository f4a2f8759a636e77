package io.ospatch.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.ospatch.run.NodeEvent;
import io.ospatch.run.NodeEvent.Kind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * The out-of-service checker on hand-made event logs: fine rollouts with and without an API pass,
 * and each broken promise (too many nodes out, control plane not alone, a node left cordoned) is
 * named with its instant and nodes.
 */
class OutOfServiceTests {

	private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

	private static final String CP = "control-plane";

	private static final String WORKER = "worker";

	private final List<NodeEvent> events = new ArrayList<>();

	@Test
	void aRollingRolloutWithAnApiStaysWithinItsLimitsAndUncordonsEverything() {
		// given: control plane one by one, then workers two at a time, each cordoned, drained, patched, uncordoned
		withApi(0, "cp-1", CP);
		withApi(10, "cp-2", CP);
		withApi(20, "w-1", WORKER);
		withApi(20, "w-2", WORKER);
		withApi(30, "w-3", WORKER);
		withApi(31, "w-4", WORKER);

		// when
		OutOfService timeline = OutOfService.of(this.events);

		// then
		assertThatNoException().isThrownBy(() -> timeline.assertNeverMoreThan(2).assertNothingLeftCordoned());
		assertThat(timeline.peak()).isEqualTo(2);
		assertThat(timeline.outAt(T0.plusSeconds(32))).containsExactly("w-3", "w-4");
		assertThat(timeline.outAt(T0.plusSeconds(60))).isEmpty();
	}

	@Test
	void withoutAnApiANodeIsOutFromPatchingToItsEnd() {
		// given: no cordons; w-1 patched, w-2 skipped, each alone
		at(0, "w-1", WORKER, Kind.PATCHING);
		at(3, "w-1", WORKER, Kind.REBOOTED);
		at(5, "w-1", WORKER, Kind.PATCHED);
		at(5, "w-2", WORKER, Kind.PATCHING);
		at(9, "w-2", WORKER, Kind.SKIPPED, "apt failed");

		// when
		OutOfService timeline = OutOfService.of(this.events);

		// then
		assertThatNoException().isThrownBy(() -> timeline.assertNeverMoreThan(1).assertNothingLeftCordoned());
		assertThat(timeline.outAt(T0.plusSeconds(4))).containsExactly("w-1");
		assertThat(timeline.outAt(T0.plusSeconds(5))).as("w-1 ended before w-2 started").containsExactly("w-2");
		assertThat(timeline.outAt(T0.plusSeconds(9))).isEmpty();
	}

	@Test
	void moreNodesOutThanMaxUnavailableIsNamedWithItsInstantAndNodes() {
		// given: w-3 cordoned while w-1 and w-2 are still out, max-unavailable 2
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(1, "w-2", WORKER, Kind.CORDONED);
		at(2, "w-3", WORKER, Kind.CORDONED);
		at(3, "w-1", WORKER, Kind.UNCORDONED);
		at(3, "w-2", WORKER, Kind.UNCORDONED);
		at(3, "w-3", WORKER, Kind.UNCORDONED);

		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(2))
			.withMessageContaining("at 2026-11-26T10:00:02Z: 3 nodes out of service, max-unavailable is 2: "
					+ "w-1 (worker), w-2 (worker), w-3 (worker)");
		assertThatNoException().isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(3));
	}

	@Test
	void twoControlPlaneNodesOutAtOnceBreakOneAtATimeWhateverMaxUnavailable() {
		// given
		withApi(0, "cp-1", CP);
		withApi(5, "cp-2", CP);

		// when / then: cp-1 is out from 0 to 8, cp-2 from 5
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(5))
			.withMessageContaining("at 2026-11-26T10:00:05Z: 2 control-plane nodes out of service, control plane goes one at a time: "
					+ "cp-1 (control-plane), cp-2 (control-plane)");
	}

	@Test
	void aControlPlaneNodeIsNeverOutTogetherWithAWorker() {
		// given
		withApi(0, "cp-1", CP);
		withApi(1, "w-1", WORKER);

		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(3))
			.withMessageContaining("at 2026-11-26T10:00:01Z: a control-plane node out of service together with other nodes: "
					+ "cp-1 (control-plane), w-1 (worker)");
	}

	@Test
	void anUncordonAndTheNextCordonAtTheSameInstantAreSequential() {
		// given: the next chunk's cordon recorded in the same millisecond as the last uncordon, listed first
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(4, "w-2", WORKER, Kind.CORDONED);
		at(4, "w-1", WORKER, Kind.UNCORDONED);
		at(8, "w-2", WORKER, Kind.UNCORDONED);

		// when / then
		assertThatNoException().isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(1));
		assertThat(OutOfService.of(this.events).outAt(T0.plusSeconds(4))).containsExactly("w-2");
	}

	@Test
	void oneNodesCordonAndUncordonAtTheSameInstantKeepTheirOrder() {
		// given: a drain refused at once: cordoned and uncordoned in the same millisecond
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(0, "w-1", WORKER, Kind.UNCORDONED);
		at(0, "w-1", WORKER, Kind.SKIPPED, "drain blocked by default/db-0");

		// when / then
		assertThatNoException()
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(1).assertNothingLeftCordoned());
		assertThat(OutOfService.of(this.events).peak()).isZero();
	}

	@Test
	void aKilledRunsCordonedNodeUncordonedByItsResumeIsFine() {
		// given: chunk w-1 + w-2 killed while patching; the resume uncordons both, then patches the chunk again
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(0, "w-2", WORKER, Kind.CORDONED);
		at(1, "w-1", WORKER, Kind.DRAINED);
		at(1, "w-2", WORKER, Kind.DRAINED);
		at(2, "w-1", WORKER, Kind.PATCHING);
		at(2, "w-2", WORKER, Kind.PATCHING);
		// killed here; the resume, a minute later:
		at(60, "w-1", WORKER, Kind.UNCORDONED, "left cordoned by run 7's process, which is dead");
		at(60, "w-2", WORKER, Kind.UNCORDONED, "left cordoned by run 7's process, which is dead");
		withApi(61, "w-1", WORKER);
		withApi(61, "w-2", WORKER);
		withApi(70, "w-3", WORKER);

		// when
		OutOfService timeline = OutOfService.of(this.events);

		// then
		assertThatNoException().isThrownBy(() -> timeline.assertNeverMoreThan(2).assertNothingLeftCordoned());
		assertThat(timeline.outAt(T0.plusSeconds(30))).as("out while the run was dead").containsExactly("w-1", "w-2");
	}

	@Test
	void aKilledRunsCordonNobodyUndidIsLeftCordoned() {
		// given
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(1, "w-1", WORKER, Kind.DRAINED);
		at(2, "w-1", WORKER, Kind.PATCHING);

		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNothingLeftCordoned())
			.withMessage("left cordoned:\n  w-1 (last event: patching at 2026-11-26T10:00:02Z)");
	}

	@Test
	void aNodeThatNeverCameBackReadyMayStayCordonedButNotOneThatFailedOtherwise() {
		// given: w-1 never Ready again (left cordoned on purpose); w-2 failed and still cordoned
		at(0, "w-1", WORKER, Kind.CORDONED);
		at(1, "w-1", WORKER, Kind.PATCHING);
		at(2, "w-1", WORKER, Kind.PATCHED);
		at(9, "w-1", WORKER, Kind.FAILED, "not Ready 10m after the playbook: left cordoned");
		at(10, "w-2", WORKER, Kind.CORDONED);
		at(11, "w-2", WORKER, Kind.PATCHING);
		at(12, "w-2", WORKER, Kind.FAILED, "apt failed");

		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNothingLeftCordoned())
			.withMessage("left cordoned:\n  w-2 (last event: failed at 2026-11-26T10:00:12Z: apt failed)");
		assertThat(OutOfService.of(this.events).outAt(T0.plusSeconds(10))).as("still out of service")
			.containsExactly("w-1", "w-2");
	}

	@Test
	void leftOutAndDeferredNodesAreNotOutOfServiceByOspatch() {
		// given: w-1 cordoned by someone else (left out), w-2 deferred by the window, w-3 patched
		at(0, "w-1", WORKER, Kind.LEFT_OUT, "cordoned by someone else");
		withApi(1, "w-3", WORKER);
		at(20, "w-2", WORKER, Kind.DEFERRED, "the maintenance window closed");

		// when / then
		assertThatNoException()
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(1).assertNothingLeftCordoned());
		assertThat(OutOfService.of(this.events).peak()).isEqualTo(1);
	}

	@Test
	void eventsOfSeveralRunsAreTakenInTimeOrder() {
		// given: the second run's events listed before the first's
		withApi(100, "w-2", WORKER);
		withApi(0, "w-1", WORKER);

		// when / then
		assertThatNoException()
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(1).assertNothingLeftCordoned());
		assertThat(OutOfService.of(this.events).outAt(T0.plusSeconds(3))).containsExactly("w-1");
	}

	@Test
	void manyViolationsAreCountedBeyondTheFirstTen() {
		// given: a node cordoned every second, none uncordoned: 12 instants with too many out, max-unavailable 1
		for (int i = 0; i <= 12; i++) {
			at(i, "w-" + i, WORKER, Kind.CORDONED);
		}

		// when / then
		assertThatExceptionOfType(AssertionError.class)
			.isThrownBy(() -> OutOfService.of(this.events).assertNeverMoreThan(1))
			.withMessageStartingWith("out of service beyond the limits:\n  at 2026-11-26T10:00:01Z: 2 nodes")
			.withMessageEndingWith("\n  and 2 more");
	}

	@Test
	void noEventsNothingOut() {
		assertThatNoException()
			.isThrownBy(() -> OutOfService.of(List.of()).assertNeverMoreThan(1).assertNothingLeftCordoned());
		assertThat(OutOfService.of(List.of()).peak()).isZero();
	}

	/** The events of one node patched through an API, from {@code second}: out for 8 seconds. */
	private void withApi(int second, String node, String role) {
		at(second, node, role, Kind.CORDONED);
		at(second + 1, node, role, Kind.DRAINED);
		at(second + 2, node, role, Kind.PATCHING);
		at(second + 4, node, role, Kind.REBOOTED);
		at(second + 6, node, role, Kind.PATCHED);
		at(second + 7, node, role, Kind.READY);
		at(second + 8, node, role, Kind.UNCORDONED);
	}

	private void at(int second, String node, String role, Kind kind) {
		at(second, node, role, kind, null);
	}

	private void at(int second, String node, String role, Kind kind, String detail) {
		this.events.add(new NodeEvent(T0.plusSeconds(second), node, role, kind, detail));
	}

}
