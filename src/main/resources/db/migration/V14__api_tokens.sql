-- API tokens of ospatch serve: `Authorization: Bearer osp_...` on /api/**, created, listed and revoked
-- with `ospatch token`. Written once for MySQL/MariaDB and H2 in MySQL mode.

CREATE TABLE api_tokens (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    -- what the token is for (ci, grafana); its requests are made by "token:<name>". Never reused,
    -- even once revoked, so that a name in the records of changes always means one token
    name         VARCHAR(64)   NOT NULL,
    -- viewer or operator
    role         VARCHAR(16)   NOT NULL,
    -- SHA-256 of the whole token, in hex; the token itself is shown once and never stored
    token_hash   CHAR(64)      NOT NULL,
    -- who ran `ospatch token create` (user@host)
    created_by   VARCHAR(128)  NOT NULL,
    created_at   DATETIME(6)   NOT NULL,
    -- NULL: never expires
    expires_at   DATETIME(6),
    -- the last request it authenticated, to the minute; NULL: never used
    last_used_at DATETIME(6),
    -- NULL: not revoked
    revoked_at   DATETIME(6),
    CONSTRAINT api_tokens_name_uk UNIQUE (name),
    CONSTRAINT api_tokens_hash_uk UNIQUE (token_hash)
) ENGINE=InnoDB;
