-- Fusion Cell store, SQLite schema version 1.
-- Applied once by sqlx's Migrator (table _sqlx_migrations). Never edit an applied migration:
-- its checksum is recorded; add a new numbered file instead (and list it in src/sqlite.rs).

-- The event log. `idx` is the entry's position: dense, starting at 0, never rewritten.
-- INTEGER PRIMARY KEY makes it the rowid, so MAX(idx) (the log length) is a B-tree lookup.
CREATE TABLE log_entries (
    idx            INTEGER PRIMARY KEY CHECK (idx >= 0),
    recorded_at_ms INTEGER NOT NULL,
    body           BLOB    NOT NULL,
    salt           BLOB    NOT NULL CHECK (length(salt) = 32)
) STRICT;

-- Secrets that must never enter the shared record. A row may hold either or both.
CREATE TABLE user_credentials (
    user_id      TEXT PRIMARY KEY,
    password_phc TEXT,
    totp_secret  TEXT
) STRICT;

-- API tokens: only the SHA-256 of the token is kept, so a leaked database does not leak tokens.
CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    user_id         TEXT    NOT NULL,
    label           TEXT    NOT NULL,
    hash            BLOB    NOT NULL UNIQUE CHECK (length(hash) = 32),
    created_at_ms   INTEGER NOT NULL,
    last_used_at_ms INTEGER,
    revoked_at_ms   INTEGER
) STRICT;
CREATE INDEX api_tokens_by_user ON api_tokens (user_id);

-- Browser sessions, keyed by the SHA-256 of the session cookie for the same reason.
CREATE TABLE sessions (
    hash          BLOB PRIMARY KEY CHECK (length(hash) = 32),
    user_id       TEXT    NOT NULL,
    csrf          TEXT    NOT NULL,
    language      TEXT    NOT NULL,
    created_at_ms INTEGER NOT NULL,
    expires_at_ms INTEGER NOT NULL
) STRICT;
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at_ms);

-- Small server metadata (keys, instance identity, ...).
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value BLOB NOT NULL
) STRICT;
