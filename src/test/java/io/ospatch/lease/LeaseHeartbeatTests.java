package io.ospatch.lease;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The heartbeat's judgement of a renewal that finds no lease, without a database. */
class LeaseHeartbeatTests {

	private static final LeaseProperties PROPERTIES = new LeaseProperties(Duration.ofHours(2), Duration.ofHours(1));

	@Test
	void aLeaseGoneWhileItIsStillHeldIsLost() {
		Renewals renewals = new Renewals();
		LeaseHeartbeat heartbeat = new LeaseHeartbeat(renewals, PROPERTIES, Clock.systemUTC());
		try {
			Lease lease = new Lease(1, "token", null);
			heartbeat.start(lease);
			renewals.answer = false;

			heartbeat.beat();

			assertThat(lease.lost()).isTrue();
		}
		finally {
			heartbeat.destroy();
		}
	}

	@Test
	void aLeaseLetGoWhileARoundIsUnderWayIsNotLost() {
		Renewals renewals = new Renewals();
		LeaseHeartbeat heartbeat = new LeaseHeartbeat(renewals, PROPERTIES, Clock.systemUTC());
		try {
			Lease lease = new Lease(1, "token", null);
			heartbeat.start(lease);
			// the launch stops the heartbeat and releases the lease between the round's start and its renewal
			renewals.beforeAnswering = () -> heartbeat.stop(lease);
			renewals.answer = false;

			heartbeat.beat();

			assertThat(lease.lost()).isFalse();
		}
		finally {
			heartbeat.destroy();
		}
	}

	/** Renewals answered by the test. */
	private static final class Renewals extends ClusterLeases {

		private volatile boolean answer = true;

		private volatile Runnable beforeAnswering = () -> {
		};

		private Renewals() {
			super(null, PROPERTIES, Clock.systemUTC(), ProcessIdentity.current());
		}

		@Override
		boolean renew(Lease lease) {
			this.beforeAnswering.run();
			return this.answer;
		}

	}

}
