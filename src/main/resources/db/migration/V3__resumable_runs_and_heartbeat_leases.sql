-- Runs that survive a kill: a lease that names its holder and carries a heartbeat, outcomes for a
-- run that was stopped or abandoned, and the events of a run (started, resumed, stopped, ...).
-- Written once for MySQL/MariaDB and H2 in MySQL mode.

-- A lease held by no live run is recognised: by its heartbeat growing old, or, on the same host,
-- by its process being gone. The token changes with every acquisition: only its holder renews or
-- releases the lease, and a take-over is one statement conditional on the token it replaces.
DROP TABLE cluster_leases;

CREATE TABLE cluster_leases (
    cluster_id         BIGINT       NOT NULL PRIMARY KEY,
    token              VARCHAR(36)  NOT NULL,
    run_id             BIGINT,
    host               VARCHAR(255) NOT NULL,
    pid                BIGINT       NOT NULL,
    process_started_at DATETIME(6),
    acquired_at        DATETIME(6)  NOT NULL,
    heartbeat_at       DATETIME(6)  NOT NULL,
    CONSTRAINT cluster_leases_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- stopped: by a signal or a lost lease, resumable; abandoned: given up for a fresh run (--fresh)
ALTER TABLE patch_runs DROP CONSTRAINT patch_runs_outcome_ck;
ALTER TABLE patch_runs ADD CONSTRAINT patch_runs_outcome_ck
    CHECK (outcome IN ('running', 'compliant', 'partial', 'halted', 'failed', 'stopped', 'abandoned'));

CREATE INDEX patch_runs_cluster_outcome_ix ON patch_runs (cluster_id, outcome);

CREATE TABLE run_events (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id      BIGINT        NOT NULL,
    occurred_at DATETIME(6)   NOT NULL,
    event       VARCHAR(32)   NOT NULL,
    detail      VARCHAR(1024),
    CONSTRAINT run_events_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE INDEX run_events_run_ix ON run_events (run_id, occurred_at);
