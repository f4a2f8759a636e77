package io.ospatch.rollout;

/**
 * A chunk cut off by a stop: its playbook was stopped, or a retry was not waited for. None of its
 * nodes has a result; a resumed run patches them again.
 */
class ChunkStoppedException extends RuntimeException {

	ChunkStoppedException(String message, Throwable cause) {
		super(message, cause);
	}

}
