package io.ospatch.eks;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An update of a node group, as {@code DescribeUpdate} reports it.
 *
 * @param id the update's id
 * @param status where it is
 * @param releaseVersion the AMI release it updates to, when AWS says so
 * @param createdAt when AWS created it, when it says so
 * @param errors what went wrong, for a failed update
 */
public record EksUpdate(String id, Status status, String releaseVersion, Instant createdAt, List<Error> errors) {

	public EksUpdate {
		errors = List.copyOf(errors);
	}

	/** The errors as one line: {@code NodeCreationFailure: Instances failed to join the kubernetes cluster [i-1a2b]}. */
	public String errorsJoined() {
		return this.errors.stream().map(Error::toString).collect(Collectors.joining("; "));
	}

	/** An update's status, AWS's {@code UpdateStatus}. */
	public enum Status {

		IN_PROGRESS("InProgress"), SUCCESSFUL("Successful"), FAILED("Failed"), CANCELLED("Cancelled");

		private final String aws;

		Status(String aws) {
			this.aws = aws;
		}

		public boolean terminal() {
			return this != IN_PROGRESS;
		}

		/** As AWS spells it. */
		@Override
		public String toString() {
			return this.aws;
		}

		static Optional<Status> of(String aws) {
			return Arrays.stream(values()).filter((status) -> status.aws.equals(aws)).findFirst();
		}

	}

	/**
	 * One of AWS's errors of an update.
	 *
	 * @param code AWS's error code ({@code NodeCreationFailure})
	 * @param message AWS's message
	 * @param resourceIds the resources concerned (instance ids), if any
	 */
	public record Error(String code, String message, List<String> resourceIds) {

		public Error {
			resourceIds = List.copyOf(resourceIds);
		}

		@Override
		public String toString() {
			return this.code + ": " + this.message
					+ (this.resourceIds.isEmpty() ? "" : " " + this.resourceIds.toString());
		}

	}

}
