-- The audit trail: who changed the fleet or launched a patch, when, and what, from the command line,
-- the web console or the REST API. Written once for MySQL/MariaDB and H2 in MySQL mode.
-- Rows are only ever added. The cluster is kept by name, not by a foreign key: the trail of a
-- cluster outlives its removal (its last entry says who removed it).
CREATE TABLE audit_trail (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    occurred_at  DATETIME(6)   NOT NULL,
    -- user@host for the command line, the login name for the web console and the API
    actor        VARCHAR(255)  NOT NULL,
    -- cluster add, cluster set, cluster remove, node add, node remove, import, unlock, launch
    action       VARCHAR(32)   NOT NULL,
    -- NULL: the whole fleet (patch --all)
    cluster_name VARCHAR(63),
    -- what changed, secrets never included (files by path, webhook URLs redacted, credential-like
    -- inventory variables hidden)
    detail       VARCHAR(2048)
) ENGINE=InnoDB;

CREATE INDEX audit_trail_cluster_ix ON audit_trail (cluster_name, occurred_at, id);
CREATE INDEX audit_trail_time_ix ON audit_trail (occurred_at, id);
