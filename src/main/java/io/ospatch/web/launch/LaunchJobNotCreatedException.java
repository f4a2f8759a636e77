package io.ospatch.web.launch;

/**
 * The Kubernetes Job of a launch could not be created (API unreachable or refusing, template missing
 * or unusable): its run stays stopped and resumable, nothing leased. One line for the operator.
 */
public class LaunchJobNotCreatedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	LaunchJobNotCreatedException(String message, Throwable cause) {
		super(message, cause);
	}

}
