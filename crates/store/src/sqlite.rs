//! The SQLite backend: one database file in WAL mode.
//!
//! Connection layout: a writer pool of exactly one connection, so every write of this process is
//! serialized without contending for SQLite's lock, and a small reader pool whose connections are
//! `query_only`. In WAL mode readers see the last committed state and never wait for the writer.
//!
//! The methods mirror [`crate::Store`]'s, which documents their contracts.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::rows::{self, EmbeddedMigration, EntryColumns, SessionColumns, TokenColumns};
use crate::{
    ApiTokenRow, NewEntry, SessionRow, StoreError, StoredEntry, append_indices, index_to_i64,
};

/// The SQLite schema, oldest first. Every file in `migrations/sqlite/` must be listed here (a
/// unit test checks it).
const MIGRATIONS: &[EmbeddedMigration] = &[
    (
        1,
        "initial schema",
        include_str!("../migrations/sqlite/0001_initial.sql"),
    ),
    (
        2,
        "calendar feed tokens",
        include_str!("../migrations/sqlite/0002_feed_tokens.sql"),
    ),
    (
        3,
        "TAXII statuses",
        include_str!("../migrations/sqlite/0003_taxii_statuses.sql"),
    ),
];

/// How long a connection waits for another process's lock on the file before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Reader connections. Reads are short point or range lookups, so a few suffice; more would
/// only cost file handles and page caches.
const READERS: u32 = 4;

/// Connection settings shared by the store's writer and the benchmark baseline, so the baseline
/// measures exactly what the store pays per commit.
fn writer_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        // WAL: readers do not block the writer nor the writer the readers, and a commit is one
        // sequential WAL write instead of rewriting pages in place.
        .journal_mode(SqliteJournalMode::Wal)
        // FULL: the WAL is fsynced at every commit, so a returned append survives power loss
        // (NORMAL would only fsync at checkpoints and could lose the last commits).
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
}

/// Reader connection settings. `journal_mode` is deliberately not set: the writer already made
/// the file WAL (a persistent setting), and switching journal modes needs an exclusive lock that
/// the busy timeout cannot wait for. `query_only` turns any accidental write into an error.
fn reader_options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(BUSY_TIMEOUT)
        .foreign_keys(true)
        .pragma("query_only", "ON")
}

/// Opens the single writer connection. It is kept open for the pool's life: reopening costs, and
/// a WAL database whose last connection closes is checkpointed and its WAL removed.
async fn writer_pool(path: &Path) -> Result<SqlitePool, StoreError> {
    Ok(SqlitePoolOptions::new()
        .max_connections(1)
        .min_connections(1)
        .idle_timeout(None)
        .max_lifetime(None)
        .connect_with(writer_options(path))
        .await?)
}

/// A store on one SQLite file.
#[derive(Clone, Debug)]
pub(crate) struct SqliteStore {
    /// Exactly one connection: every write goes through it.
    writer: SqlitePool,
    /// `query_only` connections for every read.
    reader: SqlitePool,
}

impl SqliteStore {
    /// Opens or creates the database file at `path` and applies pending migrations.
    pub(crate) async fn open(path: &Path) -> Result<SqliteStore, StoreError> {
        let writer = writer_pool(path).await?;
        rows::migrator(MIGRATIONS).run(&writer).await?;
        // Readers connect only after the writer has created the file and made it WAL.
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .connect_with(reader_options(path))
            .await?;
        Ok(SqliteStore { writer, reader })
    }

    /// Closes both pools.
    pub(crate) async fn close(&self) {
        self.reader.close().await;
        self.writer.close().await;
    }

