package io.ospatch.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import io.ospatch.cli.CliRunner;
import io.ospatch.support.DatabaseCleaner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The take-over rules of cluster leases, on an embedded H2 database: a lease whose holder is alive
 * is never taken; one whose process is gone from this host is taken at once; any other once its
 * heartbeat is older than the TTL (here 60 s). A lease taken over stops renewing for its old holder.
 */
@SpringBootTest(properties = {
		"spring.datasource.url=jdbc:h2:mem:leases;MODE=MySQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"spring.datasource.username=sa", "spring.datasource.password=" })
class ClusterLeasesTests {

	@Autowired
	ApplicationContext context;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ClusterLeases leases;

	@Autowired
	LeaseHeartbeat heartbeat;

	long clusterId;

	@BeforeEach
	void aCluster() {
		DatabaseCleaner.clean(this.jdbc);
		assertThat(CliRunner.run(this.context, "cluster", "add", "c1").exitCode()).isZero();
		this.clusterId = this.jdbc.sql("SELECT id FROM clusters").query(Long.class).single();
	}

	@Test
	void aFreeClusterIsLeasedOnceAndReleased() {
		Optional<Lease> first = this.leases.tryAcquire(this.clusterId);
		Optional<Lease> second = this.leases.tryAcquire(this.clusterId);

		assertThat(first).isPresent();
		assertThat(first.get().takenOverFrom()).isNull();
		assertThat(second).as("held by a live process: this one").isEmpty();
		LeaseHolder holder = this.leases.holder(this.clusterId).orElseThrow();
		assertThat(holder.process().pid()).isEqualTo(ProcessHandle.current().pid());
		assertThat(holder.process().host()).isEqualTo(ProcessIdentity.current().host());

		this.leases.release(first.get());

		assertThat(this.leases.holder(this.clusterId)).isEmpty();
		assertThat(this.leases.tryAcquire(this.clusterId)).isPresent();
	}

	@Test
	void aFreshLeaseOfAnotherHostIsLeftAlone() {
		leaseOf("another-host", 4242, Duration.ofSeconds(59));

		assertThat(this.leases.tryAcquire(this.clusterId)).isEmpty();
		assertThat(token()).isEqualTo("theirs");
	}

	@Test
	void aStaleLeaseOfAnotherHostIsTakenOver() {
		leaseOf("another-host", 4242, Duration.ofSeconds(61));

		Lease lease = this.leases.tryAcquire(this.clusterId).orElseThrow();

		assertThat(lease.takenOverFrom().process()).isEqualTo(new ProcessIdentity("another-host", 4242, null));
		assertThat(token()).isNotEqualTo("theirs");
	}

	@Test
	void aFreshLeaseOfADeadProcessOnThisHostIsTakenOverAtOnce() throws Exception {
		Process gone = new ProcessBuilder("true").start();
		gone.waitFor();
		leaseOf(ProcessIdentity.current().host(), gone.pid(), Duration.ZERO);

		assertThat(this.leases.tryAcquire(this.clusterId)).isPresent();
	}

	@Test
	void aLeaseOfALiveProcessOnThisHostIsLeftAlone() {
		leaseOf(ProcessIdentity.current().host(), ProcessHandle.current().pid(), Duration.ZERO);

		assertThat(this.leases.tryAcquire(this.clusterId)).isEmpty();
	}

	@Test
	void aProcessIdReusedByAnotherProcessCountsAsDead() {
		ProcessIdentity self = ProcessIdentity.current();

		assertThat(new ProcessIdentity(self.host(), self.pid(), self.startedAt().minusSeconds(3600)).isDeadOnThisHost())
			.isTrue();
		assertThat(self.isDeadOnThisHost()).isFalse();
		assertThat(new ProcessIdentity("another-host", self.pid(), self.startedAt()).isDeadOnThisHost())
			.as("another host's processes cannot be seen from here").isFalse();
	}

	@Test
	void theHeartbeatRenewsALeaseAndMarksItLostOnceTakenOver() {
		Lease lease = this.leases.tryAcquire(this.clusterId).orElseThrow();
		this.heartbeat.start(lease);
		try {
			this.jdbc.sql("UPDATE cluster_leases SET heartbeat_at = ?").param(LocalDateTime.now(ZoneOffset.UTC).minusMinutes(5)).update();

			this.heartbeat.beat();

			assertThat(heartbeatAge()).isLessThan(Duration.ofSeconds(30));
			assertThat(lease.lost()).isFalse();

			this.jdbc.sql("UPDATE cluster_leases SET token = 'taken-over'").update();
			this.heartbeat.beat();

			assertThat(lease.lost()).isTrue();
			assertThat(lease.lostReason()).contains("taken over");
		}
		finally {
			this.heartbeat.stop(lease);
		}
	}

	private void leaseOf(String host, long pid, Duration age) {
		LocalDateTime heartbeat = LocalDateTime.now(ZoneOffset.UTC).minus(age);
		this.jdbc.sql("""
				INSERT INTO cluster_leases (cluster_id, token, host, pid, acquired_at, heartbeat_at)
				VALUES (?, 'theirs', ?, ?, ?, ?)""")
			.params(this.clusterId, host, pid, heartbeat, heartbeat)
			.update();
	}

	private String token() {
		return this.jdbc.sql("SELECT token FROM cluster_leases").query(String.class).single();
	}

	private Duration heartbeatAge() {
		LocalDateTime at = this.jdbc.sql("SELECT heartbeat_at FROM cluster_leases").query(LocalDateTime.class).single();
		return Duration.between(at.toInstant(ZoneOffset.UTC), Instant.now());
	}

}
