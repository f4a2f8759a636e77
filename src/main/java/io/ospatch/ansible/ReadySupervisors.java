package io.ospatch.ansible;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervisors started ahead of the runs that will take them. A run takes one that still waits,
 * or starts its own, and starts another for whatever runs next: a cluster's chunks follow each
 * other, so each chunk's supervisor loads ansible while the chunk before it patches. What nobody
 * takes ends when this closes; one older than {@link #FRESH} is ended rather than taken (the
 * supervisor ends itself after an hour).
 */
final class ReadySupervisors implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReadySupervisors.class);

	static final Duration FRESH = Duration.ofMinutes(10);

	/**
	 * When the supervisor started for the next run loads ansible, unless its run comes first: well
	 * after the start of the run that took the one before, which would otherwise share the CPU with
	 * it (a chunk's first seconds are its busiest on this machine: ansible's start, SSH, apt's
	 * resolver), and long before that run ends (a node's install and reboot take minutes).
	 */
	static final Duration NEXT_PRELOAD_AFTER = Duration.ofSeconds(5);

	/** Starts a supervisor that loads ansible after the given time. */
	private final Function<Duration, ReadySupervisor> starter;

	private final Deque<ReadySupervisor> waiting = new ArrayDeque<>();

	private boolean closed;

	ReadySupervisors(Function<Duration, ReadySupervisor> starter) {
		this.starter = starter;
	}

	/** A waiting supervisor, or a new one when none waits. */
	ReadySupervisor take() {
		ReadySupervisor taken = null;
		List<ReadySupervisor> stale = new ArrayList<>();
		synchronized (this) {
			while (taken == null && !this.waiting.isEmpty()) {
				ReadySupervisor next = this.waiting.poll();
				if (next.waiting() && next.age().compareTo(FRESH) < 0) {
					taken = next;
				}
				else {
					stale.add(next);
				}
			}
		}
		stale.forEach(ReadySupervisor::close);
		if (taken == null) {
			taken = this.starter.apply(Duration.ZERO);
		}
		try {
			add(this.starter.apply(NEXT_PRELOAD_AFTER));
		}
		catch (RuntimeException ex) {
			// the next run starts its own, and says why it cannot
			logger.debug("Could not start a playbook supervisor ahead", ex);
		}
		return taken;
	}

	private void add(ReadySupervisor supervisor) {
		synchronized (this) {
			if (!this.closed) {
				this.waiting.add(supervisor);
				return;
			}
		}
		supervisor.close();
	}

	@Override
	public void close() {
		List<ReadySupervisor> left;
		synchronized (this) {
			this.closed = true;
			left = new ArrayList<>(this.waiting);
			this.waiting.clear();
		}
		left.forEach(ReadySupervisor::close);
	}

}
