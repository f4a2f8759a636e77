package io.ospatch.rollout;

/** The machine running ospatch cannot run a rollout (no ansible-playbook, no playbooks). */
public class PreflightException extends RuntimeException {

	PreflightException(String message) {
		super(message);
	}

}
