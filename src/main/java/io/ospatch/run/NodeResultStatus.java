package io.ospatch.run;

import java.util.Arrays;

/** What a run did to one node. */
public enum NodeResultStatus {

	/** Upgraded to the latest patch release of its stream. */
	PATCHED("patched"),
	/** Nothing to upgrade: it already was current. */
	ALREADY_CURRENT("already-current"),
	/** Still failing after its retries, and the failure that put the cluster past its failure budget. */
	FAILED("failed"),
	/** Still unreachable after its retries, and the failure that put the cluster past its failure budget. */
	UNREACHABLE("unreachable"),
	/** Still failing or unreachable after its retries; the rollout went on without it, within the budget. */
	SKIPPED("skipped"),
	/** Not reached: the cluster halted before its chunk. */
	NOT_ATTEMPTED("not-attempted"),
	/** Not reached before the cluster's maintenance window closed; the next run starts with it. */
	DEFERRED("deferred"),
	/** Cordoned by someone else than ospatch: not touched, not counted against the failure budget. */
	LEFT_OUT("left-out");

	private final String value;

	NodeResultStatus(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	static NodeResultStatus of(String value) {
		return Arrays.stream(values())
			.filter((status) -> status.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown node result status in the database: " + value));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
