-- SSH settings ospatch turns into SSH options itself, instead of raw SSH arguments in inventory
-- variables: a known-hosts file checked strictly, and a jump host. Both optional.
-- Written once for MySQL/MariaDB and H2 in MySQL mode.

-- absolute path of the known-hosts file; NULL: SSH's own known-hosts files
ALTER TABLE clusters ADD COLUMN ssh_known_hosts_path VARCHAR(1024);

-- [user@]host[:port] as SSH's ProxyJump takes it; NULL: nodes are reached directly
ALTER TABLE clusters ADD COLUMN ssh_jump_host VARCHAR(300);
