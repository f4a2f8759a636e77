package io.ospatch.ansible;

import java.util.Arrays;

/**
 * The {@code ospatch.status} a playbook reports for a host.
 */
public enum PatchStatus {

	/** os-patch upgraded the host. */
	PATCHED("patched"),

	/** The host was already on the latest patch release: nothing to do. */
	ALREADY_CURRENT("already-current"),

	/** os-facts found updates waiting for the host. */
	UPDATES_AVAILABLE("updates-available"),

	/** The playbook failed on the host; {@code error} and {@code failed_task} say where. */
	FAILED("failed");

	private final String contractValue;

	PatchStatus(String contractValue) {
		this.contractValue = contractValue;
	}

	static PatchStatus fromContractValue(String value) {
		return Arrays.stream(values())
			.filter((status) -> status.contractValue.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("unknown ospatch.status '" + value + "'"));
	}

}
