-- EKS clusters: which AWS cluster and node groups a cluster of kind eks is, and what each node-group
-- update of a run did. Written once for MySQL/MariaDB and H2 in MySQL mode.

-- the EKS cluster's name and AWS region; NULL on every other kind
ALTER TABLE clusters ADD COLUMN eks_cluster_name VARCHAR(100);
ALTER TABLE clusters ADD COLUMN eks_region VARCHAR(32);
-- comma separated node group names; NULL: every managed node group of the EKS cluster
ALTER TABLE clusters ADD COLUMN eks_nodegroups VARCHAR(1024);
-- whether an update may evict pods past their PodDisruptionBudgets (AWS's force flag)
ALTER TABLE clusters ADD COLUMN eks_force BOOLEAN DEFAULT FALSE NOT NULL;

-- one row per node group a run updated, written when AWS accepts the update (so a resumed run
-- follows it by its id instead of starting another) and completed when it ends
CREATE TABLE nodegroup_results (
    id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id         BIGINT        NOT NULL,
    nodegroup      VARCHAR(63)   NOT NULL,
    release_before VARCHAR(64),
    release_after  VARCHAR(64),
    update_id      VARCHAR(64),
    -- NULL while the update runs; then AWS's final status or ours (successful, failed, cancelled,
    -- timed-out, stopped, current, not-updatable)
    status         VARCHAR(16),
    -- AWS's error codes and messages of a failed update
    error_text     TEXT,
    started_at     DATETIME(6),
    ended_at       DATETIME(6),
    CONSTRAINT nodegroup_results_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE,
    CONSTRAINT nodegroup_results_run_uk UNIQUE (run_id, nodegroup)
) ENGINE=InnoDB;
