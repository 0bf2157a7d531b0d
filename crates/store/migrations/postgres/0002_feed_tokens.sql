-- Calendar feed tokens: one per user at most, kept only as the SHA-256 of the token, which the
-- feed's URL carries. Creating a new token replaces the old one; revoking deletes the row.
CREATE TABLE feed_tokens (
    user_id       TEXT PRIMARY KEY,
    hash          BYTEA  NOT NULL UNIQUE CHECK (octet_length(hash) = 32),
    created_at_ms BIGINT NOT NULL
);
