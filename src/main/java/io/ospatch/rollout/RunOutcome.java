package io.ospatch.rollout;

import java.util.Arrays;

/** How a cluster's patch run ended. */
public enum RunOutcome {

	/** Still going. */
	RUNNING("running"),
	/** Every node patched or already current. */
	COMPLIANT("compliant"),
	/** Done, with nodes skipped within the failure budget. */
	PARTIAL("partial"),
	/** Stopped because skipped nodes went past the failure budget; later nodes were not attempted. */
	HALTED("halted"),
	/** Stopped by an error of ospatch or its surroundings, not of a node. */
	FAILED("failed");

	private final String value;

	RunOutcome(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	static RunOutcome of(String value) {
		return Arrays.stream(values())
			.filter((outcome) -> outcome.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown run outcome in the database: " + value));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
