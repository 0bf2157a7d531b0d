//! Durable storage for a Fusion Cell server: the append-only event log, the credential tables
//! that must never enter the shared record, and a small metadata table.
//!
//! One API over two backends:
//!
//! * **SQLite** (default, embedded): one file, WAL journal, `synchronous=FULL`, busy timeout 5 s,
//!   foreign keys on. Exactly one writer connection (a pool of one), so every write in this
//!   process is serialized, and a separate small pool of reader connections (`query_only`), so
//!   reads never wait behind a write. Appends run in `BEGIN IMMEDIATE` transactions, so another
//!   process writing the same file is also serialized (through SQLite's lock and busy timeout).
//! * **PostgreSQL**: a connection pool; appends lock a one-row `log_head` table, so any number of
//!   server processes sharing the database append without gaps or duplicates, and every append
//!   sends `NOTIFY fusioncell_log, '<new length>'` on commit (see [`Store::listen_appends`]).
//!
//! # Schema migrations
//! Each backend has its own SQL files under `crates/store/migrations/{sqlite,postgres}/`,
//! embedded in the binary with `include_str!` and applied by sqlx's runtime
//! [`Migrator`](sqlx::migrate::Migrator) when the store is opened (bookkeeping in the
//! `_sqlx_migrations` table). No database is needed at build time. An applied migration must
//! never be edited (its checksum is checked on open); schema changes are new numbered files.
//!
//! # Durability
//! [`Store::append`] returns only after the commit is durable: on SQLite the WAL is fsynced at
//! commit (`synchronous=FULL`); on PostgreSQL the transaction forces `synchronous_commit = on`
//! whatever the server default is.

#![warn(missing_docs)]

mod postgres;
mod rows;
mod sqlite;

use std::path::Path;
use std::time::Duration;

/// Name of the SQLite file that [`Store::open_sqlite_dir`] opens inside its directory.
pub const SQLITE_FILE_NAME: &str = "cell.db";

/// PostgreSQL notification channel on which every append announces the log's new length.
pub const APPEND_CHANNEL: &str = "fusioncell_log";

/// A handle on the store. Cheap to clone: it holds connection pools, which are shared.
#[derive(Clone, Debug)]
pub struct Store {
    inner: Inner,
}

/// The backend-specific store; an enum rather than sqlx's `AnyPool` so each backend keeps its
/// own types, SQL dialect and pool layout.
#[derive(Clone, Debug)]
enum Inner {
    Sqlite(sqlite::SqliteStore),
    Postgres(postgres::PgStore),
}

/// Which database a [`Store`] runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Backend {
    /// An embedded SQLite file (single node).
    Sqlite,
    /// A PostgreSQL server (may be shared by several server processes).
    Postgres,
}

/// An entry to append to the event log. Its index is given by its position in the append.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// Wall-clock time at which the server recorded the entry, in milliseconds since the epoch.
    pub recorded_at_ms: i64,
    /// The serialized event; opaque to the store.
    pub body: Vec<u8>,
    /// Per-entry salt used by the ledger's hashing; opaque to the store.
    pub salt: [u8; 32],
}

/// An entry read back from the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    /// Position in the log: 0 for the first entry, dense.
    pub index: u64,
    /// Wall-clock time at which the server recorded the entry, in milliseconds since the epoch.
    pub recorded_at_ms: i64,
    /// The serialized event, exactly as appended.
    pub body: Vec<u8>,
    /// The salt, exactly as appended.
    pub salt: [u8; 32],
}

/// An API token as stored. Only the token's hash is kept, never the token itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRow {
    /// Public identifier of the token (shown in listings, used to revoke it).
    pub id: String,
    /// The user the token acts as.
    pub user_id: String,
    /// Human-readable label chosen by the user.
    pub label: String,
    /// SHA-256 of the secret token; the lookup key for authentication.
    pub hash: [u8; 32],
    /// Creation time, milliseconds since the epoch.
    pub created_at_ms: i64,
    /// Last time the token authenticated a request, if ever.
    pub last_used_at_ms: Option<i64>,
    /// When the token was revoked, if it was; a revoked token must not authenticate.
    pub revoked_at_ms: Option<i64>,
}

