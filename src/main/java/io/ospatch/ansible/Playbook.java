package io.ospatch.ansible;

/**
 * The playbooks of {@code playbooks/} that ospatch runs.
 */
public enum Playbook {

	/** Brings a node to the latest patch release of its stream, rebooting when needed. */
	OS_PATCH("os-patch.yml"),

	/** Reports a node's OS version and pending updates without changing anything. */
	OS_FACTS("os-facts.yml");

	private final String fileName;

	Playbook(String fileName) {
		this.fileName = fileName;
	}

	/** The playbook's file name inside the playbooks directory. */
	public String fileName() {
		return this.fileName;
	}

}