    pub(crate) async fn append(
        &self,
        first_index: u64,
        entries: &[NewEntry],
    ) -> Result<(), StoreError> {
        // IMMEDIATE takes the write lock before the length is read, so the check and the
        // inserts see the same log even if another process writes the same file. A deferred
        // transaction could read a stale length and then fail to upgrade its lock.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let length: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries")
            .fetch_one(&mut *tx)
            .await?;
        let actual = rows::log_length("log length", length)?;
        if actual != first_index {
            // Dropping `tx` rolls back; nothing was written.
            return Err(StoreError::Conflict {
                expected: first_index,
                actual,
            });
        }
        for (idx, entry) in append_indices(length, entries.len())?.zip(entries) {
            sqlx::query(
                "INSERT INTO log_entries (idx, recorded_at_ms, body, salt) VALUES (?, ?, ?, ?)",
            )
            .bind(idx)
            .bind(entry.recorded_at_ms)
            .bind(&entry.body[..])
            .bind(&entry.salt[..])
            .execute(&mut *tx)
            .await
            .map_err(|err| existing_entry(err, idx, length))?;
        }
        // With WAL + synchronous=FULL the commit returns after the WAL is fsynced.
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn entries(
        &self,
        from: u64,
        limit: u32,
    ) -> Result<Vec<StoredEntry>, StoreError> {
        // Nothing can be stored past i64::MAX, so such a start reads nothing.
        let Some(start) = index_to_i64(from) else {
            return Ok(Vec::new());
        };
        let rows: Vec<EntryColumns> = sqlx::query_as(
            "SELECT idx, recorded_at_ms, body, salt FROM log_entries \
             WHERE idx >= ? ORDER BY idx LIMIT ?",
        )
        .bind(start)
        .bind(i64::from(limit))
        .fetch_all(&self.reader)
        .await?;
        rows::entries_from(from, rows)
    }

    pub(crate) async fn len(&self) -> Result<u64, StoreError> {
        // idx is the rowid, so MAX is a lookup at the end of the table's B-tree.
        let length: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries")
            .fetch_one(&self.reader)
            .await?;
        rows::log_length("log length", length)
    }

    pub(crate) async fn set_password(
        &self,
        user_id: &str,
        phc_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_credentials (user_id, password_phc) VALUES (?, ?) \
             ON CONFLICT (user_id) DO UPDATE SET password_phc = excluded.password_phc",
        )
        .bind(user_id)
        .bind(phc_hash)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub(crate) async fn password(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        let value: Option<Option<String>> =
            sqlx::query_scalar("SELECT password_phc FROM user_credentials WHERE user_id = ?")
                .bind(user_id)
                .fetch_optional(&self.reader)
                .await?;
        Ok(value.flatten())
    }

    pub(crate) async fn set_totp(
        &self,
        user_id: &str,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_credentials (user_id, totp_secret) VALUES (?, ?) \
             ON CONFLICT (user_id) DO UPDATE SET totp_secret = excluded.totp_secret",
        )
        .bind(user_id)
        .bind(secret)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub(crate) async fn totp(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        let value: Option<Option<String>> =
            sqlx::query_scalar("SELECT totp_secret FROM user_credentials WHERE user_id = ?")
                .bind(user_id)
                .fetch_optional(&self.reader)
                .await?;
        Ok(value.flatten())
    }

    pub(crate) async fn insert_api_token(&self, row: &ApiTokenRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens \
             (id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.id)
        .bind(&row.user_id)
        .bind(&row.label)
        .bind(&row.hash[..])
        .bind(row.created_at_ms)
        .bind(row.last_used_at_ms)
        .bind(row.revoked_at_ms)
        .execute(&self.writer)
        .await
        .map_err(|err| StoreError::on_unique(err, "API token"))?;
        Ok(())
    }

    pub(crate) async fn api_token_by_hash(
        &self,
        hash: &[u8; 32],
    ) -> Result<Option<ApiTokenRow>, StoreError> {
        let row: Option<TokenColumns> = sqlx::query_as(
            "SELECT id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms \
             FROM api_tokens WHERE hash = ?",
        )
        .bind(&hash[..])
        .fetch_optional(&self.reader)
        .await?;
        row.map(rows::api_token).transpose()
    }

    pub(crate) async fn api_tokens(
        &self,
        user_id: Option<&str>,
    ) -> Result<Vec<ApiTokenRow>, StoreError> {
        // `? IS NULL` lets one statement serve both "all users" and "one user".
        let rows: Vec<TokenColumns> = sqlx::query_as(
            "SELECT id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms \
             FROM api_tokens WHERE ?1 IS NULL OR user_id = ?1 ORDER BY created_at_ms, id",
        )
        .bind(user_id)
        .fetch_all(&self.reader)
        .await?;
        rows.into_iter().map(rows::api_token).collect()
    }

    pub(crate) async fn touch_api_token(&self, id: &str, at_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at_ms = ? WHERE id = ?")
            .bind(at_ms)
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(crate) async fn revoke_api_token(&self, id: &str, at_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL",
        )
        .bind(at_ms)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (hash, user_id, csrf, language, created_at_ms, expires_at_ms) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.hash[..])
        .bind(&row.user_id)
        .bind(&row.csrf)
        .bind(&row.language)
        .bind(row.created_at_ms)
        .bind(row.expires_at_ms)
        .execute(&self.writer)
        .await
        .map_err(|err| StoreError::on_unique(err, "session"))?;
        Ok(())
    }

