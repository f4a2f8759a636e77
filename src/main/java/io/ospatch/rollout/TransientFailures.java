package io.ospatch.rollout;

import java.util.List;
import java.util.Locale;

import io.ospatch.ansible.HostOutcome;
import io.ospatch.ansible.HostStatus;

/**
 * Tells failures that may pass by themselves from those that will not. An unreachable node may be
 * rebooting or on a flapping link; a held dpkg lock belongs to another apt run (unattended-upgrades)
 * that will finish; a mirror may time out. A broken sources list or a dependency conflict will fail
 * the same way every time, so retrying only delays the rollout.
 */
final class TransientFailures {

	/** Lower-case fragments of apt, dnf and SSH messages that mean "try again later". */
	private static final List<String> TRANSIENT_MESSAGES = List.of(
			// dpkg/apt lock held by another process
			"could not get lock", "unable to acquire the dpkg frontend lock", "unable to lock directory",
			"is another process using it", "waiting for cache lock",
			// mirrors and name resolution
			"temporary failure resolving", "could not resolve", "failed to fetch", "connection timed out",
			"connection failed", "503  service unavailable", "503 service unavailable", "hash sum mismatch",
			"cannot download repomd.xml", "failed to download metadata", "curl error (28)", "curl error (7)",
			// SSH dropping mid-run (reported as a failure rather than unreachable by some modules)
			"shared connection to", "connection reset by peer");

	private TransientFailures() {
	}

	static boolean isTransient(HostOutcome outcome) {
		if (outcome.status() == HostStatus.UNREACHABLE) {
			return true;
		}
		String error = (outcome.error() != null) ? outcome.error().toLowerCase(Locale.ROOT) : "";
		return TRANSIENT_MESSAGES.stream().anyMatch(error::contains);
	}

}
