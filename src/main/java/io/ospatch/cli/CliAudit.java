package io.ospatch.cli;

import io.ospatch.audit.AuditTrail;

/**
 * The command line's entries in the audit trail: by {@code user@host}, as its runs name who launched
 * them ({@link PatchCommand#launchedBy()}). Recorded once a change is made; a refused one records nothing.
 */
final class CliAudit {

	private CliAudit() {
	}

	static void record(Beans beans, String action, String cluster, String detail) {
		beans.get(AuditTrail.class).record(PatchCommand.launchedBy(), action, cluster, detail);
	}

}
