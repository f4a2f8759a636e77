package io.ospatch.cluster;

/**
 * A change refused because a run holds the cluster: its lease is in place. Nothing has been
 * changed when it is thrown; the message tells the operator what to do.
 */
public class ClusterBusyException extends RuntimeException {

	public ClusterBusyException(String message) {
		super(message);
	}

}
