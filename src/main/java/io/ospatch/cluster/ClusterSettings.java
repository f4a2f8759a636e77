package io.ospatch.cluster;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Settings of a cluster as an operator gives them, from the command line or a fleet file. A
 * {@code null} component means "not given": defaults apply when a cluster is created, and the
 * stored value stays when one is changed. An optional setting given as {@value #NONE} is cleared:
 * back to its default, which for every optional setting is "none".
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
 * @param inventoryVars extra inventory variables, all of them: replaces the stored ones (default none)
 * @param kubeAccess how its Kubernetes API is reached, as {@code --kubeconfig} gives it (with its
 * context, if given): replaces the stored access whole (default none)
 * @param kubeContext a context of the stored kubeconfig, given without {@code --kubeconfig}
 * @param maintenanceWindow how long after a run's fire time (or start) new chunks may start (default none)
 * @param drainDeleteEmptyDirData whether drains may evict pods with emptyDir data (default false)
 * @param eksCluster the EKS cluster's name, for kind eks
 * @param region the EKS cluster's AWS region, for kind eks
 * @param nodegroups the node groups to update (default: every managed node group); {@value #ALL} clears them
 * @param eksForce whether node-group updates may evict pods past their PodDisruptionBudgets (default false)
 * @param webhookUrl the cluster's own webhook, called on its runs' start and end (default none)
 * @param webhookSecretFile owner-only file holding the secret that signs its webhook calls, read
 * when one is sent (default none: unsigned)
 * @param cleared the optional settings given as {@value #NONE}, by their option names (schedule,
 * contacts, ssh-user, ssh-key, known-hosts, jump-host, become-password-file, kubeconfig, kube-context,
 * maintenance-window, eks-cluster (all eks settings), nodegroups, webhook-url (with its secret file),
 * webhook-secret-file)
 * @param inventoryVarEdits changes to the stored inventory variables, applied after
 * {@code inventoryVars}: a name with a value sets it, a name with an empty value removes it
 */
public record ClusterSettings(ClusterKind kind, ZoneId timezone, Boolean patchOnBoot, String schedule,
		CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
		Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars,
		KubeAccess kubeAccess, String kubeContext, Duration maintenanceWindow, Boolean drainDeleteEmptyDirData,
		String eksCluster, String region, List<String> nodegroups, Boolean eksForce, URI webhookUrl,
		Path webhookSecretFile, Set<String> cleared, Map<String, String> inventoryVarEdits) {

	/** The value that clears an optional setting. */
	public static final String NONE = "none";

	/** The value of nodegroups that means every managed node group. */
	public static final String ALL = "all";

	public ClusterSettings {
		cleared = (cleared != null) ? Set.copyOf(cleared) : Set.of();
		inventoryVarEdits = (inventoryVarEdits != null) ? Map.copyOf(inventoryVarEdits) : Map.of();
	}

	public static ClusterSettings none() {
		return new ClusterSettings(null, null, null, null, null, null, null, null, null, null, null, null, null, null,
				null, null, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * Reads settings written as text (command-line options, fleet files), checking each one.
	 * Arguments may be {@code null} for "not given"; an optional one may be {@value #NONE} (for
	 * contacts: the only element), which clears it.
	 * @throws InvalidInputException naming the first bad value
	 */
	public static ClusterSettings fromText(String kind, String timezone, Boolean patchOnBoot, String schedule,
			String maxUnavailable, String failureBudget, List<String> contacts, String sshUser, String sshKey,
			String knownHosts, String jumpHost, String becomePasswordFile, Map<String, String> inventoryVars,
			String kubeconfig, String kubeContext) {
		return fromText(kind, timezone, patchOnBoot, schedule, maxUnavailable, failureBudget, contacts, sshUser, sshKey,
				knownHosts, jumpHost, becomePasswordFile, inventoryVars, kubeconfig, kubeContext, null, null);
	}

	/**
	 * As {@link #fromText(String, String, Boolean, String, String, String, List, String, String, String, String, String, Map, String, String)},
	 * with the rollout's settings: the maintenance window ({@code 4h}, {@code 90m} or {@value #NONE})
	 * and whether drains may delete emptyDir data.
	 * @throws InvalidInputException naming the first bad value
	 */
	public static ClusterSettings fromText(String kind, String timezone, Boolean patchOnBoot, String schedule,
			String maxUnavailable, String failureBudget, List<String> contacts, String sshUser, String sshKey,
			String knownHosts, String jumpHost, String becomePasswordFile, Map<String, String> inventoryVars,
			String kubeconfig, String kubeContext, String maintenanceWindow, Boolean drainDeleteEmptyDirData) {
		return fromText(kind, timezone, patchOnBoot, schedule, maxUnavailable, failureBudget, contacts, sshUser, sshKey,
				knownHosts, jumpHost, becomePasswordFile, inventoryVars, kubeconfig, kubeContext, maintenanceWindow,
				drainDeleteEmptyDirData, null, null, null, null);
	}

	/**
	 * As the overload above, with an EKS cluster's settings: its name, region, node groups
	 * ({@value #ALL} as the only element: every one) and force flag.
	 * @throws InvalidInputException naming the first bad value
	 */
	public static ClusterSettings fromText(String kind, String timezone, Boolean patchOnBoot, String schedule,
			String maxUnavailable, String failureBudget, List<String> contacts, String sshUser, String sshKey,
			String knownHosts, String jumpHost, String becomePasswordFile, Map<String, String> inventoryVars,
			String kubeconfig, String kubeContext, String maintenanceWindow, Boolean drainDeleteEmptyDirData,
			String eksCluster, String region, List<String> nodegroups, Boolean eksForce) {
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
		Set<String> cleared = new TreeSet<>();
		schedule = given("schedule", schedule, cleared);
		sshUser = given("ssh-user", sshUser, cleared);
		sshKey = given("ssh-key", sshKey, cleared);
		knownHosts = given("known-hosts", knownHosts, cleared);
		jumpHost = given("jump-host", jumpHost, cleared);
		becomePasswordFile = given("become-password-file", becomePasswordFile, cleared);
		kubeconfig = given("kubeconfig", kubeconfig, cleared);
		kubeContext = given("kube-context", kubeContext, cleared);
		maintenanceWindow = given("maintenance-window", maintenanceWindow, cleared);
		eksCluster = given("eks-cluster", eksCluster, cleared);
		if (nodegroups != null && nodegroups.size() == 1 && ALL.equals(nodegroups.get(0).strip())) {
			cleared.add("nodegroups");
			nodegroups = null;
		}
		else if (nodegroups != null && nodegroups.isEmpty()) {
			throw new InvalidInputException("nodegroups: name at least one node group, or all");
		}
		KubeAccess kubeAccess = null;
		if (kubeconfig != null) {
			kubeAccess = InputRules.kubeAccess(kubeconfig, (kubeContext != null) ? InputRules.kubeContext(kubeContext) : null);
			kubeContext = null;
		}
		else if (cleared.contains("kubeconfig") && (kubeContext != null)) {
			throw new InvalidInputException("kube-context: a context belongs to a kubeconfig, which is being cleared");
		}
		if (contacts != null && contacts.size() == 1 && NONE.equals(contacts.get(0).strip())) {
			cleared.add("contacts");
			contacts = null;
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
				(becomePasswordFile != null) ? BecomePassword.file(becomePasswordFile) : null, vars, kubeAccess,
				(kubeContext != null) ? InputRules.kubeContext(kubeContext) : null,
				(maintenanceWindow != null) ? InputRules.maintenanceWindow(maintenanceWindow) : null,
				drainDeleteEmptyDirData, (eksCluster != null) ? InputRules.eksClusterName(eksCluster.strip()) : null,
				(region != null) ? InputRules.awsRegion(region.strip()) : null,
				(nodegroups != null) ? nodegroups.stream().map(String::strip).map(InputRules::nodegroupName).distinct().toList()
						: null,
				eksForce, null, null, cleared, null);
	}

	/** Splits "a, b" as given to {@code --nodegroups}. */
	public static List<String> splitNodegroups(String nodegroups) {
		return Arrays.stream(nodegroups.split(",", -1)).map(String::strip).toList();
	}

	/** @return {@code value}, or {@code null} with {@code setting} noted as cleared when it is {@value #NONE} */
	private static String given(String setting, String value, Set<String> cleared) {
		if (value != null && NONE.equals(value.strip())) {
			cleared.add(setting);
			return null;
		}
		return value;
	}

	/**
	 * These settings with changes to single inventory variables, as {@code --inventory-var} gives
	 * them: {@code NAME=VALUE} sets NAME, {@code NAME=} removes it, the others stay.
	 * @throws InvalidInputException naming the first bad variable
	 */
	public ClusterSettings withInventoryVarEdits(Map<String, String> edits) {
		if (edits == null) {
			return this;
		}
		Map<String, String> checked = new HashMap<>();
		edits.forEach((name, value) -> {
			if (value == null || value.isEmpty()) {
				// any well-formed name: a variable stored before the allowlist must be removable too
				checked.put(InputRules.inventoryVarName(name), "");
			}
			else {
				InputRules.inventoryVar(name, value);
				checked.put(name, value);
			}
		});
		return new ClusterSettings(this.kind, this.timezone, this.patchOnBoot, this.schedule, this.maxUnavailable,
				this.failureBudget, this.contacts, this.sshUser, this.sshKey, this.knownHosts, this.jumpHost,
				this.becomePasswordFile, this.inventoryVars, this.kubeAccess, this.kubeContext, this.maintenanceWindow,
				this.drainDeleteEmptyDirData, this.eksCluster, this.region, this.nodegroups, this.eksForce,
				this.webhookUrl, this.webhookSecretFile, this.cleared, checked);
	}

	/**
	 * These settings with the cluster's own webhook, as {@code --webhook-url} and
	 * {@code --webhook-secret-file} give it ({@code null}: not given; {@value #NONE}: cleared).
	 * @throws InvalidInputException naming the bad value, never repeating the URL
	 */
	public ClusterSettings withWebhook(String url, String secretFile) {
		if (url == null && secretFile == null) {
			return this;
		}
		Set<String> cleared = new TreeSet<>(this.cleared);
		url = given("webhook-url", url, cleared);
		secretFile = given("webhook-secret-file", secretFile, cleared);
		return new ClusterSettings(this.kind, this.timezone, this.patchOnBoot, this.schedule, this.maxUnavailable,
				this.failureBudget, this.contacts, this.sshUser, this.sshKey, this.knownHosts, this.jumpHost,
				this.becomePasswordFile, this.inventoryVars, this.kubeAccess, this.kubeContext, this.maintenanceWindow,
				this.drainDeleteEmptyDirData, this.eksCluster, this.region, this.nodegroups, this.eksForce,
				(url != null) ? ClusterWebhook.url(url) : null,
				(secretFile != null) ? ClusterWebhook.secretFile(secretFile) : null, cleared, this.inventoryVarEdits);
	}

	/** Splits "a@x, b@y" as given to {@code --contacts}. */
	public static List<String> splitContacts(String contacts) {
		return Arrays.stream(contacts.split(",")).map(String::strip).filter((email) -> !email.isEmpty()).toList();
	}

	/** These settings applied over {@code base}: what is given here wins, what is cleared is gone. */
	Cluster applyTo(Cluster base) {
		Map<String, String> vars = new TreeMap<>((this.inventoryVars != null) ? this.inventoryVars : base.inventoryVars());
		this.inventoryVarEdits.forEach((name, value) -> {
			if (value.isEmpty()) {
				vars.remove(name);
			}
			else {
				vars.put(name, value);
			}
		});
		Cluster applied = new Cluster(base.id(), base.name(), (this.kind != null) ? this.kind : base.kind(),
				(this.timezone != null) ? this.timezone : base.timezone(),
				(this.patchOnBoot != null) ? this.patchOnBoot : base.patchOnBoot(),
				pick("schedule", this.schedule, base.schedule()),
				(this.maxUnavailable != null) ? this.maxUnavailable : base.maxUnavailable(),
				(this.failureBudget != null) ? this.failureBudget : base.failureBudget(),
				this.cleared.contains("contacts") ? List.of()
						: (this.contacts != null) ? this.contacts : base.contacts(),
				pick("ssh-user", this.sshUser, base.sshUser()), pick("ssh-key", this.sshKey, base.sshKey()),
				pick("known-hosts", this.knownHosts, base.knownHosts()),
				pick("jump-host", this.jumpHost, base.jumpHost()),
				pick("become-password-file", this.becomePasswordFile, base.becomePasswordFile()), vars,
				kubeAccessOver(base), pick("maintenance-window", this.maintenanceWindow, base.maintenanceWindow()),
				(this.drainDeleteEmptyDirData != null) ? this.drainDeleteEmptyDirData : base.drainDeleteEmptyDirData(),
				eksOver(base), webhookOver(base));
		return applied.requireSettingsFitKind();
	}

	/**
	 * The webhook given changes the stored one part by part; webhook-url none clears it with its
	 * secret file, and a secret file alone signs nothing.
	 */
	private ClusterWebhook webhookOver(Cluster base) {
		if (this.cleared.contains("webhook-url")) {
			if (this.webhookSecretFile != null) {
				throw new InvalidInputException("cluster '" + base.name()
						+ "': webhook-url none clears the webhook with its secret file; webhook-secret-file cannot be given with it");
			}
			return null;
		}
		ClusterWebhook stored = base.webhook();
		URI url = (this.webhookUrl != null) ? this.webhookUrl : (stored != null) ? stored.url() : null;
		Path secretFile = this.cleared.contains("webhook-secret-file") ? null : (this.webhookSecretFile != null)
				? this.webhookSecretFile : (stored != null) ? stored.secretFile() : null;
		if (url == null) {
			if (secretFile != null) {
				throw new InvalidInputException("cluster '" + base.name()
						+ "': webhook-secret-file signs the cluster's webhook calls: give its webhook-url too");
			}
			return null;
		}
		return new ClusterWebhook(url, secretFile);
	}

	/** The EKS settings given change the stored ones one by one; eks-cluster none clears them all. */
	private EksTarget eksOver(Cluster base) {
		if (this.cleared.contains("eks-cluster")) {
			if (this.region != null || this.nodegroups != null || this.eksForce != null) {
				throw new InvalidInputException("cluster '" + base.name()
						+ "': eks-cluster none clears every EKS setting; region, nodegroups and eks-force cannot be given with it");
			}
			return null;
		}
		EksTarget stored = base.eks();
		if (this.eksCluster == null && this.region == null && this.nodegroups == null && this.eksForce == null
				&& !this.cleared.contains("nodegroups")) {
			return stored;
		}
		return new EksTarget((this.eksCluster != null) ? this.eksCluster : (stored != null) ? stored.clusterName() : null,
				(this.region != null) ? this.region : (stored != null) ? stored.region() : null,
				this.cleared.contains("nodegroups") ? List.of()
						: (this.nodegroups != null) ? this.nodegroups : (stored != null) ? stored.nodegroups() : List.of(),
				(this.eksForce != null) ? this.eksForce : stored != null && stored.force());
	}

	/**
	 * A kubeconfig given replaces the stored access, context included; a context given alone, or
	 * cleared, changes only the context of the stored kubeconfig.
	 */
	private KubeAccess kubeAccessOver(Cluster base) {
		if (this.cleared.contains("kubeconfig")) {
			return null;
		}
		if (this.kubeAccess != null) {
			return this.kubeAccess;
		}
		boolean contextCleared = this.cleared.contains("kube-context");
		if (this.kubeContext == null && !contextCleared) {
			return base.kubeAccess();
		}
		if (base.kubeAccess() == null || base.kubeAccess().inCluster()) {
			throw new InvalidInputException("cluster '" + base.name() + "': kube-context: a context belongs to a kubeconfig "
					+ "file; give it with --kubeconfig FILE");
		}
		return new KubeAccess(base.kubeAccess().kubeconfig(), contextCleared ? null : this.kubeContext, false);
	}

	private <T> T pick(String setting, T given, T stored) {
		if (this.cleared.contains(setting)) {
			return null;
		}
		return (given != null) ? given : stored;
	}

	/** A new cluster named {@code name} with these settings and the defaults for the rest. */
	Cluster newCluster(String name) {
		return applyTo(defaults(name));
	}

	/** The cluster {@code cluster add NAME} registers when no setting is given: every one at its default. */
	public static Cluster defaults(String name) {
		return new Cluster(0, name, ClusterKind.PROVISIONED, ZoneId.of("UTC"), false, null, CountOrPercent.count(1),
				CountOrPercent.count(0), List.of(), null, null, null, null, null, Map.of(), null, null, false);
	}

}
