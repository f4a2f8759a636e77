package io.ospatch.web.launch;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.ospatch.report.RunReporting;
import io.ospatch.rollout.LaunchOutcome;
import io.ospatch.rollout.OpenedRuns;
import io.ospatch.rollout.PatchLauncher;
import io.ospatch.rollout.RolloutProperties;
import io.ospatch.rollout.RolloutStop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.stereotype.Component;

/**
 * The server's launch workers: a fixed pool of {@code ospatch.web.launch.workers} threads that run
 * opened launches ({@link PatchLauncher#run}), with {@code ospatch.web.launch.queue} places to wait.
 * A place is reserved before a launch leases anything, so a full worker refuses it with nothing to
 * undo.
 *
 * <p>As the server stops it takes no new launch, asks the running ones to stop as SIGTERM does for
 * {@code ospatch patch} (no new chunk; running chunks get {@code ospatch.rollout.stop-grace}, then their
 * playbooks are stopped), and waits for them: every run ends stopped and resumable, its nodes
 * uncordoned and its lease released, before the database closes. Launches still waiting are recorded
 * stopped without starting.
 */
@Component
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class LaunchWorker implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(LaunchWorker.class);

	/** Beyond the stop grace: for the stopped chunks to uncordon and record themselves. */
	private static final Duration SETTLING = Duration.ofMinutes(1);

	private final PatchLauncher launcher;

	private final RunReporting reporting;

	private final RolloutStop stop;

	private final Duration stopGrace;

	private final LaunchProperties properties;

	private final Semaphore places;

	private final ThreadPoolExecutor pool;

	private volatile boolean stopping;

	LaunchWorker(PatchLauncher launcher, RunReporting reporting, RolloutStop stop, RolloutProperties rollout,
			LaunchProperties properties) {
		this.launcher = launcher;
		this.reporting = reporting;
		this.stop = stop;
		this.stopGrace = rollout.stopGrace();
		this.properties = properties;
		int capacity = properties.workers() + properties.queue();
		this.places = new Semaphore(capacity);
		AtomicInteger threads = new AtomicInteger();
		this.pool = new ThreadPoolExecutor(properties.workers(), properties.workers(), 0, TimeUnit.MILLISECONDS,
				new LinkedBlockingQueue<>(capacity), (task) -> {
					Thread thread = new Thread(task, "launch-worker-" + threads.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
	}

	/**
	 * Reserves a place for a launch, before it leases anything.
	 * @throws LaunchWorkerFullException when every worker and waiting place is taken, or the server is stopping
	 */
	Place reserve() {
		if (this.stopping) {
			throw new LaunchWorkerFullException("the server is stopping and starts no launch; launch again once it is back");
		}
		if (!this.places.tryAcquire()) {
			throw new LaunchWorkerFullException("every launch worker is taken (" + this.properties.workers()
					+ " patching, " + this.properties.queue() + " waiting; ospatch.web.launch.workers and "
					+ "ospatch.web.launch.queue): nothing launched; try again when a run has ended");
		}
		return new Place();
	}

	/**
	 * Hands an opened launch to a worker, in its reserved place.
	 * @throws LaunchWorkerFullException when the server stopped meanwhile: the launch is then withdrawn,
	 * its runs recorded stopped and its leases released
	 */
	void start(Place place, OpenedRuns opened) {
		place.handOver();
		try {
			this.pool.execute(() -> runAndFree(opened));
		}
		catch (RejectedExecutionException ex) {
			this.places.release();
			this.launcher.withdraw(opened, "the server was stopping");
			throw new LaunchWorkerFullException("the server is stopping and starts no launch; launch again once it is back");
		}
	}

	/** Launches patching or waiting now. */
	int taken() {
		return this.properties.workers() + this.properties.queue() - this.places.availablePermits();
	}

	private void runAndFree(OpenedRuns opened) {
		try {
			LaunchOutcome outcome = this.launcher.run(opened);
			outcome.runs()
				.forEach((run) -> log.info("{}: on-demand run {} ended {}", run.clusterName(), run.runId(), run.outcome()));
			outcome.busy().forEach((cluster, why) -> log.warn("{}: on-demand run not finished: {}", cluster, why));
			this.reporting.catchUpMail();
		}
		catch (RuntimeException ex) {
			log.error("launch {} (runs {}) failed: {}", opened.launchId(), opened.runIds().values(), ex.getMessage(), ex);
		}
		finally {
			this.places.release();
		}
	}

	@Override
	public void destroy() throws InterruptedException {
		this.stopping = true;
		boolean running = this.taken() > 0;
		if (running && !this.stop.requested()) {
			this.stop.request();
		}
		this.pool.shutdown();
		if (running) {
			log.warn("server stopping: waiting for {} on-demand launch(es) to stop at a chunk boundary (up to {} s)",
					this.taken(), this.stopGrace.plus(SETTLING).toSeconds());
		}
		if (!this.pool.awaitTermination(this.stopGrace.plus(SETTLING).toMillis(), TimeUnit.MILLISECONDS)) {
			// a second request interrupts the chunks still running: their playbooks are stopped
			this.stop.request();
			if (!this.pool.awaitTermination(SETTLING.toMillis(), TimeUnit.MILLISECONDS)) {
				log.warn("server stopping: {} on-demand launch(es) did not stop; their runs are resumed by the next launch",
						this.taken());
			}
		}
	}

	/** A reserved place, given back when closed unless a launch was started in it. */
	final class Place implements AutoCloseable {

		private final AtomicBoolean held = new AtomicBoolean(true);

		private void handOver() {
			if (!this.held.compareAndSet(true, false)) {
				throw new IllegalStateException("this place was already used or given back");
			}
		}

		@Override
		public void close() {
			if (this.held.compareAndSet(true, false)) {
				LaunchWorker.this.places.release();
			}
		}

	}

}
