-- The fleet (clusters and their nodes) and what every patch run did to it.
-- Written once for MySQL/MariaDB and H2 in MySQL mode: plain types, named constraints, no vendor SQL.

CREATE TABLE clusters (
    id                   BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name                 VARCHAR(63)  NOT NULL,
    kind                 VARCHAR(16)  NOT NULL,
    timezone             VARCHAR(64)  NOT NULL,
    patch_on_boot        BOOLEAN      NOT NULL,
    -- a preset name (weekly, …) or a custom expression; interpreted by the scheduler
    schedule             VARCHAR(128),
    -- a count ("2") or a percent of the cluster's nodes ("25%")
    max_unavailable      VARCHAR(8)   NOT NULL,
    failure_budget       VARCHAR(8)   NOT NULL,
    ssh_user             VARCHAR(32),
    ssh_private_key_path VARCHAR(1024),
    created_at           DATETIME(6)  NOT NULL,
    updated_at           DATETIME(6)  NOT NULL,
    CONSTRAINT clusters_name_uk UNIQUE (name),
    CONSTRAINT clusters_kind_ck CHECK (kind IN ('provisioned', 'imported', 'eks', 'aks'))
) ENGINE=InnoDB;

CREATE TABLE cluster_contacts (
    cluster_id BIGINT       NOT NULL,
    email      VARCHAR(254) NOT NULL,
    CONSTRAINT cluster_contacts_pk PRIMARY KEY (cluster_id, email),
    CONSTRAINT cluster_contacts_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- extra Ansible inventory variables handed to every node of the cluster
CREATE TABLE cluster_inventory_vars (
    cluster_id BIGINT        NOT NULL,
    name       VARCHAR(128)  NOT NULL,
    var_value  VARCHAR(2048) NOT NULL,
    CONSTRAINT cluster_inventory_vars_pk PRIMARY KEY (cluster_id, name),
    CONSTRAINT cluster_inventory_vars_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE
) ENGINE=InnoDB;

CREATE TABLE nodes (
    id                   BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    cluster_id           BIGINT        NOT NULL,
    name                 VARCHAR(63)   NOT NULL,
    address              VARCHAR(253)  NOT NULL,
    ssh_port             INT           NOT NULL,
    ssh_private_key_path VARCHAR(1024),
    role                 VARCHAR(16)   NOT NULL,
    os_family            VARCHAR(32),
    os_version           VARCHAR(64),
    kernel               VARCHAR(128),
    state                VARCHAR(16)   NOT NULL,
    last_patched_at      DATETIME(6),
    created_at           DATETIME(6)   NOT NULL,
    updated_at           DATETIME(6)   NOT NULL,
    CONSTRAINT nodes_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE,
    CONSTRAINT nodes_name_uk UNIQUE (cluster_id, name),
    CONSTRAINT nodes_role_ck CHECK (role IN ('control-plane', 'worker')),
    CONSTRAINT nodes_state_ck CHECK (state IN ('new', 'ready', 'patching', 'failed', 'unreachable'))
) ENGINE=InnoDB;

CREATE TABLE patch_runs (
    id               BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- the clusters of one launch share it; it identifies the Spring Batch job instance
    launch_id        VARCHAR(36)  NOT NULL,
    cluster_id       BIGINT       NOT NULL,
    trigger_type     VARCHAR(16)  NOT NULL,
    launched_by      VARCHAR(255) NOT NULL,
    window_start     DATETIME(6),
    window_end       DATETIME(6),
    started_at       DATETIME(6)  NOT NULL,
    ended_at         DATETIME(6),
    outcome          VARCHAR(16)  NOT NULL,
    outcome_detail   VARCHAR(1024),
    job_execution_id BIGINT,
    CONSTRAINT patch_runs_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE,
    CONSTRAINT patch_runs_launch_cluster_uk UNIQUE (launch_id, cluster_id),
    CONSTRAINT patch_runs_trigger_ck CHECK (trigger_type IN ('on-demand', 'scheduled', 'boot')),
    CONSTRAINT patch_runs_outcome_ck CHECK (outcome IN ('running', 'compliant', 'partial', 'halted', 'failed'))
) ENGINE=InnoDB;

CREATE INDEX patch_runs_launch_ix ON patch_runs (launch_id);

CREATE TABLE node_results (
    id                BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id            BIGINT        NOT NULL,
    node_id           BIGINT        NOT NULL,
    chunk_number      INT           NOT NULL,
    status            VARCHAR(16)   NOT NULL,
    -- why a skipped, failed or unreachable node did not get patched: 'failed' or 'unreachable'
    failure           VARCHAR(16),
    os_version_before VARCHAR(64),
    kernel_before     VARCHAR(128),
    os_version_after  VARCHAR(64),
    kernel_after      VARCHAR(128),
    target_version    VARCHAR(64),
    packages_changed  INT           NOT NULL,
    -- comma separated names of the packages kept at their version
    held_packages     VARCHAR(1024),
    rebooted          BOOLEAN       NOT NULL,
    attempts          INT           NOT NULL,
    error_text        TEXT,
    started_at        DATETIME(6),
    ended_at          DATETIME(6),
    CONSTRAINT node_results_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE,
    CONSTRAINT node_results_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE,
    CONSTRAINT node_results_run_node_uk UNIQUE (run_id, node_id),
    CONSTRAINT node_results_status_ck CHECK (status IN
        ('patched', 'already-current', 'failed', 'unreachable', 'skipped', 'not-attempted')),
    CONSTRAINT node_results_failure_ck CHECK (failure IS NULL OR failure IN ('failed', 'unreachable'))
) ENGINE=InnoDB;

CREATE TABLE node_result_packages (
    result_id    BIGINT       NOT NULL,
    name         VARCHAR(255) NOT NULL,
    from_version VARCHAR(255),
    to_version   VARCHAR(255),
    security     BOOLEAN      NOT NULL,
    CONSTRAINT node_result_packages_pk PRIMARY KEY (result_id, name),
    CONSTRAINT node_result_packages_result_fk FOREIGN KEY (result_id) REFERENCES node_results (id) ON DELETE CASCADE
) ENGINE=InnoDB;

-- one run per cluster at a time: a row here is the lease of the run that holds the cluster
CREATE TABLE cluster_leases (
    cluster_id  BIGINT       NOT NULL PRIMARY KEY,
    holder      VARCHAR(255) NOT NULL,
    acquired_at DATETIME(6)  NOT NULL,
    renewed_at  DATETIME(6)  NOT NULL,
    CONSTRAINT cluster_leases_cluster_fk FOREIGN KEY (cluster_id) REFERENCES clusters (id) ON DELETE CASCADE
) ENGINE=InnoDB;
