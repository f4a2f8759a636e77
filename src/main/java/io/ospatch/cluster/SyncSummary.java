package io.ospatch.cluster;

import java.util.List;
import java.util.Map;

/**
 * What a sync changed in a cluster's nodes. Names are node names, sorted.
 *
 * @param added listed by the API and new here: added in state new
 * @param returned gone before, listed again: back in state new, their history kept
 * @param changed listed with another address, role, OS image or kernel, now recorded
 * @param gone registered but no longer listed: marked gone, their history kept
 * @param unchanged how many listed nodes were already as the API lists them
 * @param refused listed nodes that cannot be registered, with the reason (a name or address
 * ospatch does not take)
 */
public record SyncSummary(List<String> added, List<String> returned, List<String> changed, List<String> gone,
		int unchanged, Map<String, String> refused) {

	public SyncSummary {
		added = added.stream().sorted().toList();
		returned = returned.stream().sorted().toList();
		changed = changed.stream().sorted().toList();
		gone = gone.stream().sorted().toList();
		refused = Map.copyOf(refused);
	}

	/** Whether nothing was written. */
	public boolean nothingChanged() {
		return this.added.isEmpty() && this.returned.isEmpty() && this.changed.isEmpty() && this.gone.isEmpty();
	}

}
