package io.ospatch.web.api;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The body of {@code POST /api/v1/clusters} and {@code PATCH /api/v1/clusters/{name}}, for the OpenAPI
 * document: the settings of {@code ospatch cluster add} and {@code cluster set}, with their rules and
 * messages. Read as {@link ClusterSettingsBody} reads it (JSON merge patch for a change). Files are
 * paths on the server, read when needed: their content is never sent, stored or shown.
 *
 * @param name the cluster's name (required to add one; to change one, if given, the same)
 * @param kind provisioned, imported, eks or aks (--kind)
 * @param timezone its schedule's timezone (--timezone)
 * @param patchOnBoot patch new nodes when they first appear (--patch-on-boot)
 * @param schedule a preset or a cron expression; null clears it (--schedule)
 * @param maxUnavailable workers patched at once, a count or a percent (--max-unavailable)
 * @param failureBudget nodes that may be skipped before it halts (--failure-budget)
 * @param maintenanceWindow e.g. 4h, 90m; null clears it (--maintenance-window)
 * @param contacts security contacts, replacing the stored ones; null clears them (--contacts)
 * @param sshUser null clears it (--ssh-user)
 * @param sshKey path of the SSH private key on the server; null clears it (--ssh-key)
 * @param knownHosts path of the known-hosts file on the server; null clears it (--known-hosts)
 * @param jumpHost [user@]host[:port]; null clears it (--jump-host)
 * @param becomePasswordFile path of an owner-only file on the server holding the become password;
 * null clears it (--become-password-file)
 * @param inventoryVars variables to set; one given null is removed, the others stay; null removes
 * them all (--inventory-var)
 * @param kubeconfig absolute path of a kubeconfig on the server, or in-cluster; null clears it (--kubeconfig)
 * @param kubeContext the kubeconfig's context; null clears it (--kube-context)
 * @param drainDeleteEmptyDirData whether drains may evict pods with emptyDir data (--drain-emptydir-data)
 * @param eks for kind eks; null clears every EKS setting
 * @param webhook the cluster's own webhook; null clears it with its secret file
 */
@Schema(name = "ClusterSettingsRequest",
		description = "A cluster's settings, as ospatch cluster add and cluster set take them. To change a cluster: a JSON "
				+ "merge patch (RFC 7396): members left out stay, null clears an optional setting (as none does on the "
				+ "command line), a variable of inventoryVars given null is removed.")
record ClusterSettingsRequest(@Schema(description = "required to add a cluster; to change one, if given, its name",
		example = "prod-eu-1") String name,
		@Schema(description = "provisioned (default), imported, eks or aks", example = "provisioned") String kind,
		@Schema(description = "IANA timezone of the schedule (default UTC)", example = "Europe/Paris") String timezone,
		@Schema(description = "patch new nodes when they first appear (default false)") Boolean patchOnBoot,
		@Schema(description = "weekly, every-two-weeks, monthly, every-two-months or a cron expression; null clears it",
				example = "30 2 15 6 *") String schedule,
		@Schema(description = "workers patched at once: a count or a percent (default 1)", example = "25%") String maxUnavailable,
		@Schema(description = "nodes that may be skipped before the rollout halts: a count or a percent (default 0)",
				example = "1") String failureBudget,
		@Schema(description = "how long after a fire time chunks may start, 1m to 168h; null clears it", example = "4h") String maintenanceWindow,
		@Schema(description = "security contacts (replace the stored ones); null clears them") List<String> contacts,
		@Schema(description = "SSH user; null clears it") String sshUser,
		@Schema(description = "path of the SSH private key on the server (must exist); null clears it") String sshKey,
		@Schema(description = "path of the known-hosts file on the server (must exist); null clears it") String knownHosts,
		@Schema(description = "[user@]host[:port]; null clears it", example = "ops@bastion.example.com:22") String jumpHost,
		@Schema(description = "path of an owner-only file on the server holding the become password (never its content); null clears it") String becomePasswordFile,
		@Schema(description = "inventory variables to set; a variable given null is removed, the others stay; null removes all") Map<String, String> inventoryVars,
		@Schema(description = "absolute path of a kubeconfig on the server, or in-cluster; null clears it") String kubeconfig,
		@Schema(description = "the kubeconfig's context; null clears it") String kubeContext,
		@Schema(description = "whether drains may evict pods with emptyDir data (default false)") Boolean drainDeleteEmptyDirData,
		@Schema(description = "for kind eks: the EKS cluster; null clears every EKS setting") Eks eks,
		@Schema(description = "the cluster's own webhook; null clears it with its secret file") Webhook webhook) {

	/**
	 * An EKS cluster's target, as {@code --eks-cluster}, {@code --region}, {@code --nodegroups} and
	 * {@code --eks-force} give it.
	 *
	 * @param cluster the EKS cluster's name
	 * @param region its AWS region
	 * @param nodegroups the node groups to update; null for every one
	 * @param force whether updates may evict pods past their PodDisruptionBudgets
	 */
	@Schema(name = "EksSettingsRequest")
	record Eks(@Schema(example = "shop-prod") String cluster, @Schema(example = "eu-west-1") String region,
			@Schema(description = "node groups to update; null for every one") List<String> nodegroups, Boolean force) {
	}

	/**
	 * The cluster's own webhook, as {@code --webhook-url} and {@code --webhook-secret-file} give it.
	 *
	 * @param url http or https URL (shown redacted afterwards); null clears the webhook
	 * @param secretFile path of an owner-only file on the server whose first line signs the calls; null: unsigned
	 */
	@Schema(name = "WebhookSettingsRequest")
	record Webhook(@Schema(description = "http or https; shown only as scheme://host/… afterwards") String url,
			@Schema(description = "path of an owner-only file on the server holding the signing secret; null: unsigned") String secretFile) {
	}

}
