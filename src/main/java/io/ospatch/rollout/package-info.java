/**
 * Provides the rolling patch job and its rules: a cluster's nodes split into rolling chunks
 * (control plane one at a time, then workers up to max-unavailable), each chunk claimed, patched by
 * one Ansible run and recorded, transient failures retried, failing nodes skipped within the
 * cluster's failure budget, and a launch that leases its clusters and resumes their unfinished runs
 * (on demand, or for the fire times the {@code schedule} package finds due).
 *
 * <p>"Chunk" means one thing here: a rolling chunk, the nodes patched (and unavailable) together.
 * The job's step is a tasklet that patches one rolling chunk per call; Spring Batch's own notion
 * of a chunk of items is not used. This is where Spring Batch meets the {@code ansible},
 * {@code lease} and {@code run} packages; each cluster run is a job instance of its own, built from
 * the database alone, so it can be restarted by any process.
 */
package io.ospatch.rollout;
