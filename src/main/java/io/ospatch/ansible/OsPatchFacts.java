package io.ospatch.ansible;

import java.util.List;
import java.util.Objects;

/**
 * What a playbook reported about one host: the {@code ospatch} block of the playbook contract.
 *
 * @param status what the playbook did or found
 * @param before the OS before the run
 * @param after the OS after an os-patch run, {@code null} for os-facts or when the upgrade did not
 * complete
 * @param targetVersion the version the stream's latest patch release brings, {@code null} if unknown
 * @param packages what the upgrade changed (os-patch) or would change (os-facts)
 * @param held the hold-list packages installed on the host, kept at their version
 * @param rebooted whether os-patch rebooted the host
 * @param rebootRequired whether a reboot is still pending after the run
 * @param error on failure, the message of the failed task, else {@code null}
 * @param failedTask on failure, the name of the failed task, else {@code null}
 */
public record OsPatchFacts(PatchStatus status, OsVersion before, OsVersion after, String targetVersion,
		List<PackageChange> packages, List<String> held, boolean rebooted, boolean rebootRequired, String error,
		String failedTask) {

	public OsPatchFacts {
		Objects.requireNonNull(status, "status");
		packages = (packages != null) ? List.copyOf(packages) : List.of();
		held = (held != null) ? List.copyOf(held) : List.of();
	}

}