/// A browser session as stored. Only the session cookie's hash is kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 of the session cookie; the lookup key.
    pub hash: [u8; 32],
    /// The signed-in user.
    pub user_id: String,
    /// The session's anti-CSRF token.
    pub csrf: String,
    /// The interface language chosen for this session.
    pub language: String,
    /// Creation time, milliseconds since the epoch.
    pub created_at_ms: i64,
    /// Expiry time, milliseconds since the epoch. The store returns expired sessions as they are
    /// (the caller decides); [`Store::delete_expired_sessions`] removes them.
    pub expires_at_ms: i64,
}

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// An append was asked at index `expected` but the log's length is `actual` (another writer
    /// appended first, or the caller's view is stale). Nothing was written.
    #[error("log conflict: append expected the log to have {expected} entries but it has {actual}")]
    Conflict {
        /// The `first_index` the caller asked to append at.
        expected: u64,
        /// The log's actual length.
        actual: u64,
    },
    /// The database reported an error (connection, I/O, constraint, ...).
    #[error("database error: {0}")]
    Database(sqlx::Error),
    /// Applying the embedded schema migrations failed.
    #[error("schema migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// The connection URL could not be understood.
    #[error("bad store URL: {0}")]
    BadUrl(String),
    /// The database holds data that breaks the store's invariants (wrong hash length, a gap in
    /// the log, an undecodable column, ...). The message says what was wrong.
    #[error("store data is corrupt: {0}")]
    Corrupt(String),
    /// An insert collided with an existing row that has the same key.
    #[error("{0} already exists")]
    AlreadyExists(&'static str),
    /// The caller asked for something the store cannot represent (e.g. an index past `i64::MAX`).
    #[error("invalid request: {0}")]
    InvalidInput(String),
    /// The operation exists only on another backend.
    #[error("unsupported on this backend: {0}")]
    Unsupported(&'static str),
    /// A filesystem operation around the database failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl From<sqlx::Error> for StoreError {
    /// Values the database returned but that cannot be decoded are corruption, not a
    /// database failure: retrying will not help, and the message names the column.
    fn from(err: sqlx::Error) -> Self {
        match err {
            sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => {
                StoreError::Corrupt(err.to_string())
            }
            other => StoreError::Database(other),
        }
    }
}

impl StoreError {
    /// Maps a unique-key violation on an insert to [`StoreError::AlreadyExists`]; any other
    /// error converts as usual.
    fn on_unique(err: sqlx::Error, what: &'static str) -> StoreError {
        match err.as_database_error() {
            Some(db) if db.is_unique_violation() => StoreError::AlreadyExists(what),
            _ => StoreError::from(err),
        }
    }
}

/// A parsed store URL.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    Sqlite(&'a Path),
    Postgres(&'a str),
}

/// The PostgreSQL URL `url` with its database name replaced by `name`, keeping any query string:
/// for tools and tests that create a database of their own on a server they were given.
pub fn postgres_url_with_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    let mut out = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        out.push('?');
        out.push_str(query);
    }
    out
}

/// Splits a store URL into its backend and location, without touching any database.
fn parse_url(url: &str) -> Result<Target<'_>, StoreError> {
    if let Some(rest) = url.strip_prefix("sqlite:") {
        // Accept both `sqlite:/abs/path` and `sqlite:///abs/path` (and relative forms).
        let path = rest.strip_prefix("//").unwrap_or(rest);
        if path.is_empty() {
            return Err(StoreError::BadUrl(format!("{url:?}: no SQLite file path")));
        }
        // The reader and writer pools must share one database, which an in-memory SQLite
        // database (private to each connection) cannot provide; nor could it be durable.
        if path == ":memory:" || path.starts_with("file:") || path.contains("mode=memory") {
            return Err(StoreError::BadUrl(format!(
                "{url:?}: in-memory and URI-style SQLite databases are not supported; give a file path"
            )));
        }
        Ok(Target::Sqlite(Path::new(path)))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Target::Postgres(url))
    } else {
        Err(StoreError::BadUrl(format!(
            "{url:?}: expected sqlite:/path/to/cell.db or postgres://user@host/db"
        )))
    }
}

