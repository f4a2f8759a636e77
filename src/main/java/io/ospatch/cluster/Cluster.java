package io.ospatch.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A cluster as stored.
 *
 * @param id database id
 * @param name unique name
 * @param kind where it comes from; decides whether it can be patched
 * @param timezone the zone its schedule and windows are read in
 * @param patchOnBoot whether new nodes are patched when they first appear
 * @param schedule a schedule preset or custom expression, or {@code null} for none
 * @param maxUnavailable how many workers may be patched at once
 * @param failureBudget how many nodes may be skipped before the rollout halts
 * @param contacts security contacts who receive the compliance report
 * @param sshUser the SSH user for its nodes, or {@code null} for Ansible's default
 * @param sshKey the private key for its nodes, or {@code null} for the SSH agent/default keys
 * @param knownHosts the known-hosts file its nodes' host keys are strictly checked against, or
 * {@code null} for SSH's own known-hosts files
 * @param jumpHost {@code [user@]host[:port]} its nodes are reached through, or {@code null} for
 * directly
 * @param becomePasswordFile the owner-only file holding its become password, read when a playbook
 * runs, or {@code null} for none
 * @param inventoryVars extra Ansible inventory variables for all its nodes
 * @param kubeAccess how its Kubernetes API is reached to read its nodes, or {@code null} for no API
 * (nodes registered by hand or by import); where there is one, rollouts also cordon and drain through it
 * @param maintenanceWindow how long after a run's fire time (or its start, for a run no schedule
 * fired) new rolling chunks may start, or {@code null} for no window
 * @param drainDeleteEmptyDirData whether a drain may evict pods that keep data in an emptyDir
 * volume (that data is lost)
 * @param eks which EKS cluster and node groups it is, for kind eks; {@code null} for every other kind
 * @param webhook its own webhook, called on its runs' start and end besides the global one, or
 * {@code null} for none
 */
