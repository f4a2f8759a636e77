package io.ospatch.rollout;

/**
 * How a rollout ended early, whatever it rolls out: halted (the run is finished), deferred by its
 * maintenance window (finished), or stopped (a stop request, a lost lease: the run stays resumable).
 * Each is a reason, {@code null} while it has not happened.
 */
abstract class RolloutEnds implements RolloutState {

	private String haltReason;

	private String deferReason;

	private String stopReason;

	@Override
	public boolean halted() {
		return this.haltReason != null;
	}

	@Override
	public String haltReason() {
		return this.haltReason;
	}

	void halt(String reason) {
		this.haltReason = reason;
	}

	@Override
	public boolean deferred() {
		return this.deferReason != null;
	}

	@Override
	public String deferReason() {
		return this.deferReason;
	}

	void defer(String reason) {
		this.deferReason = reason;
	}

	@Override
	public String stopReason() {
		return this.stopReason;
	}

	@Override
	public void stop(String reason) {
		this.stopReason = reason;
	}

}
