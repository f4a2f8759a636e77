package io.ospatch.cluster;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Settings of a cluster as an operator gives them, from the command line or a fleet file. A
 * {@code null} component means "not given": defaults apply when a cluster is created, and the
 * stored value stays when one is changed.
 *
 * @param kind where the cluster comes from (default provisioned)
 * @param timezone its timezone (default UTC)
 * @param patchOnBoot patch new nodes when they appear (default false)
 * @param schedule a schedule preset or custom cron expression (default none)
 * @param maxUnavailable workers patched at once, count or percent (default 1)
 * @param failureBudget nodes that may be skipped before halting, count or percent (default 0)
 * @param contacts security contacts' emails (default none)
 * @param sshUser SSH user (default Ansible's)
 * @param sshKey SSH private key (default the agent's or the user's keys)
 * @param knownHosts known-hosts file, host keys checked strictly against it (default SSH's own files)
 * @param jumpHost {@code [user@]host[:port]} to reach the nodes through (default none)
 * @param becomePasswordFile owner-only file holding the become password, read at run time (default none)
 * @param inventoryVars extra inventory variables (default none)
 */
public record ClusterSettings(ClusterKind kind, ZoneId timezone, Boolean patchOnBoot, String schedule,
		CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
		Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars) {

	public static ClusterSettings none() {
		return new ClusterSettings(null, null, null, null, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * Reads settings written as text (command-line options, fleet files), checking each one.
	 * Arguments may be {@code null} for "not given".
	 * @throws InvalidInputException naming the first bad value
	 */
	public static ClusterSettings fromText(String kind, String timezone, Boolean patchOnBoot, String schedule,
			String maxUnavailable, String failureBudget, List<String> contacts, String sshUser, String sshKey,
			String knownHosts, String jumpHost, String becomePasswordFile, Map<String, String> inventoryVars) {
		CountOrPercent parsedMaxUnavailable = (maxUnavailable != null)
				? CountOrPercent.parse("max-unavailable", maxUnavailable) : null;
		if (parsedMaxUnavailable != null && parsedMaxUnavailable.value() == 0) {
			throw new InvalidInputException("max-unavailable: must be at least 1 (or a percent above 0)");
		}
		Map<String, String> vars = null;
		if (inventoryVars != null) {
			vars = new TreeMap<>();
			for (Map.Entry<String, String> variable : inventoryVars.entrySet()) {
				InputRules.inventoryVar(variable.getKey(), variable.getValue());
				vars.put(variable.getKey(), variable.getValue());
			}
		}
		return new ClusterSettings((kind != null) ? ClusterKind.of(kind) : null,
				(timezone != null) ? InputRules.timezone(timezone) : null, patchOnBoot,
				(schedule != null) ? InputRules.schedule(schedule) : null, parsedMaxUnavailable,
				(failureBudget != null) ? CountOrPercent.parse("failure-budget", failureBudget) : null,
				(contacts != null) ? contacts.stream().map(String::strip).map(InputRules::email).distinct().toList() : null,
				(sshUser != null) ? InputRules.sshUser(sshUser) : null,
				(sshKey != null) ? InputRules.keyFile(sshKey) : null,
				(knownHosts != null) ? InputRules.knownHostsFile(Path.of(knownHosts)) : null,
				(jumpHost != null) ? InputRules.jumpHost(jumpHost) : null,
				(becomePasswordFile != null) ? BecomePassword.file(becomePasswordFile) : null, vars);
	}

	/** Splits "a@x, b@y" as given to {@code --contacts}. */
	public static List<String> splitContacts(String contacts) {
		return Arrays.stream(contacts.split(",")).map(String::strip).filter((email) -> !email.isEmpty()).toList();
	}

	/** These settings applied over {@code base}: what is given here wins. */
	Cluster applyTo(Cluster base) {
		return new Cluster(base.id(), base.name(), (this.kind != null) ? this.kind : base.kind(),
				(this.timezone != null) ? this.timezone : base.timezone(),
				(this.patchOnBoot != null) ? this.patchOnBoot : base.patchOnBoot(),
				(this.schedule != null) ? this.schedule : base.schedule(),
				(this.maxUnavailable != null) ? this.maxUnavailable : base.maxUnavailable(),
				(this.failureBudget != null) ? this.failureBudget : base.failureBudget(),
				(this.contacts != null) ? this.contacts : base.contacts(),
				(this.sshUser != null) ? this.sshUser : base.sshUser(),
				(this.sshKey != null) ? this.sshKey : base.sshKey(),
				(this.knownHosts != null) ? this.knownHosts : base.knownHosts(),
				(this.jumpHost != null) ? this.jumpHost : base.jumpHost(),
				(this.becomePasswordFile != null) ? this.becomePasswordFile : base.becomePasswordFile(),
				(this.inventoryVars != null) ? this.inventoryVars : base.inventoryVars());
	}

	/** A new cluster named {@code name} with these settings and the defaults for the rest. */
	Cluster newCluster(String name) {
		Cluster defaults = new Cluster(0, name, ClusterKind.PROVISIONED, ZoneId.of("UTC"), false, null,
				CountOrPercent.count(1), CountOrPercent.count(0), List.of(), null, null, null, null, null,
				Map.of());
		return applyTo(defaults);
	}

}
