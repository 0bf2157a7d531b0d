//! The PostgreSQL backend: one connection pool, possibly shared with other server processes.
//!
//! Appends are serialized across every process by locking the one-row `log_head` table
//! (`SELECT ... FOR UPDATE`) and checking the length there, then announce the new length with
//! `pg_notify` inside the same transaction, which PostgreSQL delivers only if and when the
//! transaction commits.
//!
//! The methods mirror [`crate::Store`]'s, which documents their contracts.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPool, PgPoolOptions};
use tokio::sync::mpsc;

use crate::rows::{self, EmbeddedMigration, EntryColumns, SessionColumns, TokenColumns};
use crate::{
    APPEND_CHANNEL, ApiTokenRow, NewEntry, SessionRow, StoreError, StoredEntry, append_indices,
    index_to_i64,
};

/// The PostgreSQL schema, oldest first. Every file in `migrations/postgres/` must be listed here
/// (a unit test checks it).
const MIGRATIONS: &[EmbeddedMigration] = &[
    (
        1,
        "initial schema",
        include_str!("../migrations/postgres/0001_initial.sql"),
    ),
    (
        2,
        "calendar feed tokens",
        include_str!("../migrations/postgres/0002_feed_tokens.sql"),
    ),
    (
        3,
        "TAXII statuses",
        include_str!("../migrations/postgres/0003_taxii_statuses.sql"),
    ),
];

/// Pool size. Appends are serialized by the `log_head` lock anyway, so more connections would
/// only help concurrent reads; each [`PgStore::listen_appends`] subscriber holds one of these.
const MAX_CONNECTIONS: u32 = 8;

/// Notifications buffered per subscriber before newer ones are dropped (see
/// [`crate::Store::listen_appends`]).
const NOTIFY_BUFFER: usize = 64;

