package io.ospatch.rollout;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ospatch.cluster.Cluster;
import io.ospatch.lease.Lease;

/**
 * The first half of a launch ({@link PatchLauncher#open}): its clusters leased and their runs opened
 * (or resumed), nothing patched yet. Whoever holds it hands it exactly once to
 * {@link PatchLauncher#run} or {@link PatchLauncher#withdraw}: until then its clusters stay leased (the
 * heartbeat keeps the leases alive) and a stop request waits for it.
 */
public final class OpenedRuns {

	private final String launchId;

	private final LaunchRequest request;

	private final List<ClusterLaunch> leased;

	private final Map<String, String> busy;

	private final Map<String, String> notPatchable;

	private final Map<String, String> nothingToDo;

	private final Map<String, Long> alreadyRun;

	private final RolloutStop.Running running;

	private final AtomicBoolean handedOver = new AtomicBoolean();

	OpenedRuns(String launchId, LaunchRequest request, List<ClusterLaunch> leased, Map<String, String> busy,
			Map<String, String> notPatchable, Map<String, String> nothingToDo, Map<String, Long> alreadyRun,
			RolloutStop.Running running) {
		this.launchId = launchId;
		this.request = request;
		this.leased = List.copyOf(leased);
		this.busy = Map.copyOf(busy);
		this.notPatchable = Map.copyOf(notPatchable);
		this.nothingToDo = Map.copyOf(nothingToDo);
		this.alreadyRun = Map.copyOf(alreadyRun);
		this.running = running;
	}

	public String launchId() {
		return this.launchId;
	}

	/** The run opened or resumed for each leased cluster, by cluster name, in launch order. */
	public Map<String, Long> runIds() {
		Map<String, Long> ids = new LinkedHashMap<>();
		this.leased.forEach((launch) -> ids.put(launch.cluster().name(), launch.runId()));
		return ids;
	}

	/** Clusters left alone because another run holds them, with the reason. */
	public Map<String, String> busy() {
		return this.busy;
	}

	LaunchRequest request() {
		return this.request;
	}

	List<ClusterLaunch> leased() {
		return this.leased;
	}

	Map<String, String> notPatchable() {
		return this.notPatchable;
	}

	Map<String, String> nothingToDo() {
		return this.nothingToDo;
	}

	Map<String, Long> alreadyRun() {
		return this.alreadyRun;
	}

	/** Marks it handed over; a second hand-over would patch or release twice. */
	void handOver() {
		if (!this.handedOver.compareAndSet(false, true)) {
			throw new IllegalStateException("launch " + this.launchId + " was already run or withdrawn");
		}
	}

	/** Tells the stop that this launch no longer runs. */
	void closeRunning() {
		this.running.close();
	}

	/** A leased cluster of a launch and the run it opened or resumed. */
	record ClusterLaunch(Cluster cluster, Lease lease, long runId) {
	}

}
