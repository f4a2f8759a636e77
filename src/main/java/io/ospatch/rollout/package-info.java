/**
 * Provides the rolling patch job and its rules: a cluster's nodes split into rolling chunks
 * (control plane one at a time, a single-node canary, then workers up to max-unavailable; workers the
 * previous run deferred first), each chunk claimed, drained where the cluster has a Kubernetes API,
 * patched by one Ansible run, brought back into service and recorded, transient failures retried,
 * failing nodes skipped within the cluster's failure budget, no chunk started once the cluster's
 * maintenance window has closed, a soak and a health gate between chunks, every node's state
 * changes logged as they happen; and a launch that leases its clusters and resumes their unfinished
 * runs (on demand, or for the fire times the {@code schedule} package finds due).
 *
 * <p>"Chunk" means one thing here: a rolling chunk, the nodes patched (and unavailable) together.
 * The job's step is a tasklet that patches one rolling chunk per call; Spring Batch's own notion
 * of a chunk of items is not used. This is where Spring Batch meets the {@code ansible},
 * {@code lease} and {@code run} packages; each cluster run is a job instance of its own, built from
 * the database alone, so it can be restarted by any process.
 *
 * <p>An EKS cluster's run is a job of its own, the node-group job ({@link io.ospatch.rollout.NodegroupJobConfiguration}):
 * it updates node groups through the {@code eks} package instead of patching nodes, under the same
 * launch, lease, stop, failure budget, maintenance window and run outcomes
 * ({@link io.ospatch.rollout.RolloutState} is what both jobs' runs are opened and closed by).
 */
package io.ospatch.rollout;
