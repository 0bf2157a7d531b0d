//! The log's Ed25519 signing key and its latest published checkpoint, kept in the store's `meta`
//! table.
//!
//! The key is made once per record, the first time the record has an event to sign for, and its
//! name is the checkpoint origin. It stays in the data directory with the record, never in the
//! record itself.

use fusioncell_ledger::NoteSigner;
use fusioncell_store::{Store, StoreError};

use crate::auth::random_bytes;

/// `meta` key of the log's signer key (`PRIVATE+KEY+<origin>+<key id>+<seed>`).
pub const LOG_KEY: &str = "record.log_key";

/// `meta` key of the latest published checkpoint, with its cosignatures (what an offline
/// export carries).
pub const CHECKPOINT: &str = "record.checkpoint";

/// Why the log key cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The stored key is not a signer key.
    #[error("the log key stored under `{LOG_KEY}` is unreadable: {0}")]
    Unreadable(String),
    /// `record.toml` names another origin than the one the log was started with.
    #[error(
        "record.toml sets origin `{configured}`, but this record's log key is for `{stored}`; the origin of a log cannot change"
    )]
    OriginChanged {
        /// The origin in the settings.
        configured: String,
        /// The origin of the stored key.
        stored: String,
    },
}

/// The default origin of a cell named `name`: `fusioncell.example/<slug>`, where the slug keeps
/// ASCII letters and digits, lowercased, and joins the rest with single dashes.
pub fn default_origin(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    // A name without any ASCII letter or digit (all Arabic or Hebrew, say) still needs a path.
    let slug = if slug.is_empty() { "cell" } else { slug };
    format!("fusioncell.example/{slug}")
}

/// The stored log key, if the record has one.
pub async fn load(store: &Store) -> Result<Option<NoteSigner>, KeyError> {
    let Some(bytes) = store.meta(LOG_KEY).await? else {
        return Ok(None);
    };
    let text = String::from_utf8(bytes).map_err(|e| KeyError::Unreadable(e.to_string()))?;
    NoteSigner::from_signer_key(text.trim())
        .map(Some)
        .map_err(|e| KeyError::Unreadable(e.to_string()))
}

/// The record's log key, made and stored on first use under `origin`.
///
/// `configured` tells whether the origin came from the settings (then a stored key for another
/// origin is an error) or was derived from the cell's name (then the stored key decides).
pub async fn load_or_create(
    store: &Store,
    origin: &str,
    configured: bool,
) -> Result<NoteSigner, KeyError> {
    if let Some(key) = load(store).await? {
        if configured && key.name() != origin {
            return Err(KeyError::OriginChanged {
                configured: origin.to_string(),
                stored: key.name().to_string(),
            });
        }
        return Ok(key);
    }
    let key = NoteSigner::from_seed(origin, &random_bytes::<32>())
        .map_err(|e| KeyError::Unreadable(e.to_string()))?;
    store.put_meta(LOG_KEY, key.signer_key().as_bytes()).await?;
    tracing::info!(origin, key = %key.verifier().verifier_key(), "made the record's log key");
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_slugs_of_the_name() {
        assert_eq!(
            default_origin("Israel–Syria Joint Coordination Cell"),
            "fusioncell.example/israel-syria-joint-coordination-cell"
        );
        assert_eq!(default_origin("  A  b!"), "fusioncell.example/a-b");
        assert_eq!(default_origin("خلية"), "fusioncell.example/cell");
    }

    #[tokio::test]
    async fn the_key_is_made_once_and_the_origin_kept() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_sqlite_dir(dir.path()).await.unwrap();
        assert!(load(&store).await.unwrap().is_none());
        let made = load_or_create(&store, "cell.example/log", true)
            .await
            .unwrap();
        let again = load_or_create(&store, "fusioncell.example/other", false)
            .await
            .unwrap();
        assert_eq!(again.verifier(), made.verifier());
        assert!(matches!(
            load_or_create(&store, "cell.example/elsewhere", true).await,
            Err(KeyError::OriginChanged { .. })
        ));
    }
}
