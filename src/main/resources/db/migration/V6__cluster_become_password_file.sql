-- A become (sudo) password given by reference: the path of an owner-only file ospatch reads when a
-- playbook runs, so the password itself is never stored. NULL: none (Ansible's become settings, or
-- a stored ansible_become_password inventory variable, apply).
-- Written once for MySQL/MariaDB and H2 in MySQL mode.
ALTER TABLE clusters ADD COLUMN become_password_path VARCHAR(1024);
