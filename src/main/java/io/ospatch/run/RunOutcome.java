package io.ospatch.run;

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
	/** Stopped by an error of ospatch or its surroundings, not of a node; the same command resumes it. */
	FAILED("failed"),
	/** Stopped before the end (a signal, a lost lease); the same command resumes it. */
	STOPPED("stopped"),
	/** Given up for a fresh run ({@code patch --fresh}); never resumed. */
	ABANDONED("abandoned"),
	/** A schedule's fire time found after its catch-up window had passed: recorded, never run. */
	MISSED("missed"),
	/**
	 * The cluster's maintenance window closed before every node was reached: those are deferred to
	 * the next run; never resumed.
	 */
	DEFERRED("deferred");

	private final String value;

	RunOutcome(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	/** Whether a run with this outcome is over for good: nothing resumes it. */
	public boolean finished() {
		return this == COMPLIANT || this == PARTIAL || this == HALTED || this == ABANDONED || this == MISSED
				|| this == DEFERRED;
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
