package io.ospatch.rollout;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A graceful stop, as a pod being evicted asks for it with SIGTERM: no chunk starts after the
 * request; chunks already running get {@code ospatch.rollout.stop-grace} to finish, then the
 * threads running them are interrupted, which stops their playbooks. A second request does not
 * wait. The runs are left resumable.
 */
@Component
public class RolloutStop implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(RolloutStop.class);

	private final Duration grace;

	private final Set<Thread> patching = ConcurrentHashMap.newKeySet();

	private final AtomicInteger launches = new AtomicInteger();

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "rollout-stop");
		thread.setDaemon(true);
		return thread;
	});

	private volatile boolean requested;

	/** When the grace of the stop requested last ends, unless a later launch cancelled it. */
	private ScheduledFuture<?> graceEnds;

	RolloutStop(RolloutProperties properties) {
		this.grace = properties.stopGrace();
	}

	/**
	 * Asks running rollouts to stop.
	 * @return whether a launch is running that will stop and end the process by itself; if not,
	 * the caller may simply exit
	 */
	public synchronized boolean request() {
		if (this.requested) {
			log.warn("stopping now: interrupting the chunks still running");
			interruptPatching();
			return this.launches.get() > 0;
		}
		this.requested = true;
		if (this.launches.get() > 0) {
			log.warn("stop requested: no new chunk starts; chunks running get {} s to finish (ospatch.rollout.stop-grace)",
					this.grace.toSeconds());
			this.graceEnds = this.timer.schedule(this::interruptPatching, this.grace.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		return false;
	}

	/** Whether a stop was asked for what runs now (a launch starting after it clears it). */
	public boolean requested() {
		return this.requested;
	}

	/**
	 * Marks a launch as running until the returned handle is closed. A stop is for what runs when it
	 * comes: the first launch after a stop (in a long-lived process) starts afresh.
	 */
	synchronized Running launchRunning() {
		if (this.launches.getAndIncrement() == 0) {
			this.requested = false;
			// the grace of a stop that came before must not interrupt what this launch runs
			if (this.graceEnds != null) {
				this.graceEnds.cancel(false);
				this.graceEnds = null;
			}
		}
		return this.launches::decrementAndGet;
	}

	/** Marks the calling thread as patching a chunk until the returned handle is closed. */
	Running chunkRunning() {
		Thread thread = Thread.currentThread();
		this.patching.add(thread);
		return () -> this.patching.remove(thread);
	}

	private void interruptPatching() {
		if (!this.patching.isEmpty()) {
			log.warn("stop: interrupting {} chunk(s) still running; their playbooks are stopped", this.patching.size());
		}
		this.patching.forEach(Thread::interrupt);
	}

	@Override
	public void destroy() {
		this.timer.shutdownNow();
	}

	/** Something running, until closed. */
	@FunctionalInterface
	interface Running extends AutoCloseable {

		@Override
		void close();

	}

}