    pub(crate) async fn session(&self, hash: &[u8; 32]) -> Result<Option<SessionRow>, StoreError> {
        let row: Option<SessionColumns> = sqlx::query_as(
            "SELECT hash, user_id, csrf, language, created_at_ms, expires_at_ms \
             FROM sessions WHERE hash = ?",
        )
        .bind(&hash[..])
        .fetch_optional(&self.reader)
        .await?;
        row.map(rows::session).transpose()
    }

    pub(crate) async fn set_session_language(
        &self,
        hash: &[u8; 32],
        language: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET language = ? WHERE hash = ?")
            .bind(language)
            .bind(&hash[..])
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE hash = ?")
            .bind(&hash[..])
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_user_sessions(&self, user_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = ?")
            .bind(user_id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= ?")
            .bind(now_ms)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected())
    }

    pub(crate) async fn set_feed_token(
        &self,
        user_id: &str,
        hash: &[u8; 32],
        at_ms: i64,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO feed_tokens (user_id, hash, created_at_ms) VALUES (?, ?, ?) \
             ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, \
             created_at_ms = excluded.created_at_ms",
        )
        .bind(user_id)
        .bind(&hash[..])
        .bind(at_ms)
        .execute(&self.writer)
        .await
        .map_err(|err| StoreError::on_unique(err, "feed token"))?;
        Ok(())
    }