public record Cluster(long id, String name, ClusterKind kind, ZoneId timezone, boolean patchOnBoot, String schedule,
		CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
		Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars, KubeAccess kubeAccess,
		Duration maintenanceWindow, boolean drainDeleteEmptyDirData, EksTarget eks, ClusterWebhook webhook) {

	public Cluster {
		contacts = contacts.stream().sorted().toList();
		inventoryVars = Map.copyOf(inventoryVars);
	}

	/** A cluster without a webhook of its own. */
	public Cluster(long id, String name, ClusterKind kind, ZoneId timezone, boolean patchOnBoot, String schedule,
			CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
			Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars,
			KubeAccess kubeAccess, Duration maintenanceWindow, boolean drainDeleteEmptyDirData, EksTarget eks) {
		this(id, name, kind, timezone, patchOnBoot, schedule, maxUnavailable, failureBudget, contacts, sshUser, sshKey,
				knownHosts, jumpHost, becomePasswordFile, inventoryVars, kubeAccess, maintenanceWindow,
				drainDeleteEmptyDirData, eks, null);
	}

	/** A cluster of any kind but eks. */
	public Cluster(long id, String name, ClusterKind kind, ZoneId timezone, boolean patchOnBoot, String schedule,
			CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
			Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars,
			KubeAccess kubeAccess, Duration maintenanceWindow, boolean drainDeleteEmptyDirData) {
		this(id, name, kind, timezone, patchOnBoot, schedule, maxUnavailable, failureBudget, contacts, sshUser, sshKey,
				knownHosts, jumpHost, becomePasswordFile, inventoryVars, kubeAccess, maintenanceWindow,
				drainDeleteEmptyDirData, null);
	}

	/** A cluster with no maintenance window that never evicts emptyDir data: the defaults. */
	public Cluster(long id, String name, ClusterKind kind, ZoneId timezone, boolean patchOnBoot, String schedule,
			CountOrPercent maxUnavailable, CountOrPercent failureBudget, List<String> contacts, String sshUser,
			Path sshKey, Path knownHosts, String jumpHost, Path becomePasswordFile, Map<String, String> inventoryVars,
			KubeAccess kubeAccess) {
		this(id, name, kind, timezone, patchOnBoot, schedule, maxUnavailable, failureBudget, contacts, sshUser, sshKey,
				knownHosts, jumpHost, becomePasswordFile, inventoryVars, kubeAccess, null, false);
	}

	/** @throws InvalidInputException saying why, if its kind cannot be patched by a rollout */
	public Cluster requirePatchable() {
		this.kind.patchRefusal().ifPresent((reason) -> {
			throw new InvalidInputException("cluster '" + this.name + "' cannot be patched: " + reason);
		});
		return this;
	}

	/**
	 * @throws InvalidInputException saying why, if its kind cannot be patched or it does not patch on boot
	 */
	public Cluster requireBootable() {
		requirePatchable();
		this.kind.bootRefusal().ifPresent((reason) -> {
			throw new InvalidInputException("cluster '" + this.name + "' cannot be patched on boot: " + reason);
		});
		if (!this.patchOnBoot) {
			throw new InvalidInputException("cluster '" + this.name + "' does not patch on boot; 'ospatch cluster set "
					+ this.name + " --patch-on-boot true' makes it, 'ospatch patch --cluster " + this.name + "' patches it now");
		}
		return this;
	}

	/**
	 * Patch on boot and schedules patch nodes: a kind that cannot be patched refuses them, rather
	 * than keep a setting that would never act.
	 * @throws InvalidInputException saying why, if it asks for patch on boot and its kind cannot be patched
	 */
	Cluster requireSettingsFitKind() {
		if (this.kind == ClusterKind.EKS) {
			if (this.eks == null || this.eks.clusterName() == null || this.eks.region() == null) {
				throw new InvalidInputException("cluster '" + this.name
						+ "': kind eks needs the EKS cluster's name and region (--eks-cluster NAME --region REGION)");
			}
		}
		else if (this.eks != null) {
			throw new InvalidInputException("cluster '" + this.name + "': eks-cluster, region, nodegroups and eks-force "
					+ "are settings of kind eks, not of " + this.kind + "; clear them with --eks-cluster none");
		}
		if (this.patchOnBoot) {
			this.kind.bootRefusal().ifPresent((reason) -> {
				throw new InvalidInputException("cluster '" + this.name + "': patch-on-boot cannot be set on its kind ("
						+ this.kind + "): " + reason);
			});
		}
		return this;
	}

	/**
	 * An EKS cluster's nodes belong to its managed node groups, which AWS replaces on each update: ospatch
	 * keeps no nodes of it, so that none is shown as unpatched, or patched over SSH behind AWS's back.
	 * @throws InvalidInputException saying why, if its kind keeps no nodes
	 */
	public Cluster requireOwnNodes() {
		if (this.kind.updatesNodegroups()) {
			throw new InvalidInputException("cluster '" + this.name + "' is of kind " + this.kind
					+ ": its nodes belong to its node groups, which AWS replaces when ospatch updates them; it has no nodes "
					+ "in ospatch ('ospatch plan --cluster " + this.name + "' shows its node groups)");
		}
		return this;
	}

	/**
	 * A schedule patches the cluster unattended, so only a kind that ospatch patches may have one.
	 * @throws InvalidInputException saying why, if it has a schedule and its kind cannot be patched
	 */
	public Cluster requireSchedulable() {
		if (this.schedule != null) {
			this.kind.patchRefusal().ifPresent((reason) -> {
				throw new InvalidInputException("cluster '" + this.name + "' cannot have a schedule: " + reason
						+ (this.id != 0 ? "; clear it with --schedule none" : ""));
			});
		}
		return this;
	}

	/**
	 * Checks what was stored against today's rules: a row written before them, or by hand, must
	 * not reach Ansible.
	 * @throws InvalidInputException naming the cluster and the first value that breaks a rule
	 */
	public Cluster requireSafeConnection() {
		try {
			this.inventoryVars.forEach(InputRules::inventoryVar);
			if (this.jumpHost != null) {
				InputRules.jumpHost(this.jumpHost);
			}
			if (this.knownHosts != null) {
				InputRules.knownHostsFile(this.knownHosts);
			}
			if (this.sshUser != null) {
				InputRules.sshUser(this.sshUser);
			}
			if (this.becomePasswordFile != null) {
				BecomePassword.read(this.becomePasswordFile);
			}
		}
		catch (InvalidInputException ex) {
			throw new InvalidInputException("cluster '" + this.name + "': " + ex.getMessage());
		}
		return this;
	}

}
