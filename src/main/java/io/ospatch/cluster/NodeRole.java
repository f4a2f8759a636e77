package io.ospatch.cluster;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A node's role; control-plane nodes are patched one at a time, before any worker. */
public enum NodeRole {

	CONTROL_PLANE("control-plane"), WORKER("worker");

	private final String value;

	NodeRole(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	public static NodeRole of(String value) {
		return Arrays.stream(values())
			.filter((role) -> role.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("unknown node role '" + InputRules.printable(value) + "': expected one of "
					+ Arrays.stream(values()).map(NodeRole::value).collect(Collectors.joining(", "))));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
