package io.ospatch.ansible;

import java.util.Objects;

/**
 * How one playbook run ended for one host.
 *
 * @param host the inventory host name
 * @param status how ansible-playbook counted the host
 * @param facts what the playbook reported, {@code null} when it reported nothing (unreachable
 * hosts, hosts that failed before reporting)
 * @param error why the host failed or was unreachable, {@code null} when it is {@link HostStatus#OK}
 */
public record HostOutcome(String host, HostStatus status, OsPatchFacts facts, String error) {

	public HostOutcome {
		Objects.requireNonNull(host, "host");
		Objects.requireNonNull(status, "status");
	}

}
