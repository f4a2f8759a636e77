package io.ospatch.run;

import java.time.Instant;
import java.util.Arrays;

/**
 * A state change of one node in a run, as it happened: the proof of what was out of service when.
 *
 * @param at when
 * @param nodeName the node
 * @param role its role ({@code control-plane} or {@code worker})
 * @param kind what happened
 * @param detail the particulars (which pod blocked a drain, why it failed), or {@code null}
 */
public record NodeEvent(Instant at, String nodeName, String role, Kind kind, String detail) {

	/** What happened to the node. */
	public enum Kind {

		/** Marked unschedulable by ospatch, with its annotation: out of service from here. */
		CORDONED("cordoned"),
		/** Its pods evicted (DaemonSet and mirror pods stay). */
		DRAINED("drained"),
		/** The playbook started on it: out of service from here where no API drains it. */
		PATCHING("patching"),
		/** The playbook rebooted it. */
		REBOOTED("rebooted"),
		/** The playbook ended well on it (patched or already current). */
		PATCHED("patched"),
		/** Its kubelet reported Ready again after the playbook. */
		READY("ready"),
		/** Made schedulable again by ospatch, its annotation removed: back in service. */
		UNCORDONED("uncordoned"),
		/** Not patched, within the failure budget (failed, unreachable, drain blocked). */
		SKIPPED("skipped"),
		/** Not patched, and past the failure budget; or never Ready again (left cordoned). */
		FAILED("failed"),
		/** Not reached before the maintenance window closed. */
		DEFERRED("deferred"),
		/** Cordoned by someone else: not touched. */
		LEFT_OUT("left-out");

		private final String value;

		Kind(String value) {
			this.value = value;
		}

		public String value() {
			return this.value;
		}

		public static Kind of(String value) {
			return Arrays.stream(values())
				.filter((kind) -> kind.value.equals(value))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("unknown node event in the database: " + value));
		}

		@Override
		public String toString() {
			return this.value;
		}

	}

}
