package io.ospatch.eks;

/**
 * AWS refused or could not be reached, after the SDK's own retries. The message names the call, AWS's
 * error code and message; never a credential.
 */
public class EksApiException extends RuntimeException {

	private final String errorCode;

	public EksApiException(String message, String errorCode, Throwable cause) {
		super(message, cause);
		this.errorCode = errorCode;
	}

	/** AWS's error code ({@code ResourceInUseException}), or the SDK's exception name when AWS did not answer. */
	public String errorCode() {
		return this.errorCode;
	}

}
