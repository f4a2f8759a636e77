package io.ospatch.lease;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Renews the leases this process holds, every {@code ospatch.lease.heartbeat}, on a thread of its
 * own, so a lease stays fresh however long a playbook runs. A renewal that finds the lease gone
 * marks it lost; so does a database that cannot be reached for longer than the TTL, since by then
 * another run may rightly have taken the cluster over.
 */
@Component
public class LeaseHeartbeat implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LeaseHeartbeat.class);

	private final ClusterLeases leases;

	private final LeaseProperties properties;

	private final Clock clock;

	private final Map<Lease, Instant> lastRenewed = new ConcurrentHashMap<>();

	private final ScheduledExecutorService timer;

	LeaseHeartbeat(ClusterLeases leases, LeaseProperties properties, Clock clock) {
		this.leases = leases;
		this.properties = properties;
		this.clock = clock;
		this.timer = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "lease-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		long interval = properties.heartbeat().toMillis();
		this.timer.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
	}

	/** Keeps {@code lease} renewed until {@link #stop}. */
	public void start(Lease lease) {
		this.lastRenewed.put(lease, this.clock.instant());
	}

	public void stop(Lease lease) {
		this.lastRenewed.remove(lease);
	}

	/** The lease on {@code clusterId} that this process keeps renewed, if any. */
	public Optional<Lease> held(long clusterId) {
		return this.lastRenewed.keySet().stream().filter((lease) -> lease.clusterId() == clusterId).findFirst();
	}

	/** One round of renewals; the timer calls it, tests may too. */
	public void beat() {
		for (Map.Entry<Lease, Instant> held : this.lastRenewed.entrySet()) {
			Lease lease = held.getKey();
			if (lease.lost()) {
				continue;
			}
			try {
				if (this.leases.renew(lease)) {
					held.setValue(this.clock.instant());
				}
				// a lease stopped and released while this round was under way is not lost: it was let go
				else if (this.lastRenewed.containsKey(lease)) {
					lease.markLost("its lease was released or taken over by another run");
					log.warn("cluster {}: lease lost: it was released or taken over by another run", lease.clusterId());
				}
			}
			catch (DataAccessException ex) {
				Duration silent = Duration.between(held.getValue(), this.clock.instant());
				log.warn("cluster {}: could not renew the lease ({} s since the last renewal): {}", lease.clusterId(),
						silent.toSeconds(), ex.getMessage());
				if (silent.compareTo(this.properties.ttl()) > 0) {
					lease.markLost("could not renew its lease for longer than " + this.properties.ttl().toSeconds()
							+ " s: " + ex.getMessage());
				}
			}
			catch (RuntimeException ex) {
				log.warn("cluster {}: lease renewal failed", lease.clusterId(), ex);
			}
		}
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

}
