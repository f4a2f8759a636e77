package io.ospatch.lease;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * A process as a lease names it: host name, process id and the instant the process started (so that
 * a recycled process id is not taken for the process that held the lease).
 *
 * @param host the host name
 * @param pid the process id
 * @param startedAt when the process started, to the millisecond, if known
 */
public record ProcessIdentity(String host, long pid, Instant startedAt) {

	/** Start instants read twice can differ by the clock tick of {@code /proc}. */
	private static final Duration START_TOLERANCE = Duration.ofSeconds(2);

	/** This JVM. */
	public static ProcessIdentity current() {
		ProcessHandle self = ProcessHandle.current();
		return new ProcessIdentity(localHost(), self.pid(), startOf(self).orElse(null));
	}

	/** Whether this identity is of a process on this host that no longer runs. */
	public boolean isDeadOnThisHost() {
		if (!localHost().equals(this.host)) {
			return false;
		}
		Optional<ProcessHandle> process = ProcessHandle.of(this.pid).filter(ProcessHandle::isAlive);
		if (process.isEmpty()) {
			return true;
		}
		Optional<Instant> started = startOf(process.get());
		// the same pid, started at another time: the holder is gone and its pid was reused
		return this.startedAt != null && started.isPresent()
				&& Duration.between(this.startedAt, started.get()).abs().compareTo(START_TOLERANCE) > 0;
	}

	@Override
	public String toString() {
		return "pid " + this.pid + " on " + this.host;
	}

	static String localHost() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			String fromEnvironment = System.getenv("HOSTNAME");
			return (fromEnvironment != null && !fromEnvironment.isBlank()) ? fromEnvironment : "localhost";
		}
	}

	private static Optional<Instant> startOf(ProcessHandle process) {
		return process.info().startInstant().map((instant) -> instant.truncatedTo(ChronoUnit.MILLIS));
	}

}
