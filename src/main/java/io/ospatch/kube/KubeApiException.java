package io.ospatch.kube;

/**
 * A cluster's Kubernetes API could not be reached or read. Its message is one line for the
 * operator and never holds a kubeconfig's content or a token.
 */
public class KubeApiException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	public KubeApiException(String message, Throwable cause) {
		super(message, cause);
	}

	public KubeApiException(String message) {
		super(message);
	}

}
