package io.ospatch.run;

import java.util.Arrays;

/** What launched a patch run. */
public enum Trigger {

	ON_DEMAND("on-demand"), SCHEDULED("scheduled"), BOOT("boot");

	private final String value;

	Trigger(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	static Trigger of(String value) {
		return Arrays.stream(values())
			.filter((trigger) -> trigger.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown trigger in the database: " + value));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
