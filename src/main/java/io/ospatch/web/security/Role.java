package io.ospatch.web.security;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.ospatch.cluster.InvalidInputException;

/** What a user of the web console may do; an operator may do all a viewer may. */
public enum Role {

	/** Reads: the fleet, clusters, runs, reports. */
	VIEWER,
	/** Changes settings, launches patches, removes clusters; and reads. */
	OPERATOR;

	/** As written in a users file: {@code viewer} or {@code operator}. */
	public String value() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	static Role of(String value) {
		return Arrays.stream(values())
			.filter((role) -> role.value().equals(value))
			.findFirst()
			.orElseThrow(() -> new InvalidInputException("role '" + value + "' is not one of "
					+ Arrays.stream(values()).map(Role::value).collect(Collectors.joining(", "))));
	}

}
