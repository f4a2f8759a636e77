package io.ospatch.run;

import java.time.Instant;

/**
 * Something that happened to a run, beyond its node results: for whoever reads its history.
 *
 * @param at when
 * @param kind what
 * @param detail the particulars (who, why), or {@code null}
 */
public record RunEvent(Instant at, Kind kind, String detail) {

	/** What happened. */
	public enum Kind {

		/** A launch started the run. */
		STARTED("started"),
		/** A launch picked the run up again after it was interrupted. */
		RESUMED("resumed"),
		/** The process running it was found gone (killed, crashed) by the launch that took it over. */
		INTERRUPTED("interrupted"),
		/** Stopped by a signal; resumable. */
		STOPPED("stopped"),
		/** Its lease was gone when it renewed it; it started no further chunk. */
		LEASE_LOST("lease-lost"),
		/** An error of ospatch or its surroundings ended it; resumable. */
		FAILED("failed"),
		/** Given up for a fresh run. */
		ABANDONED("abandoned"),
		/** Its cluster's lease was released by hand. */
		UNLOCKED("unlocked"),
		/** Handed to a Kubernetes Job, whose {@code ospatch patch --cluster} resumes it; the detail names the Job. */
		JOB_CREATED("job-created"),
		/** It ended: compliant, partial or halted. */
		ENDED("ended");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		static Kind of(String value) {
			for (Kind kind : values()) {
				if (kind.value.equals(value)) {
					return kind;
				}
			}
			throw new IllegalStateException("unknown run event in the database: " + value);
		}

		@Override
		public String toString() {
			return this.value;
		}

	}

}
