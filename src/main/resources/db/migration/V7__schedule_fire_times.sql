-- Schedules: the fire time a scheduled run was launched for, the fire times that were missed, and per
-- scheduled cluster the next fire time not yet handled, so that finding the due clusters is one
-- indexed range scan. Written once for MySQL/MariaDB and H2 in MySQL mode.

-- A scheduled run's identity is its cluster and its fire time: each fire time is run (or recorded as
-- missed) at most once, whoever asks again. NULL for runs no schedule launched, which may repeat.
ALTER TABLE patch_runs ADD COLUMN fire_time DATETIME(6);
CREATE UNIQUE INDEX patch_runs_cluster_fire_time_uk ON patch_runs (cluster_id, fire_time);

-- missed: a fire time found after its catch-up window had passed; recorded, never run
ALTER TABLE patch_runs DROP CONSTRAINT patch_runs_outcome_ck;
ALTER TABLE patch_runs ADD CONSTRAINT patch_runs_outcome_ck
    CHECK (outcome IN ('running', 'compliant', 'partial', 'halted', 'failed', 'stopped', 'abandoned', 'missed'));

-- one row per cluster with a schedule: written when the schedule or timezone is set, moved on when
-- its fire time has been handled (run to its end, or recorded as missed)
CREATE TABLE next_fire_times (
    cluster_id BIGINT      NOT NULL PRIMARY KEY,
    fire_time  DATETIME(6) NOT NULL,
    CONSTRAINT next_fire_times_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE INDEX next_fire_times_due_ix ON next_fire_times (fire_time, cluster_id);