    pub(crate) async fn feed_token_user(
        &self,
        hash: &[u8; 32],
    ) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT user_id FROM feed_tokens WHERE hash = ?")
                .bind(&hash[..])
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    pub(crate) async fn feed_token_created(
        &self,
        user_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT created_at_ms FROM feed_tokens WHERE user_id = ?")
                .bind(user_id)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    pub(crate) async fn put_taxii_status(
        &self,
        id: &str,
        party: &str,
        body: &str,
        at_ms: i64,
        keep: u32,
    ) -> Result<(), StoreError> {
        let mut tx = self.writer.begin().await?;
        sqlx::query(
            "INSERT INTO taxii_statuses (id, party, body, created_at_ms) VALUES (?, ?, ?, ?)",
        )
        .bind(id)
        .bind(party)
        .bind(body)
        .bind(at_ms)
        .execute(&mut *tx)
        .await
        .map_err(|err| StoreError::on_unique(err, "TAXII status"))?;
        sqlx::query(
            "DELETE FROM taxii_statuses WHERE id NOT IN \
             (SELECT id FROM taxii_statuses ORDER BY created_at_ms DESC, id DESC LIMIT ?)",
        )
        .bind(i64::from(keep))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn taxii_status(
        &self,
        id: &str,
        party: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT body FROM taxii_statuses WHERE id = ? AND party = ?")
                .bind(id)
                .bind(party)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    pub(crate) async fn delete_feed_token(&self, user_id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM feed_tokens WHERE user_id = ?")
            .bind(user_id)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.reader)
            .await?)
    }

    pub(crate) async fn put_meta(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES (?, ?) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

/// An insert into the log hit an existing index although the length check said it was free:
/// the table and the length disagree, which retrying cannot fix, so it is corruption rather
/// than a conflict.
fn existing_entry(err: sqlx::Error, idx: i64, length: i64) -> StoreError {
    match err.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Corrupt(format!(
            "log entry {idx} already exists although the log length is {length}"
        )),
        _ => StoreError::from(err),
    }
}

/// See [`crate::sqlite_baseline_inserts`].
pub(crate) async fn baseline_inserts(
    dir: &Path,
    n: u32,
    row_bytes: usize,
) -> Result<Duration, StoreError> {
    // A random name keeps two baselines in one directory from sharing a file.
    let path = dir.join(format!(
        "fusioncell-baseline-{:016x}.db",
        rand::random::<u64>()
    ));
    let result = timed_inserts(&path, n, row_bytes).await;
    remove_database_files(&path)?;
    result
}

/// Creates the baseline database at `path` and times `n` single-row transactions.
async fn timed_inserts(path: &Path, n: u32, row_bytes: usize) -> Result<Duration, StoreError> {
    let pool = writer_pool(path).await?;
    sqlx::query("CREATE TABLE baseline (id INTEGER PRIMARY KEY, body BLOB NOT NULL) STRICT")
        .execute(&pool)
        .await?;
    // Random bytes, so the row costs what an (incompressible) event body would. One buffer is
    // reused: SQLite stores each row in full either way.
    let mut body = vec![0u8; row_bytes];
    rand::fill(&mut body[..]);
    let started = Instant::now();
    for id in 0..n {
        // The same statement shape as an append of one entry: an IMMEDIATE transaction, one
        // insert, a durable commit.
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("INSERT INTO baseline (id, body) VALUES (?, ?)")
            .bind(i64::from(id))
            .bind(&body[..])
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
    }
    let elapsed = started.elapsed();
    pool.close().await;
    Ok(elapsed)
}

/// Removes an SQLite database and its WAL side files, ignoring the ones that do not exist.
fn remove_database_files(path: &Path) -> Result<(), StoreError> {
    let mut wal = PathBuf::from(path).into_os_string();
    wal.push("-wal");
    let mut shm = PathBuf::from(path).into_os_string();
    shm.push("-shm");
    for file in [path.to_path_buf(), wal.into(), shm.into()] {
        match std::fs::remove_file(&file) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err.into()),
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn open_temp() -> (SqliteStore, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open(&dir.path().join("cell.db"))
            .await
            .expect("open store");
        (store, dir)
    }

    async fn pragma_text(pool: &SqlitePool, sql: &'static str) -> String {
        sqlx::query_scalar(sql)
            .fetch_one(pool)
            .await
            .expect("read pragma")
    }

    async fn pragma_int(pool: &SqlitePool, sql: &'static str) -> i64 {
        sqlx::query_scalar(sql)
            .fetch_one(pool)
            .await
            .expect("read pragma")
    }

    #[tokio::test]
    async fn writer_and_readers_run_wal_with_full_sync() {
        let (store, _dir) = open_temp().await;
        for pool in [&store.writer, &store.reader] {
            assert_eq!(pragma_text(pool, "PRAGMA journal_mode").await, "wal");
            // 2 = FULL (0 OFF, 1 NORMAL, 3 EXTRA).
            assert_eq!(pragma_int(pool, "PRAGMA synchronous").await, 2);
            assert_eq!(pragma_int(pool, "PRAGMA busy_timeout").await, 5000);
            assert_eq!(pragma_int(pool, "PRAGMA foreign_keys").await, 1);
        }
        assert_eq!(pragma_int(&store.writer, "PRAGMA query_only").await, 0);
        assert_eq!(pragma_int(&store.reader, "PRAGMA query_only").await, 1);
        assert_eq!(store.writer.options().get_max_connections(), 1);
    }

    #[tokio::test]
    async fn readers_cannot_write() {
        let (store, _dir) = open_temp().await;
        let result = sqlx::query("INSERT INTO meta (key, value) VALUES ('k', x'00')")
            .execute(&store.reader)
            .await;
        assert!(result.is_err(), "a query_only reader accepted a write");
    }

    #[tokio::test]
    async fn reads_do_not_wait_for_an_open_write() {
        let (store, _dir) = open_temp().await;
        let entry = NewEntry {
            recorded_at_ms: 1,
            body: b"committed".to_vec(),
            salt: [1; 32],
        };
        store.append(0, &[entry]).await.expect("append");

        // Hold the write lock with an uncommitted insert, as a slow append would.
        let mut tx = store
            .writer
            .begin_with("BEGIN IMMEDIATE")
            .await
            .expect("begin");
        sqlx::query("INSERT INTO log_entries (idx, recorded_at_ms, body, salt) VALUES (1, 2, x'00', zeroblob(32))")
            .execute(&mut *tx)
            .await
            .expect("uncommitted insert");

        let length = tokio::time::timeout(Duration::from_secs(1), store.len())
            .await
            .expect("a read waited for the writer")
            .expect("len");
        assert_eq!(length, 1, "a read saw an uncommitted write");
        tx.rollback().await.expect("rollback");
    }

    #[tokio::test]
    async fn baseline_runs_and_cleans_up() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elapsed = baseline_inserts(dir.path(), 20, 256)
            .await
            .expect("baseline");
        assert!(elapsed > Duration::ZERO);
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("read dir").collect();
        assert!(left.is_empty(), "baseline left files behind: {left:?}");
    }

    #[tokio::test]
    async fn baseline_uses_the_store_settings() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pool = writer_pool(&dir.path().join("b.db")).await.expect("pool");
        assert_eq!(pragma_text(&pool, "PRAGMA journal_mode").await, "wal");
        assert_eq!(pragma_int(&pool, "PRAGMA synchronous").await, 2);
        pool.close().await;
    }

    #[test]
    fn every_migration_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/sqlite");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .expect("migrations dir")
            .map(|e| {
                e.expect("dir entry")
                    .file_name()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        files.sort();
        assert_eq!(files.len(), MIGRATIONS.len(), "files: {files:?}");
        for (file, (version, _, _)) in files.iter().zip(MIGRATIONS) {
            assert!(
                file.starts_with(&format!("{version:04}_")),
                "{file} is not migration {version}"
            );
        }
    }
}
