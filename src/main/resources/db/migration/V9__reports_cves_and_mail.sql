-- Reports and mail: the distribution of each node (a report names OS streams, "Debian 12 -> 12.12"),
-- the CVE ids each upgraded package fixes, and the state of each run's mail. Written once for
-- MySQL/MariaDB and H2 in MySQL mode.

-- as the playbook names it (Debian, Ubuntu, Rocky, ...); NULL where never seen
ALTER TABLE nodes ADD COLUMN distribution VARCHAR(32);
ALTER TABLE node_results ADD COLUMN distribution VARCHAR(32);

-- space separated CVE ids its changelog (or the RedHat advisory) names between from and to; NULL: none
ALTER TABLE node_result_packages ADD COLUMN cves TEXT;

-- the run's mail to its security contacts: NULL while none is due, then 'pending' (the run ended,
-- the mail is being sent), 'sent' or 'failed' (with the reason in mail_detail); mail_attempts counts
-- the SMTP attempts of the last sending
ALTER TABLE patch_runs ADD COLUMN mail_status VARCHAR(16);
ALTER TABLE patch_runs ADD COLUMN mail_detail VARCHAR(1024);
ALTER TABLE patch_runs ADD COLUMN mail_at DATETIME(6);
ALTER TABLE patch_runs ADD COLUMN mail_attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE patch_runs ADD CONSTRAINT patch_runs_mail_status_ck
    CHECK (mail_status IS NULL OR mail_status IN ('pending', 'sent', 'failed'));