impl Store {
    /// Opens (creating if needed) the store at `url` and applies pending schema migrations.
    ///
    /// `url` is `sqlite:/path/to/cell.db` (the file is created if missing; its directory must
    /// exist) or `postgres://user@127.0.0.1/db` (the database must exist).
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let inner = match parse_url(url)? {
            Target::Sqlite(path) => Inner::Sqlite(sqlite::SqliteStore::open(path).await?),
            Target::Postgres(url) => Inner::Postgres(postgres::PgStore::open(url).await?),
        };
        Ok(Store { inner })
    }

    /// Opens (creating if needed) the SQLite file [`SQLITE_FILE_NAME`] inside the existing
    /// directory `dir`.
    pub async fn open_sqlite_dir(dir: &Path) -> Result<Store, StoreError> {
        let store = sqlite::SqliteStore::open(&dir.join(SQLITE_FILE_NAME)).await?;
        Ok(Store {
            inner: Inner::Sqlite(store),
        })
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        match &self.inner {
            Inner::Sqlite(_) => Backend::Sqlite,
            Inner::Postgres(_) => Backend::Postgres,
        }
    }

    /// Closes every connection of this store (and of all its clones), waiting for connections in
    /// use to be returned. Later calls on the store fail. Dropping all clones also closes it;
    /// this is for a clean shutdown, or to reopen the same database.
    pub async fn close(&self) {
        match &self.inner {
            Inner::Sqlite(s) => s.close().await,
            Inner::Postgres(s) => s.close().await,
        }
    }

    // --- event log ---

    /// Appends `entries` at indices `first_index`, `first_index + 1`, ... atomically, in one
    /// transaction, and returns only once the commit is durable.
    ///
    /// If the log's length is not `first_index` (another writer got there first), returns
    /// [`StoreError::Conflict`] and writes nothing. An empty `entries` writes nothing but still
    /// checks the length. If the returned future is dropped before it completes, the append is
    /// either wholly committed or wholly absent.
    pub async fn append(&self, first_index: u64, entries: &[NewEntry]) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.append(first_index, entries).await,
            Inner::Postgres(s) => s.append(first_index, entries).await,
        }
    }

    /// Reads at most `limit` entries starting at index `from`, in index order. Returns fewer (or
    /// none) when the log ends sooner.
    pub async fn entries(&self, from: u64, limit: u32) -> Result<Vec<StoredEntry>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.entries(from, limit).await,
            Inner::Postgres(s) => s.entries(from, limit).await,
        }
    }

    /// The number of entries in the log, which is also the index the next append must use.
    pub async fn len(&self) -> Result<u64, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.len().await,
            Inner::Postgres(s) => s.len().await,
        }
    }

    /// Whether the log has no entries yet.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len().await? == 0)
    }

    /// Subscribes to appends made by any process sharing this PostgreSQL database: the receiver
    /// yields the log's new length after each committed append.
    ///
    /// Notifications are a wake-up hint, not a record: they arrive in commit order, but those
    /// sent while the listening connection is being re-established are lost, and when the
    /// receiver already holds 64 unread lengths newer ones are dropped. So on each wake-up a
    /// consumer reads the log from its own position to the end (until [`Store::entries`] returns
    /// nothing), not just up to the announced length. The channel closes if the listening
    /// connection fails for good or the store is closed; payloads that are not a length are
    /// skipped. The subscription holds one pooled connection until the receiver is dropped.
    /// On SQLite this returns [`StoreError::Unsupported`]: an SQLite store is single-node.
    pub async fn listen_appends(&self) -> Result<tokio::sync::mpsc::Receiver<u64>, StoreError> {
        match &self.inner {
            Inner::Sqlite(_) => Err(StoreError::Unsupported(
                "append notifications need PostgreSQL; an SQLite store is single-node",
            )),
            Inner::Postgres(s) => s.listen_appends().await,
        }
    }

    // --- credentials ---

    /// Sets (or replaces) the user's password hash, in PHC string format.
    pub async fn set_password(&self, user_id: &str, phc_hash: &str) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.set_password(user_id, phc_hash).await,
            Inner::Postgres(s) => s.set_password(user_id, phc_hash).await,
        }
    }

    /// The user's password hash, if one was set.
    pub async fn password(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.password(user_id).await,
            Inner::Postgres(s) => s.password(user_id).await,
        }
    }

    /// Sets the user's TOTP secret, or removes it with `None`.
    pub async fn set_totp(&self, user_id: &str, secret: Option<&str>) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.set_totp(user_id, secret).await,
            Inner::Postgres(s) => s.set_totp(user_id, secret).await,
        }
    }

    /// The user's TOTP secret, if one is set.
    pub async fn totp(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.totp(user_id).await,
            Inner::Postgres(s) => s.totp(user_id).await,
        }
    }

    /// Sets `user_id`'s calendar feed token to the one whose SHA-256 is `hash`, replacing (and so
    /// revoking) any earlier one.
    pub async fn set_feed_token(
        &self,
        user_id: &str,
        hash: &[u8; 32],
        at_ms: i64,
    ) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.set_feed_token(user_id, hash, at_ms).await,
            Inner::Postgres(s) => s.set_feed_token(user_id, hash, at_ms).await,
        }
    }

    /// The user whose live calendar feed token has SHA-256 `hash`.
    pub async fn feed_token_user(&self, hash: &[u8; 32]) -> Result<Option<String>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.feed_token_user(hash).await,
            Inner::Postgres(s) => s.feed_token_user(hash).await,
        }
    }

    /// When `user_id`'s calendar feed token was created, if they have one.
    pub async fn feed_token_created(&self, user_id: &str) -> Result<Option<i64>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.feed_token_created(user_id).await,
            Inner::Postgres(s) => s.feed_token_created(user_id).await,
        }
    }

    /// Keeps the status `body` (JSON) of a TAXII addition `id` made by `party`, deleting the
    /// oldest statuses beyond the newest `keep`. Fails with [`StoreError::AlreadyExists`] if
    /// `id` is taken.
    pub async fn put_taxii_status(
        &self,
        id: &str,
        party: &str,
        body: &str,
        at_ms: i64,
        keep: u32,
    ) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.put_taxii_status(id, party, body, at_ms, keep).await,
            Inner::Postgres(s) => s.put_taxii_status(id, party, body, at_ms, keep).await,
        }
    }

    /// The status of TAXII addition `id`, if `party` made it and it is still kept.
    pub async fn taxii_status(&self, id: &str, party: &str) -> Result<Option<String>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.taxii_status(id, party).await,
            Inner::Postgres(s) => s.taxii_status(id, party).await,
        }
    }

    /// Revokes `user_id`'s calendar feed token. Returns whether there was one.
    pub async fn delete_feed_token(&self, user_id: &str) -> Result<bool, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.delete_feed_token(user_id).await,
            Inner::Postgres(s) => s.delete_feed_token(user_id).await,
        }
    }

    /// Stores a new API token. Fails with [`StoreError::AlreadyExists`] if its id or hash is
    /// already taken.
    pub async fn insert_api_token(&self, row: &ApiTokenRow) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.insert_api_token(row).await,
            Inner::Postgres(s) => s.insert_api_token(row).await,
        }
    }

    /// The token whose hash is `hash`, revoked or not (the caller checks `revoked_at_ms`).
    pub async fn api_token_by_hash(
        &self,
        hash: &[u8; 32],
    ) -> Result<Option<ApiTokenRow>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.api_token_by_hash(hash).await,
            Inner::Postgres(s) => s.api_token_by_hash(hash).await,
        }
    }

    /// All tokens of `user_id`, or of every user with `None`, oldest first.
    pub async fn api_tokens(&self, user_id: Option<&str>) -> Result<Vec<ApiTokenRow>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.api_tokens(user_id).await,
            Inner::Postgres(s) => s.api_tokens(user_id).await,
        }
    }

    /// Records that token `id` was used at `at_ms`. Unknown ids are ignored.
    pub async fn touch_api_token(&self, id: &str, at_ms: i64) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.touch_api_token(id, at_ms).await,
            Inner::Postgres(s) => s.touch_api_token(id, at_ms).await,
        }
    }

    /// Revokes token `id` at `at_ms`. Returns true if a live token was revoked, false if the
    /// token is unknown or was already revoked (its first revocation time is kept).
    pub async fn revoke_api_token(&self, id: &str, at_ms: i64) -> Result<bool, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.revoke_api_token(id, at_ms).await,
            Inner::Postgres(s) => s.revoke_api_token(id, at_ms).await,
        }
    }

    /// Stores a new session. Fails with [`StoreError::AlreadyExists`] if its hash is taken.
    pub async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.insert_session(row).await,
            Inner::Postgres(s) => s.insert_session(row).await,
        }
    }

    /// The session whose cookie hash is `hash`, even if expired (the caller checks
    /// `expires_at_ms`).
    pub async fn session(&self, hash: &[u8; 32]) -> Result<Option<SessionRow>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.session(hash).await,
            Inner::Postgres(s) => s.session(hash).await,
        }
    }

    /// Changes a session's interface language. Unknown sessions are ignored.
    pub async fn set_session_language(
        &self,
        hash: &[u8; 32],
        language: &str,
    ) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.set_session_language(hash, language).await,
            Inner::Postgres(s) => s.set_session_language(hash, language).await,
        }
    }

    /// Deletes one session (sign-out). Unknown sessions are ignored.
    pub async fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.delete_session(hash).await,
            Inner::Postgres(s) => s.delete_session(hash).await,
        }
    }

    /// Deletes every session of `user_id` (password change, deactivation).
    pub async fn delete_user_sessions(&self, user_id: &str) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.delete_user_sessions(user_id).await,
            Inner::Postgres(s) => s.delete_user_sessions(user_id).await,
        }
    }

    /// Deletes every session whose `expires_at_ms <= now_ms`; returns how many were deleted.
    pub async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.delete_expired_sessions(now_ms).await,
            Inner::Postgres(s) => s.delete_expired_sessions(now_ms).await,
        }
    }

    // --- server metadata ---

    /// The metadata value stored under `key`, if any.
    pub async fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.meta(key).await,
            Inner::Postgres(s) => s.meta(key).await,
        }
    }

    /// Stores `value` under `key`, replacing any previous value.
    pub async fn put_meta(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        match &self.inner {
            Inner::Sqlite(s) => s.put_meta(key, value).await,
            Inner::Postgres(s) => s.put_meta(key, value).await,
        }
    }
}

