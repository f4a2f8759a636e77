package io.ospatch.run;

import java.util.Arrays;

/** How a run left one EKS node group: the node groups' counterpart of {@link NodeResultStatus}. */
public enum NodegroupStatus {

	/** AWS replaced its nodes with the latest release. */
	SUCCESSFUL("successful"),
	/** Already on the latest release: no update was sent. */
	CURRENT("current"),
	/** AWS gave up on the update, or refused to start it; the result's error says why. Counts against the budget. */
	FAILED("failed"),
	/** The update was cancelled at AWS. Counts against the budget. */
	CANCELLED("cancelled"),
	/** Still in progress at AWS when ospatch.eks.update-timeout ran out; it goes on there. Counts against the budget. */
	TIMED_OUT("timed-out"),
	/** Following was stopped (a stop request): the update goes on at AWS and the resumed run follows it. */
	STOPPED("stopped"),
	/** Cannot be updated through AWS's node-group update (a custom AMI, say): left alone, not against the budget. */
	NOT_UPDATABLE("not-updatable"),
	/** Not reached: the run halted before it. */
	NOT_ATTEMPTED("not-attempted"),
	/** Not reached before the cluster's maintenance window closed; the next run updates it. */
	DEFERRED("deferred");

	private final String value;

	NodegroupStatus(String value) {
		this.value = value;
	}

	public String value() {
		return this.value;
	}

	/** Whether the node group runs the latest release after the run. */
	public boolean upToDate() {
		return this == SUCCESSFUL || this == CURRENT;
	}

	/** Whether it counts against the cluster's failure budget, as a failed node does. */
	public boolean failure() {
		return this == FAILED || this == CANCELLED || this == TIMED_OUT;
	}

	/** Whether a resumed run still has to deal with it: only a stopped update is followed again. */
	public boolean settled() {
		return this != STOPPED;
	}

	static NodegroupStatus of(String value) {
		return Arrays.stream(values())
			.filter((status) -> status.value.equals(value))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("unknown node group status in the database: " + value));
	}

	@Override
	public String toString() {
		return this.value;
	}

}
