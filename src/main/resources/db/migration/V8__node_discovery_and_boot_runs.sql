-- Node discovery from Kubernetes and patch on boot.
-- Written once for MySQL/MariaDB and H2 in MySQL mode.

-- How ospatch reaches a cluster's Kubernetes API to read its nodes: a kubeconfig file (absolute path;
-- only the path is stored, never its content) and optionally one of its contexts, or the service
-- account of the pod ospatch runs in. All NULL/FALSE: no API, nodes are registered by hand or import.
ALTER TABLE clusters ADD COLUMN kubeconfig_path VARCHAR(1024);
ALTER TABLE clusters ADD COLUMN kube_context VARCHAR(253);
ALTER TABLE clusters ADD COLUMN kube_in_cluster BOOLEAN DEFAULT FALSE NOT NULL;

-- gone: no longer listed by the cluster's API. Kept with its history, never patched, planned or counted.
ALTER TABLE nodes DROP CONSTRAINT nodes_state_ck;
ALTER TABLE nodes ADD CONSTRAINT nodes_state_ck
    CHECK (state IN ('new', 'ready', 'patching', 'failed', 'unreachable', 'gone'));

-- the OS image its kubelet reports (status.nodeInfo.osImage, e.g. "Debian GNU/Linux 12 (bookworm)"),
-- as last seen by a sync; os_version stays what Ansible read from the node itself
ALTER TABLE nodes ADD COLUMN os_image VARCHAR(255);

-- The nodes a run is limited to: a boot run patches only the nodes that were new when it opened,
-- and a resumed boot run carries on with exactly those. A run with no rows here is a run of all its
-- cluster's nodes.
CREATE TABLE patch_run_nodes (
    run_id  BIGINT NOT NULL,
    node_id BIGINT NOT NULL,
    CONSTRAINT patch_run_nodes_pk PRIMARY KEY (run_id, node_id),
    CONSTRAINT patch_run_nodes_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE,
    CONSTRAINT patch_run_nodes_node_fk FOREIGN KEY (node_id) REFERENCES nodes (id) ON DELETE CASCADE
) ENGINE=InnoDB;
