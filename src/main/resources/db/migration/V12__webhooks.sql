-- Run notifications by webhook: a cluster's own webhook, and what became of each call.
-- Written once for MySQL/MariaDB and H2 in MySQL mode.

-- the cluster's webhook URL, called on its runs' start and end besides the global one; NULL: none.
-- Kept here only: URLs such as Slack's carry their secret in the path
ALTER TABLE clusters ADD COLUMN webhook_url VARCHAR(2048);
-- the owner-only file holding the secret that signs its calls, read when one is sent; NULL: unsigned
ALTER TABLE clusters ADD COLUMN webhook_secret_path VARCHAR(1024);

-- one row per webhook call of a run, written once its last attempt is over
CREATE TABLE webhook_deliveries (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    run_id       BIGINT        NOT NULL,
    -- started, resumed, ended, halted, stopped, failed
    event        VARCHAR(16)   NOT NULL,
    -- the URL redacted to scheme://host[:port]/…, never the whole of it
    target       VARCHAR(300)  NOT NULL,
    -- delivered or failed
    status       VARCHAR(16)   NOT NULL,
    attempts     INT           NOT NULL,
    -- the receiver's last HTTP status; NULL when none answered
    http_status  INT,
    error_text   VARCHAR(1024),
    -- when its last attempt ended
    delivered_at DATETIME(6)   NOT NULL,
    CONSTRAINT webhook_deliveries_run_fk FOREIGN KEY (run_id) REFERENCES patch_runs (id) ON DELETE CASCADE
) ENGINE=InnoDB;
