-- Draining, canary, maintenance windows: every state change of every node in a run (the proof that
-- no more than max-unavailable nodes were out of service at once), nodes deferred by a closed window
-- or left out because someone else cordoned them, and the clusters' window and drain policy.
-- Written once for MySQL/MariaDB and H2 in MySQL mode.

CREATE TABLE node_events (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id      BIGINT        NOT NULL,
    node_id     BIGINT        NOT NULL,
    occurred_at DATETIME(6)   NOT NULL,
    -- cordoned, drained, patching, rebooted, patched, ready, uncordoned, skipped, failed, deferred, left-out
    event       VARCHAR(16)   NOT NULL,
    detail      VARCHAR(1024),
    CONSTRAINT node_events_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE,
    CONSTRAINT node_events_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE INDEX node_events_run_ix ON node_events (run_id, occurred_at, id);

-- deferred: not reached before the cluster's maintenance window closed (the next run starts with it);
-- left-out: cordoned by someone else than ospatch, so not touched
ALTER TABLE node_results DROP CONSTRAINT node_results_status_ck;
ALTER TABLE node_results ADD CONSTRAINT node_results_status_ck CHECK (status IN
    ('patched', 'already-current', 'failed', 'unreachable', 'skipped', 'not-attempted', 'deferred', 'left-out'));

-- deferred: the maintenance window closed before every node was reached; finished, never resumed
ALTER TABLE patch_runs DROP CONSTRAINT patch_runs_outcome_ck;
ALTER TABLE patch_runs ADD CONSTRAINT patch_runs_outcome_ck
    CHECK (outcome IN ('running', 'compliant', 'partial', 'halted', 'failed', 'stopped', 'abandoned', 'missed',
                       'deferred'));

-- how long after its fire time (or its launch) a run may start chunks, e.g. '4h'; NULL: no window
ALTER TABLE clusters ADD COLUMN maintenance_window VARCHAR(16);
-- whether a drain may evict pods that keep data in an emptyDir volume (that data is lost)
ALTER TABLE clusters ADD COLUMN drain_delete_emptydir BOOLEAN DEFAULT FALSE NOT NULL;