/// A store on one PostgreSQL database.
#[derive(Clone, Debug)]
pub(crate) struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to the database at `url` and applies pending migrations.
    pub(crate) async fn open(url: &str) -> Result<PgStore, StoreError> {
        // The parser's message is kept but not the URL, which may carry a password.
        let options = PgConnectOptions::from_str(url)
            .map_err(|err| StoreError::BadUrl(format!("invalid PostgreSQL URL: {err}")))?;
        let pool = PgPoolOptions::new()
            .max_connections(MAX_CONNECTIONS)
            .connect_with(options)
            .await?;
        // The migrator takes an advisory lock, so processes opening one database together
        // apply each migration once.
        rows::migrator(MIGRATIONS).run(&pool).await?;
        let store = PgStore { pool };
        store.check_head().await?;
        Ok(store)
    }

    /// Checks, once per open, that `log_head` agrees with the entries (one statement, so one
    /// snapshot even while others append): if it did not, every append would conflict or hit an
    /// existing index.
    async fn check_head(&self) -> Result<(), StoreError> {
        let (head, end): (Option<i64>, i64) = sqlx::query_as(
            "SELECT (SELECT length FROM log_head), \
                    (SELECT COALESCE(MAX(idx) + 1, 0) FROM log_entries)",
        )
        .fetch_one(&self.pool)
        .await?;
        match head {
            None => Err(StoreError::Corrupt("the log_head row is missing".into())),
            Some(head) if head != end => Err(StoreError::Corrupt(format!(
                "log_head says the log has {head} entries but log_entries holds {end} \
                 (counting up to its highest index)"
            ))),
            Some(_) => Ok(()),
        }
    }

    /// Closes the pool (which also ends every append subscription).
    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }

    pub(crate) async fn append(
        &self,
        first_index: u64,
        entries: &[NewEntry],
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        // Durability must not depend on the server's default: with synchronous_commit off, a
        // commit could be acknowledged before its WAL record reached disk.
        sqlx::query("SET LOCAL synchronous_commit = on")
            .execute(&mut *tx)
            .await?;
        // The row lock serializes appenders across processes: a second appender waits here,
        // then (READ COMMITTED re-reads a locked row) sees the first one's new length.
        let head: Option<i64> = sqlx::query_scalar("SELECT length FROM log_head FOR UPDATE")
            .fetch_optional(&mut *tx)
            .await?;
        let length =
            head.ok_or_else(|| StoreError::Corrupt("the log_head row is missing".into()))?;
        let actual = rows::log_length("log_head length", length)?;
        if actual != first_index {
            tx.rollback().await?;
            return Err(StoreError::Conflict {
                expected: first_index,
                actual,
            });
        }
        if entries.is_empty() {
            tx.rollback().await?;
            return Ok(());
        }
        let indices = append_indices(length, entries.len())?;
        let new_length = indices.end;
        // One statement for the whole batch: arrays unnested in parallel, one row per entry.
        let idxs: Vec<i64> = indices.collect();
        let times: Vec<i64> = entries.iter().map(|e| e.recorded_at_ms).collect();
        let bodies: Vec<&[u8]> = entries.iter().map(|e| &e.body[..]).collect();
        let salts: Vec<&[u8]> = entries.iter().map(|e| &e.salt[..]).collect();
        sqlx::query(
            "INSERT INTO log_entries (idx, recorded_at_ms, body, salt) \
             SELECT * FROM UNNEST($1::int8[], $2::int8[], $3::bytea[], $4::bytea[])",
        )
        .bind(idxs)
        .bind(times)
        .bind(bodies)
        .bind(salts)
        .execute(&mut *tx)
        .await
        .map_err(|err| existing_entry(err, length))?;
        sqlx::query("UPDATE log_head SET length = $1")
            .bind(new_length)
            .execute(&mut *tx)
            .await?;
        // Queued now, delivered by PostgreSQL at commit (and never if the commit fails).
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(APPEND_CHANNEL)
            .bind(new_length.to_string())
            .execute(&mut *tx)
            .await?;
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
             WHERE idx >= $1 ORDER BY idx LIMIT $2",
        )
        .bind(start)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows::entries_from(from, rows)
    }

    pub(crate) async fn len(&self) -> Result<u64, StoreError> {
        let head: Option<i64> = sqlx::query_scalar("SELECT length FROM log_head")
            .fetch_optional(&self.pool)
            .await?;
        let length =
            head.ok_or_else(|| StoreError::Corrupt("the log_head row is missing".into()))?;
        rows::log_length("log_head length", length)
    }

    pub(crate) async fn listen_appends(&self) -> Result<mpsc::Receiver<u64>, StoreError> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        // LISTEN completes before this returns, so every append committed afterwards is seen.
        listener.listen(APPEND_CHANNEL).await?;
        let (sender, receiver) = mpsc::channel(NOTIFY_BUFFER);
        tokio::spawn(async move {
            loop {
                let notification = tokio::select! {
                    // The subscriber went away: stop listening and return the connection.
                    () = sender.closed() => return,
                    notification = listener.recv() => notification,
                };
                // recv() already reconnects after transient failures; an error here means the
                // pool was closed or cannot reconnect, which closes the channel.
                let Ok(notification) = notification else {
                    return;
                };
                // Payloads that are not a length were not sent by a store: skip them.
                let Ok(length) = notification.payload().parse::<u64>() else {
                    continue;
                };
                // A full buffer means the subscriber has unread wake-ups that will make it read
                // the log to its end, so dropping this one loses nothing; waiting instead would
                // let notifications pile up on the server.
                if let Err(mpsc::error::TrySendError::Closed(_)) = sender.try_send(length) {
                    return;
                }
            }
        });
        Ok(receiver)
    }

    pub(crate) async fn set_password(
        &self,
        user_id: &str,
        phc_hash: &str,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_credentials (user_id, password_phc) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET password_phc = excluded.password_phc",
        )
        .bind(user_id)
        .bind(phc_hash)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(crate) async fn password(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        let value: Option<Option<String>> =
            sqlx::query_scalar("SELECT password_phc FROM user_credentials WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(value.flatten())
    }

    pub(crate) async fn set_totp(
        &self,
        user_id: &str,
        secret: Option<&str>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO user_credentials (user_id, totp_secret) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET totp_secret = excluded.totp_secret",
        )
        .bind(user_id)
        .bind(secret)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(crate) async fn totp(&self, user_id: &str) -> Result<Option<String>, StoreError> {
        let value: Option<Option<String>> =
            sqlx::query_scalar("SELECT totp_secret FROM user_credentials WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(value.flatten())
    }

    pub(crate) async fn insert_api_token(&self, row: &ApiTokenRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO api_tokens \
             (id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&row.id)
        .bind(&row.user_id)
        .bind(&row.label)
        .bind(&row.hash[..])
        .bind(row.created_at_ms)
        .bind(row.last_used_at_ms)
        .bind(row.revoked_at_ms)
        .execute(&self.pool)
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
             FROM api_tokens WHERE hash = $1",
        )
        .bind(&hash[..])
        .fetch_optional(&self.pool)
        .await?;
        row.map(rows::api_token).transpose()
    }

    pub(crate) async fn api_tokens(
        &self,
        user_id: Option<&str>,
    ) -> Result<Vec<ApiTokenRow>, StoreError> {
        // `$1 IS NULL` lets one statement serve both "all users" and "one user"; the cast gives
        // the parameter a type PostgreSQL cannot infer from `IS NULL` alone.
        let rows: Vec<TokenColumns> = sqlx::query_as(
            "SELECT id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms \
             FROM api_tokens WHERE $1::text IS NULL OR user_id = $1 ORDER BY created_at_ms, id",
        )
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(rows::api_token).collect()
    }

    pub(crate) async fn touch_api_token(&self, id: &str, at_ms: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE api_tokens SET last_used_at_ms = $1 WHERE id = $2")
            .bind(at_ms)
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn revoke_api_token(&self, id: &str, at_ms: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE api_tokens SET revoked_at_ms = $1 WHERE id = $2 AND revoked_at_ms IS NULL",
        )
        .bind(at_ms)
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn insert_session(&self, row: &SessionRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (hash, user_id, csrf, language, created_at_ms, expires_at_ms) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(&row.hash[..])
        .bind(&row.user_id)
        .bind(&row.csrf)
        .bind(&row.language)
        .bind(row.created_at_ms)
        .bind(row.expires_at_ms)
        .execute(&self.pool)
        .await
        .map_err(|err| StoreError::on_unique(err, "session"))?;
        Ok(())
    }

    pub(crate) async fn session(&self, hash: &[u8; 32]) -> Result<Option<SessionRow>, StoreError> {
        let row: Option<SessionColumns> = sqlx::query_as(
            "SELECT hash, user_id, csrf, language, created_at_ms, expires_at_ms \
             FROM sessions WHERE hash = $1",
        )
        .bind(&hash[..])
        .fetch_optional(&self.pool)
        .await?;
        row.map(rows::session).transpose()
    }

    pub(crate) async fn set_session_language(
        &self,
        hash: &[u8; 32],
        language: &str,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET language = $1 WHERE hash = $2")
            .bind(language)
            .bind(&hash[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_session(&self, hash: &[u8; 32]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE hash = $1")
            .bind(&hash[..])
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_user_sessions(&self, user_id: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn delete_expired_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at_ms <= $1")
            .bind(now_ms)
            .execute(&self.pool)
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
            "INSERT INTO feed_tokens (user_id, hash, created_at_ms) VALUES ($1, $2, $3) \
             ON CONFLICT (user_id) DO UPDATE SET hash = excluded.hash, \
             created_at_ms = excluded.created_at_ms",
        )
        .bind(user_id)
        .bind(&hash[..])
        .bind(at_ms)
        .execute(&self.pool)
        .await
        .map_err(|err| StoreError::on_unique(err, "feed token"))?;
        Ok(())
    }

    pub(crate) async fn feed_token_user(
        &self,
        hash: &[u8; 32],
    ) -> Result<Option<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT user_id FROM feed_tokens WHERE hash = $1")
                .bind(&hash[..])
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub(crate) async fn feed_token_created(
        &self,
        user_id: &str,
    ) -> Result<Option<i64>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT created_at_ms FROM feed_tokens WHERE user_id = $1")
                .bind(user_id)
                .fetch_optional(&self.pool)
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
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO taxii_statuses (id, party, body, created_at_ms) VALUES ($1, $2, $3, $4)",
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
             (SELECT id FROM taxii_statuses ORDER BY created_at_ms DESC, id DESC LIMIT $1)",
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
            sqlx::query_scalar("SELECT body FROM taxii_statuses WHERE id = $1 AND party = $2")
                .bind(id)
                .bind(party)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    pub(crate) async fn delete_feed_token(&self, user_id: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM feed_tokens WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub(crate) async fn meta(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub(crate) async fn put_meta(&self, key: &str, value: &[u8]) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) \
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// An insert into the log hit an existing index although `log_head`, locked by this
/// transaction, said it was free: the head and the entries disagree, which retrying cannot fix,
/// so it is corruption rather than a conflict.
fn existing_entry(err: sqlx::Error, length: i64) -> StoreError {
    match err.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Corrupt(format!(
            "log_head says the log has {length} entries but an entry at or after that index exists"
        )),
        _ => StoreError::from(err),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn every_migration_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations/postgres");
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

    #[tokio::test]
    async fn malformed_postgres_urls_are_bad_urls_without_connecting() {
        for url in ["postgres://127.0.0.1:notaport/db", "postgres://[::1/db"] {
            match PgStore::open(url).await {
                Err(StoreError::BadUrl(_)) => {}
                other => panic!("{url}: expected BadUrl, got {other:?}"),
            }
        }
    }
}
