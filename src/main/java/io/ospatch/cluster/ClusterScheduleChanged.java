package io.ospatch.cluster;

/**
 * Published, within the transaction that writes it, when a cluster is created with a schedule or
 * its schedule or timezone changes. A listener that throws {@link InvalidInputException} refuses
 * the change, which then writes nothing.
 *
 * @param cluster the cluster as now stored
 */
public record ClusterScheduleChanged(Cluster cluster) {
}
