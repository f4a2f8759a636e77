package io.ospatch.kube;

import java.time.Duration;
import java.util.Map;

/**
 * Takes a cluster's nodes out of service and back through its Kubernetes API, the way a careful
 * operator does by hand: cordon, then evict (so that PodDisruptionBudgets are honoured), and
 * uncordon only what ospatch itself cordoned. Ospatch's cordons carry the annotation
 * {@value #CORDONED_BY} naming the run, so a node cordoned by someone else is never uncordoned, and a
 * resumed run recognises the cordons of the run it resumes.
 */
public interface NodeMaintenance {

	/** The annotation ospatch puts on the nodes it cordons; its value names the run ({@code run-42}). */
	String CORDONED_BY = "ospatch.io/cordoned-by";

	/** The annotation that says why a node ospatch cordoned stays cordoned (it never came back Ready). */
	String KEPT_CORDONED_BECAUSE = "ospatch.io/kept-cordoned-because";

	/**
	 * Cordons the node with {@link #CORDONED_BY}{@code =cordonedBy} (unless it already carries that
	 * very annotation: a resumed run), then evicts its pods through the Eviction API and waits until
	 * they are gone, each within its own termination grace period. DaemonSet-managed and mirror pods
	 * stay; a pod with emptyDir data is evicted only if the policy allows it. An eviction refused by a
	 * PodDisruptionBudget (HTTP 429) is retried until the policy's timeout. A node cordoned by someone
	 * else (unschedulable without our annotation) is not touched. A node cordoned by another ospatch run
	 * (a dead one's) is taken over: re-annotated with {@code cordonedBy}, its
	 * {@link #KEPT_CORDONED_BECAUSE} removed. A blocked drain leaves the node cordoned: the caller
	 * decides, and uncordons it.
	 * @throws KubeApiException when the API cannot be reached or refuses what ospatch may do
	 */
	DrainResult drain(KubeApi api, String node, String cordonedBy, DrainPolicy policy);

	/**
	 * Waits until the node's kubelet reports Ready (condition {@code Ready=True}) or the timeout.
	 * @return whether it is Ready
	 */
	default boolean awaitReady(KubeApi api, String node, Duration timeout) {
		return awaitReady(api, node, null, timeout);
	}

	/**
	 * Waits until the node's kubelet reports Ready and, when {@code bootIdBefore} is given, another
	 * boot ID than that ({@code status.nodeInfo.bootID}): for up to about 40 s after a reboot the API
	 * still shows the Ready of the boot before it, which must not pass for the node being back.
	 * @param bootIdBefore the boot ID read before the node rebooted, or {@code null} if it did not reboot
	 * @return whether it is Ready (after its reboot)
	 */
	boolean awaitReady(KubeApi api, String node, String bootIdBefore, Duration timeout);

	/** The node's current boot ID as its kubelet reports it, or {@code null} if it reports none. */
	String bootId(KubeApi api, String node);

	/**
	 * Uncordons the node and removes ospatch's annotations, but only if it carries
	 * {@link #CORDONED_BY}{@code =cordonedBy}.
	 * @return whether it did
	 */
	boolean uncordon(KubeApi api, String node, String cordonedBy);

	/** Leaves the node cordoned and says why, in {@link #KEPT_CORDONED_BECAUSE}. */
	void keepCordoned(KubeApi api, String node, String cordonedBy, String reason);

	/** The cluster's nodes that carry {@link #CORDONED_BY}, with its value: what ospatch's runs cordoned. */
	Map<String, String> cordonedByOspatch(KubeApi api);

	/** Whether the node is Ready now. */
	boolean ready(KubeApi api, String node);

	/** The cluster's pods as the health gate between chunks compares them: which run and which crash-loop. */
	PodHealth podHealth(KubeApi api);

	/**
	 * How a drain may go.
	 *
	 * @param deleteEmptyDirData whether pods with emptyDir volumes may be evicted (their data is lost)
	 * @param timeout how long evictions refused by a PodDisruptionBudget are retried, and pods waited for
	 */
	record DrainPolicy(boolean deleteEmptyDirData, Duration timeout) {
	}

	/**
	 * What a drain came to.
	 *
	 * @param outcome drained, or why not
	 * @param detail for a blocked drain {@code drain blocked by PodDisruptionBudget <namespace>/<name>}; for
	 * a node left out who cordoned it, if known; else what was evicted
	 */
	record DrainResult(Outcome outcome, String detail) {

		/** What became of the drain. */
		public enum Outcome {

			/** Cordoned by ospatch and every pod that had to go is gone. */
			DRAINED,
			/** Cordoned by someone else: not touched, left out of the rollout. */
			CORDONED_BY_OTHER,
			/** Cordoned, but an eviction was refused until the timeout (a PodDisruptionBudget), or a pod would not go. */
			BLOCKED

		}

	}

	/**
	 * The pods of a cluster, as a health gate reads them.
	 *
	 * @param healthy the pods ({@code namespace/name}) running with every container ready
	 * @param crashLooping the pods with a container waiting in {@code CrashLoopBackOff}
	 */
	record PodHealth(java.util.Set<String> healthy, java.util.Set<String> crashLooping) {
	}

}
