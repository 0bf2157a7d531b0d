-- Fusion Cell store, PostgreSQL schema version 1.
-- Applied once by sqlx's Migrator (table _sqlx_migrations). Never edit an applied migration:
-- its checksum is recorded; add a new numbered file instead (and list it in src/postgres.rs).

-- The event log. `idx` is the entry's position: dense, starting at 0, never rewritten.
CREATE TABLE log_entries (
    idx            BIGINT PRIMARY KEY CHECK (idx >= 0),
    recorded_at_ms BIGINT NOT NULL,
    body           BYTEA  NOT NULL,
    salt           BYTEA  NOT NULL CHECK (octet_length(salt) = 32)
);

-- The log's length, in a single row. Appenders lock it (SELECT ... FOR UPDATE), which
-- serializes them across every server process sharing the database, and check it against
-- the index they expect to write at.
CREATE TABLE log_head (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    length    BIGINT  NOT NULL CHECK (length >= 0)
);
INSERT INTO log_head (singleton, length) VALUES (TRUE, 0);

-- Secrets that must never enter the shared record. A row may hold either or both.
CREATE TABLE user_credentials (
    user_id      TEXT PRIMARY KEY,
    password_phc TEXT,
    totp_secret  TEXT
);

-- API tokens: only the SHA-256 of the token is kept, so a leaked database does not leak tokens.
CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    user_id         TEXT   NOT NULL,
    label           TEXT   NOT NULL,
    hash            BYTEA  NOT NULL UNIQUE CHECK (octet_length(hash) = 32),
    created_at_ms   BIGINT NOT NULL,
    last_used_at_ms BIGINT,
    revoked_at_ms   BIGINT
);
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Browser sessions, keyed by the SHA-256 of the session cookie for the same reason.
CREATE TABLE sessions (
    hash          BYTEA PRIMARY KEY CHECK (octet_length(hash) = 32),
    user_id       TEXT   NOT NULL,
    csrf          TEXT   NOT NULL,
    language      TEXT   NOT NULL,
    created_at_ms BIGINT NOT NULL,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at_ms);

-- Small server metadata (keys, instance identity, ...).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BYTEA NOT NULL
);
