package io.ospatch.cli;

import java.util.Map;

import io.ospatch.cluster.ClusterSettings;
import picocli.CommandLine.Option;

/**
 * The options that set a cluster's settings, shared by {@code cluster add} and {@code cluster set}.
 * Every optional one is cleared the same way: given as {@code none}.
 */
class ClusterSettingOptions {

	@Option(names = "--kind", paramLabel = "KIND",
			description = "provisioned (patched with Ansible), imported, eks (needs --eks-cluster and --region) or aks (refused, with the reason). Default: provisioned.")
	String kind;

	@Option(names = "--max-unavailable", paramLabel = "N|P%",
			description = "Workers patched at once: a count or a percent of the cluster's nodes (rounds down, at least 1). Default: 1.")
	String maxUnavailable;

	@Option(names = "--failure-budget", paramLabel = "N|P%",
			description = "Nodes that may be skipped before the rollout halts: a count or a percent. Default: 0.")
	String failureBudget;

	@Option(names = "--timezone", paramLabel = "ZONE", description = "Timezone of its schedule, e.g. Europe/Paris. Default: UTC.")
	String timezone;

	@Option(names = "--patch-on-boot", paramLabel = "true|false", arity = "1",
			description = "Patch new nodes when they first appear. Not for imported, eks or aks clusters. Default: false.")
	Boolean patchOnBoot;

	@Option(names = "--schedule", paramLabel = "SCHEDULE",
			description = "When 'ospatch scheduled' patches it, in its --timezone: weekly, every-two-weeks, monthly, every-two-months, or a cron expression 'minute hour day-of-month month day-of-week' ('30 2 15 6 *'); none clears it. Not for imported or aks clusters; an eks cluster's node groups are updated. 'ospatch schedule' shows the fire times. Default: none.")
	String schedule;

	@Option(names = "--contacts", paramLabel = "EMAILS", description = "Security contacts, comma separated: a@x.org,b@y.org; replaces the cluster's contacts; none clears them. Default: none.")
	String contacts;

	@Option(names = "--ssh-user", paramLabel = "USER", description = "SSH user for its nodes; none clears it. Default: Ansible's.")
	String sshUser;

	@Option(names = "--ssh-key", paramLabel = "PATH", description = "SSH private key for its nodes; must exist (a file named none: ./none); none clears it. Default: the SSH agent's or the user's keys.")
	String sshKey;

	@Option(names = "--known-hosts", paramLabel = "FILE",
			description = "Known-hosts file with its nodes' host keys; ospatch has SSH check them strictly against it (StrictHostKeyChecking=yes). Must exist; none clears it. Default: SSH's own known-hosts files.")
	String knownHosts;

	@Option(names = "--jump-host", paramLabel = "[USER@]HOST[:PORT]",
			description = "Reach its nodes through this jump host (SSH ProxyJump); none clears it. Default: directly.")
	String jumpHost;

	@Option(names = "--become-password-file", paramLabel = "FILE",
			description = "Owner-only file (0600 or 0400) holding its become (sudo) password, read each time a playbook runs: the password is never stored. Preferred to an ansible_become_password inventory variable. Must exist. Default: none.")
	String becomePasswordFile;

	@Option(names = "--inventory-var", paramLabel = "NAME=VALUE",
			description = "Extra Ansible inventory variable for its nodes; repeat for more. NAME=VALUE sets NAME, NAME= (empty) removes it; the cluster's other variables stay. Only the variables the README lists are allowed (become, Python interpreter, the os_patch role's inputs). Default: none.")
	Map<String, String> inventoryVars;

	@Option(names = "--kubeconfig", paramLabel = "FILE|in-cluster",
			description = "How 'ospatch sync' reads its nodes from its Kubernetes API: a kubeconfig file (an absolute path; only the path is stored, its content is never shown or logged), or in-cluster for the service account of the pod ospatch runs in. Replaces the stored one with its context; none clears it. Default: none (nodes registered by hand or import).")
	String kubeconfig;

	@Option(names = "--kube-context", paramLabel = "NAME",
			description = "The kubeconfig's context to use; none clears it. Default: the kubeconfig's current context.")
	String kubeContext;

	@Option(names = "--maintenance-window", paramLabel = "DURATION|none",
			description = "How long after a run's fire time (or its launch, for 'patch' and 'boot') new rolling chunks may start, e.g. 4h, 90m, 1h30m (1m to 168h). Nodes not reached when it closes are recorded deferred and patched first by the cluster's next run. none clears it. Default: none (no window).")
	String maintenanceWindow;

	@Option(names = "--drain-emptydir-data", paramLabel = "true|false", arity = "1",
			description = "Whether draining a node before it is patched may evict pods that keep data in an emptyDir volume (the data is lost); with false such a pod blocks the drain and its node is skipped. Only for clusters with a Kubernetes API (--kubeconfig). Default: false.")
	Boolean drainEmptyDirData;

	@Option(names = "--eks-cluster", paramLabel = "NAME",
			description = "For kind eks: the EKS cluster's name (1-100 letters, digits, - and _). none clears every EKS setting.")
	String eksCluster;

	@Option(names = "--region", paramLabel = "REGION", description = "For kind eks: the EKS cluster's AWS region, e.g. eu-west-1.")
	String region;

	@Option(names = "--nodegroups", paramLabel = "NAMES|all",
			description = "For kind eks: the managed node groups to update, comma separated: a,b; all for every one. Default: all.")
	String nodegroups;

	@Option(names = "--eks-force", paramLabel = "true|false", arity = "1",
			description = "For kind eks: whether node-group updates may evict pods past their PodDisruptionBudgets (AWS's force flag). Default: false.")
	Boolean eksForce;

	@Option(names = "--webhook-url", paramLabel = "URL|none",
			description = "The cluster's own webhook (http or https), called with a JSON summary when its runs start and end, besides the global ospatch.notify.webhook-url; shown and logged only as scheme://host/…, as such URLs carry secrets. none clears it with its secret file. Default: none.")
	String webhookUrl;

	@Option(names = "--webhook-secret-file", paramLabel = "FILE|none",
			description = "Owner-only file (0600 or 0400) whose first line is the secret that signs the cluster's webhook calls (header X-Ospatch-Signature), read each time one is sent: the secret is never stored. none clears it. Default: none (unsigned).")
	String webhookSecretFile;

	ClusterSettings toSettings() {
		return ClusterSettings.fromText(this.kind, this.timezone, this.patchOnBoot, this.schedule, this.maxUnavailable,
				this.failureBudget, (this.contacts != null) ? ClusterSettings.splitContacts(this.contacts) : null,
				this.sshUser, this.sshKey, this.knownHosts, this.jumpHost, this.becomePasswordFile, null, this.kubeconfig,
				this.kubeContext, this.maintenanceWindow, this.drainEmptyDirData, this.eksCluster, this.region,
				(this.nodegroups != null) ? ClusterSettings.splitNodegroups(this.nodegroups) : null, this.eksForce)
			.withInventoryVarEdits(this.inventoryVars)
			.withWebhook(this.webhookUrl, this.webhookSecretFile);
	}

}
