/**
 * Provides the rolling patch job: clusters split into chunks (control plane one at a time, then
 * workers up to max-unavailable), each chunk patched by one Ansible run, transient failures retried,
 * failing nodes skipped within the cluster's failure budget, and every node's result recorded.
 *
 * <p>This is where Spring Batch meets the {@code ansible} package. The job is partitioned by
 * cluster; a partition needs nothing but its execution context and the database, so it could run
 * as a remote partition on another machine.
 */
package io.ospatch.rollout;
