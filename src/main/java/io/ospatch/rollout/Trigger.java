package io.ospatch.rollout;

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

	@Override
	public String toString() {
		return this.value;
	}

}
