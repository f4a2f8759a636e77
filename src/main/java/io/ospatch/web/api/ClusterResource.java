package io.ospatch.web.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

/**
 * A cluster as the API shows it: its settings as {@code ospatch cluster show} prints them, files
 * by their path, never their content; inventory variables that look like credentials read
 * {@code (hidden)}.
 *
 * @param name its name
 * @param kind its kind
 * @param notPatchedBecause why ospatch does not patch its kind, or {@code null}
 * @param nodes its registered nodes (gone ones not counted)
 * @param timezone the zone its schedule and window are read in
 * @param patchOnBoot whether new nodes are patched when they first appear
 * @param schedule its schedule (a preset or cron expression), or {@code null}
 * @param nextFireTime its next fire time not yet handled, ISO-8601 in its timezone, or {@code null}
 * @param maxUnavailable workers patched at once (count or percent)
 * @param failureBudget nodes that may be skipped before it halts (count or percent)
 * @param maintenanceWindow how long after a fire time chunks may start (e.g. 4h), or {@code null}
 * @param contacts its security contacts
 * @param sshUser the SSH user, or {@code null} for Ansible's default
 * @param sshKey the path of the SSH private key, or {@code null}
 * @param knownHosts the path of the known-hosts file checked strictly, or {@code null}
 * @param jumpHost the jump host, or {@code null}
 * @param becomePasswordFile the path of the file holding the become password (read when a playbook
 * runs; never its content), or {@code null}
 * @param inventoryVars extra inventory variables, credential-like values hidden
 * @param kubernetesApi how its Kubernetes API is reached (a kubeconfig path and context, or
 * in-cluster), or {@code null} for none
 * @param drainDeleteEmptyDirData whether a drain may evict pods with emptyDir data
 * @param eks the EKS cluster and node groups, for kind eks; otherwise {@code null}
 * @param webhook its own webhook, redacted, or {@code null} for none
 */
@Schema(name = "ClusterResource")
public record ClusterResource(@Schema(requiredMode = REQUIRED) String name, @Schema(requiredMode = REQUIRED) String kind,
		String notPatchedBecause, @Schema(requiredMode = REQUIRED) int nodes, @Schema(requiredMode = REQUIRED) String timezone,
		@Schema(requiredMode = REQUIRED) boolean patchOnBoot, String schedule, String nextFireTime,
		@Schema(requiredMode = REQUIRED) String maxUnavailable, @Schema(requiredMode = REQUIRED) String failureBudget,
		String maintenanceWindow, @Schema(requiredMode = REQUIRED) List<String> contacts, String sshUser, String sshKey,
		String knownHosts, String jumpHost, String becomePasswordFile,
		@Schema(requiredMode = REQUIRED) Map<String, String> inventoryVars, String kubernetesApi,
		@Schema(requiredMode = REQUIRED) boolean drainDeleteEmptyDirData, Eks eks, Webhook webhook) {

	/**
	 * An EKS cluster's target.
	 *
	 * @param cluster the EKS cluster's name
	 * @param region its AWS region
	 * @param nodegroups the node groups updated; empty for all
	 * @param force whether updates may evict pods past their PodDisruptionBudgets
	 */
	@Schema(name = "EksResource")
	public record Eks(@Schema(requiredMode = REQUIRED) String cluster, @Schema(requiredMode = REQUIRED) String region,
			@Schema(requiredMode = REQUIRED) List<String> nodegroups, @Schema(requiredMode = REQUIRED) boolean force) {
	}

	/**
	 * A cluster's own webhook, as {@code ospatch cluster show} shows it.
	 *
	 * @param url its URL redacted to {@code scheme://host[:port]/…}: such URLs carry secrets
	 * @param secretFile the path of the file whose first line signs its calls (never its content),
	 * or {@code null} for unsigned calls
	 */
	@Schema(name = "WebhookResource")
	public record Webhook(@Schema(requiredMode = REQUIRED) String url, String secretFile) {
	}

}