/// Baseline for the server benchmark: `n` durable single-row inserts of `row_bytes` random bytes,
/// each its own transaction, into a fresh SQLite file in `dir` opened with exactly the store's
/// connection settings (WAL, `synchronous=FULL`, one writer connection). Returns the time the
/// inserts took (opening and creating the table are not counted). The file is removed afterwards.
pub async fn sqlite_baseline_inserts(
    dir: &Path,
    n: u32,
    row_bytes: usize,
) -> Result<Duration, StoreError> {
    sqlite::baseline_inserts(dir, n, row_bytes).await
}

/// Converts a log position to the database's BIGINT, or says why it cannot be one.
fn index_to_i64(index: u64) -> Option<i64> {
    i64::try_from(index).ok()
}

/// The indices `first, first + 1, ...` for an append of `count` entries, or an error if the
/// last one would not fit in a BIGINT.
fn append_indices(first: i64, count: usize) -> Result<std::ops::Range<i64>, StoreError> {
    let end = i64::try_from(count)
        .ok()
        .and_then(|n| first.checked_add(n))
        .ok_or_else(|| {
            StoreError::InvalidInput(format!(
                "appending {count} entries at {first} would pass the largest index (i64::MAX)"
            ))
        })?;
    Ok(first..end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_urls_parse_to_paths() {
        assert_eq!(
            parse_url("sqlite:/var/lib/cell.db").ok(),
            Some(Target::Sqlite(Path::new("/var/lib/cell.db")))
        );
        assert_eq!(
            parse_url("sqlite:///var/lib/cell.db").ok(),
            Some(Target::Sqlite(Path::new("/var/lib/cell.db")))
        );
        assert_eq!(
            parse_url("sqlite:cell.db").ok(),
            Some(Target::Sqlite(Path::new("cell.db")))
        );
    }

    #[test]
    fn postgres_urls_are_passed_through() {
        for url in [
            "postgres://u@127.0.0.1/db",
            "postgresql://u@127.0.0.1:5432/db",
        ] {
            assert_eq!(parse_url(url).ok(), Some(Target::Postgres(url)));
        }
    }

    #[test]
    fn unusable_urls_are_rejected() {
        for url in [
            "",
            "cell.db",
            "mysql://u@127.0.0.1/db",
            "sqlite:",
            "sqlite://",
            "sqlite::memory:",
            "sqlite:file:cell.db?mode=memory",
        ] {
            assert!(
                matches!(parse_url(url), Err(StoreError::BadUrl(_))),
                "{url:?} should be a bad URL"
            );
        }
    }

    #[test]
    fn append_indices_refuse_to_overflow() {
        assert_eq!(append_indices(5, 3).ok(), Some(5..8));
        assert_eq!(append_indices(5, 0).ok(), Some(5..5));
        assert!(matches!(
            append_indices(i64::MAX - 1, 2),
            Err(StoreError::InvalidInput(_))
        ));
        assert_eq!(index_to_i64(u64::MAX), None);
    }
}
