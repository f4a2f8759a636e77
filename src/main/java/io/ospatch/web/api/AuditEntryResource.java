package io.ospatch.web.api;

import io.ospatch.audit.AuditEntry;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An entry of the audit trail, as {@code ospatch audit} shows it.
 *
 * @param at when, ISO-8601 in UTC
 * @param actor who: user@host for the command line, the login name for the web console and API
 * @param action cluster add, cluster set, cluster remove, node add, node remove, import, unlock or launch
 * @param cluster the cluster, or {@code null} for the whole fleet
 * @param detail what changed; never a secret
 */
@Schema(name = "AuditEntry")
record AuditEntryResource(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "2026-11-26T10:15:30.123Z") String at,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "otto") String actor,
		@Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "cluster set") String action,
		@Schema(description = "null for the whole fleet", example = "prod-eu-1") String cluster,
		@Schema(example = "schedule: weekly -> monthly") String detail) {

	static AuditEntryResource of(AuditEntry entry) {
		return new AuditEntryResource(entry.at().toString(), entry.actor(), entry.action(), entry.cluster(), entry.detail());
	}

}
