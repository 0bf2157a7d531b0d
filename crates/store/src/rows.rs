//! Conversions shared by both backends: raw column tuples (as sqlx decodes them, identical for
//! SQLite and PostgreSQL) into the public row types, checking every invariant the types promise
//! instead of trusting the database; and the construction of the embedded-migration runner.

use std::borrow::Cow;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::{ApiTokenRow, SessionRow, StoreError, StoredEntry};

/// Columns `idx, recorded_at_ms, body, salt` of `log_entries`.
pub(crate) type EntryColumns = (i64, i64, Vec<u8>, Vec<u8>);

/// Columns `id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms` of
/// `api_tokens`.
pub(crate) type TokenColumns = (
    String,
    String,
    String,
    Vec<u8>,
    i64,
    Option<i64>,
    Option<i64>,
);

/// Columns `hash, user_id, csrf, language, created_at_ms, expires_at_ms` of `sessions`.
pub(crate) type SessionColumns = (Vec<u8>, String, String, String, i64, i64);

/// One embedded migration: version, description, SQL.
pub(crate) type EmbeddedMigration = (i64, &'static str, &'static str);

/// Builds sqlx's runtime migrator from migrations embedded in the binary, so no migration files
/// are needed at run time and no database at build time.
pub(crate) fn migrator(embedded: &[EmbeddedMigration]) -> Migrator {
    Migrator::with_migrations(
        embedded
            .iter()
            .map(|&(version, description, sql)| {
                Migration::new(
                    version,
                    Cow::Borrowed(description),
                    MigrationType::Simple,
                    sql.into_sql_str(),
                    false,
                )
            })
            .collect(),
    )
}

/// A 32-byte hash column; any other length means the row was damaged.
pub(crate) fn hash32(what: &str, bytes: Vec<u8>) -> Result<[u8; 32], StoreError> {
    let len = bytes.len();
    <[u8; 32]>::try_from(bytes)
        .map_err(|_| StoreError::Corrupt(format!("{what} has {len} bytes, expected 32")))
}

/// A log length (or position) read from the database; negative means the row was damaged.
pub(crate) fn log_length(what: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|_| StoreError::Corrupt(format!("{what} is negative: {value}")))
}

/// Turns the rows of `SELECT ... WHERE idx >= from ORDER BY idx` into entries, checking that
/// they are exactly `from, from + 1, ...`: the log is dense, so anything else is a hole or a
/// duplicate in the table.
pub(crate) fn entries_from(
    from: u64,
    rows: Vec<EntryColumns>,
) -> Result<Vec<StoredEntry>, StoreError> {
    let mut expected = from;
    rows.into_iter()
        .map(|(idx, recorded_at_ms, body, salt)| {
            let index = log_length("log entry index", idx)?;
            if index != expected {
                return Err(StoreError::Corrupt(format!(
                    "event log has a gap: expected entry {expected}, found entry {index}"
                )));
            }
            expected += 1;
            let salt = hash32(&format!("salt of log entry {index}"), salt)?;
            Ok(StoredEntry {
                index,
                recorded_at_ms,
                body,
                salt,
            })
        })
        .collect()
}

/// Turns an `api_tokens` row into an [`ApiTokenRow`].
pub(crate) fn api_token(columns: TokenColumns) -> Result<ApiTokenRow, StoreError> {
    let (id, user_id, label, hash, created_at_ms, last_used_at_ms, revoked_at_ms) = columns;
    let hash = hash32(&format!("hash of API token {id:?}"), hash)?;
    Ok(ApiTokenRow {
        id,
        user_id,
        label,
        hash,
        created_at_ms,
        last_used_at_ms,
        revoked_at_ms,
    })
}

/// Turns a `sessions` row into a [`SessionRow`].
pub(crate) fn session(columns: SessionColumns) -> Result<SessionRow, StoreError> {
    let (hash, user_id, csrf, language, created_at_ms, expires_at_ms) = columns;
    // The hash is the session's secret lookup key, so the message names the user instead.
    let hash = hash32(&format!("hash of a session of user {user_id:?}"), hash)?;
    Ok(SessionRow {
        hash,
        user_id,
        csrf,
        language,
        created_at_ms,
        expires_at_ms,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(idx: i64) -> EntryColumns {
        (idx, 7, vec![1, 2], vec![9; 32])
    }

    #[test]
    fn dense_rows_become_entries() {
        let entries = entries_from(3, vec![row(3), row(4)]).expect("dense rows");
        assert_eq!(
            entries.iter().map(|e| e.index).collect::<Vec<_>>(),
            vec![3, 4]
        );
        assert_eq!(entries[0].salt, [9; 32]);
    }

    #[test]
    fn gaps_duplicates_and_bad_salts_are_corruption() {
        for rows in [
            vec![row(3), row(5)],
            vec![row(3), row(3)],
            vec![row(4)],
            vec![(-1, 0, vec![], vec![0; 32])],
            vec![(3, 0, vec![], vec![0; 31])],
        ] {
            assert!(
                matches!(entries_from(3, rows.clone()), Err(StoreError::Corrupt(_))),
                "{rows:?} should be corrupt"
            );
        }
    }

    #[test]
    fn wrong_hash_lengths_are_corruption() {
        let token = (
            "t1".to_owned(),
            "u1".to_owned(),
            "laptop".to_owned(),
            vec![0; 33],
            1,
            None,
            None,
        );
        assert!(matches!(api_token(token), Err(StoreError::Corrupt(_))));
        let session = (vec![0; 0], "u1".to_owned(), "c".into(), "en".into(), 1, 2);
        assert!(matches!(
            self::session(session),
            Err(StoreError::Corrupt(_))
        ));
    }
}
