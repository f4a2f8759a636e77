package io.ospatch.ansible;

import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One run of a playbook on a group of hosts.
 *
 * @param playbook the playbook to run
 * @param hosts the hosts to run it on, at least one, each name once; the inventory holds exactly
 * these
 * @param groupVars vars for all hosts of the inventory, for example the reboot command
 * @param extraVars vars passed with {@code --extra-vars}: they win over every other var
 * @param check whether to run with {@code --check}, changing nothing
 * @param logFile where to append ansible-playbook's stdout and stderr, {@code null} for nowhere
 */
public record PlaybookRequest(Playbook playbook, List<InventoryHost> hosts, Map<String, Object> groupVars,
		Map<String, Object> extraVars, boolean check, Path logFile) {

	public PlaybookRequest {
		Objects.requireNonNull(playbook, "playbook");
		hosts = List.copyOf(hosts);
		if (hosts.isEmpty()) {
			throw new IllegalArgumentException("a playbook run needs at least one host");
		}
		Set<String> names = new HashSet<>();
		for (InventoryHost host : hosts) {
			if (!names.add(host.name())) {
				throw new IllegalArgumentException("host '" + host.name() + "' appears twice in one playbook run");
			}
		}
		groupVars = copyAllowingNullValues(groupVars);
		extraVars = copyAllowingNullValues(extraVars);
	}

	/** Names the vars without their values: one may be a become password. */
	@Override
	public String toString() {
		return "PlaybookRequest[playbook=" + this.playbook + ", hosts=" + hostNames() + ", groupVars=" + this.groupVars.keySet()
				+ ", extraVars=" + this.extraVars.keySet() + ", check=" + this.check + ", logFile=" + this.logFile + "]";
	}

	/** The names of the request's hosts, in order. */
	public List<String> hostNames() {
		return this.hosts.stream().map(InventoryHost::name).toList();
	}

	// A var set to null is meaningful to Ansible (it overrides a role default), so keep it.
	private static Map<String, Object> copyAllowingNullValues(Map<String, Object> vars) {
		return (vars != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(vars)) : Map.of();
	}

}
