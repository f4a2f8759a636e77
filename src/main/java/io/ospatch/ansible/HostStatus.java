package io.ospatch.ansible;

/**
 * How a playbook run ended for one host, as ansible-playbook counts it.
 */
public enum HostStatus {

	/** No task failed on the host (rescued failures included). */
	OK,

	/** A task failed on the host, or ansible-playbook reported nothing for it. */
	FAILED,

	/** Ansible could not reach the host, or lost it during the run. */
	UNREACHABLE

}
