package io.ospatch.cluster;

import java.util.Arrays;

/** What ospatch last knew of a node. */
public enum NodeState {

	/** Registered, never patched by ospatch. */
	NEW("new"),
	/** Patched (or found current) by the last run that reached it. */
	READY("ready"),
	/** A run is patching it right now. */
	PATCHING("patching"),
	/** The last run failed on it. */
	FAILED("failed"),
	/** The last run could not reach it. */
	UNREACHABLE("unreachable"),
	/**
	 * No longer listed by its cluster's Kubernetes API: kept with its history, never patched,
	 * planned or counted, until a sync sees it again.
	 */
	GONE("gone");

	private final String value;

	NodeState(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	public static NodeState of(String value) {
		return Arrays.stream(values())
			.filter((state) -> state.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown node state in the database: " + value));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
