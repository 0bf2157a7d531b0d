//! Evidence: everything a party needs to check the record alone, gathered from a live cell
//! (`fusioncell verify --log`) or from a data directory (`fusioncell export`), in one format.
//!
//! An export file is this structure as JSON (`"format": "fusioncell-export/v1"`): the log key,
//! the latest published checkpoint with its cosignatures, every tile and entry bundle of that
//! checkpoint (base64, by C2SP path), the witnesses' keys, and the openings (event and salt) of
//! the entries the export is for.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::{Event, PartyId};
use fusioncell_ledger::tiles::{MAX_TILE_LEVEL, encode_entry_bundle, tile_bytes};
use fusioncell_ledger::{MerkleTree, SignedCheckpoint, TileKind, TilePath, entry_commitment};
use fusioncell_store::Store;
use serde::{Deserialize, Serialize};

use super::http::{Opening, Openings};
use super::key::{self, CHECKPOINT};
use super::settings::RecordSettings;

/// The `format` of an export file.
pub const FORMAT: &str = "fusioncell-export/v1";

/// Entries read from the store at a time.
const STORE_PAGE: u32 = 10_000;

/// What a party checks the record with.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// Always [`FORMAT`].
    pub format: String,
    /// The log's verifier key, as the log states it.
    pub log_key: String,
    /// The latest published checkpoint, with its cosignatures.
    pub checkpoint: String,
    /// The witnesses' verifier keys, as the log states them.
    pub witnesses: Vec<WitnessKey>,
    /// Tiles and entry bundles of the checkpoint's tree, base64, by path (`tile/0/000`, ...).
    pub tiles: BTreeMap<String, String>,
    /// Openings of the entries this evidence is for, by increasing index.
    pub openings: Vec<Opening>,
    /// The party whose entries are opened; `None` when all are (an operator's export).
    pub party: Option<String>,
}

/// A witness as the log lists it (other fields of a status answer are ignored).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WitnessKey {
    /// Its party.
    pub party: String,
    /// Its verifier key.
    pub key: String,
}

/// Why evidence could not be gathered.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] fusioncell_store::StoreError),
    /// The log key is unusable.
    #[error(transparent)]
    Key(#[from] key::KeyError),
    /// The data directory holds no log yet.
    #[error("{0}")]
    NoLog(&'static str),
    /// An entry of the store cannot be exported.
    #[error("entry {index} of the store: {message}")]
    Entry {
        /// Its index.
        index: u64,
        /// What is wrong.
        message: String,
    },
    /// A request to the live log failed.
    #[error("{url}: {message}")]
    Fetch {
        /// What was fetched.
        url: String,
        /// What went wrong.
        message: String,
    },
}

impl Evidence {
    /// A tile's bytes, if present and valid base64.
    pub fn tile(&self, path: &TilePath) -> Option<Vec<u8>> {
        STANDARD.decode(self.tiles.get(&path.to_string())?).ok()
    }
}

/// Every hash tile and entry bundle of a tree of `size` entries, in audit order.
pub fn tile_paths(size: u64) -> impl Iterator<Item = TilePath> {
    let hashes = (0..=MAX_TILE_LEVEL)
        .flat_map(move |level| TilePath::all_for_tree_size(TileKind::Hashes { level }, size));
    hashes.chain(TilePath::all_for_tree_size(TileKind::Entries, size))
}

/// Gathers the evidence of the record in `store`, offline: the checkpoint kept by the last
/// server that ran, the tiles of the store's entries, and the openings visible to `party`
/// (all of them when `None`).
pub async fn export(
    store: &Store,
    settings: &RecordSettings,
    party: Option<&PartyId>,
) -> Result<Evidence, EvidenceError> {
    let log_key = key::load(store)
        .await?
        .ok_or(EvidenceError::NoLog(
            "this data directory has no log key yet: serve the cell once first",
        ))?
        .verifier();
    let checkpoint = store.meta(CHECKPOINT).await?.ok_or(EvidenceError::NoLog(
        "no checkpoint was published yet: serve the cell once first",
    ))?;
    let checkpoint = String::from_utf8(checkpoint).map_err(|_| {
        EvidenceError::NoLog("the checkpoint kept in the store is not text: the store is damaged")
    })?;
    // A damaged checkpoint still goes into the export, for the auditor to report.
    let size = SignedCheckpoint::parse(checkpoint.as_bytes())
        .map(|s| s.checkpoint.size)
        .unwrap_or(0);
    let mut tree = MerkleTree::new();
    let mut commitments = Vec::new();
    let mut openings = Vec::new();
    let mut from = 0;
    while tree.size() < size {
        let page = store.entries(from, STORE_PAGE).await?;
        if page.is_empty() {
            break;
        }
        for entry in page.into_iter().take((size - tree.size()) as usize) {
            let commitment = entry_commitment(&entry.salt, &entry.body);
            tree.append(&commitment);
            commitments.push(commitment);
            let event = String::from_utf8(entry.body).map_err(|_| EvidenceError::Entry {
                index: entry.index,
                message: "not text, so not an event: the store is damaged".into(),
            })?;
            let visible = match party {
                None => true,
                Some(party) => Event::from_canonical_bytes(event.as_bytes())
                    .map_err(|e| EvidenceError::Entry {
                        index: entry.index,
                        message: e.to_string(),
                    })?
                    .audience
                    .contains(party),
            };
            if visible {
                openings.push(Opening {
                    index: entry.index,
                    event,
                    salt: STANDARD.encode(entry.salt),
                });
            }
            from = entry.index + 1;
        }
    }
    // The store may hold fewer entries than the checkpoint (it was truncated): export what
    // there is, and let the auditor say what is missing.
    let mut tiles = BTreeMap::new();
    for path in tile_paths(tree.size()) {
        let bytes = match path.kind() {
            TileKind::Hashes { .. } => tile_bytes(&tree, &path),
            TileKind::Entries => {
                let start = (path.index() * 256) as usize;
                encode_entry_bundle(&commitments[start..start + usize::from(path.width())])
            }
        };
        let bytes = bytes.map_err(|e| EvidenceError::Entry {
            index: path.index() * 256,
            message: e.to_string(),
        })?;
        tiles.insert(path.to_string(), STANDARD.encode(bytes));
    }
    Ok(Evidence {
        format: FORMAT.into(),
        log_key: log_key.verifier_key(),
        checkpoint,
        witnesses: witness_keys(settings),
        tiles,
        openings,
        party: party.map(ToString::to_string),
    })
}

fn witness_keys(settings: &RecordSettings) -> Vec<WitnessKey> {
    settings
        .witnesses
        .iter()
        .map(|w| WitnessKey {
            party: w.party.to_string(),
            key: w.key.verifier_key(),
        })
        .collect()
}

/// The part of `/api/v1/log/status` the evidence needs: the witnesses' parties and keys.
#[derive(Deserialize)]
struct StatusWitnesses {
    witnesses: Vec<WitnessKey>,
}

/// A client of a live log, sending the caller's token with every request.
struct Client {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Client {
    async fn get(&self, path: &str) -> Result<reqwest::Response, EvidenceError> {
        let url = format!("{}{path}", self.base);
        let fail = |message: String| EvidenceError::Fetch {
            url: url.clone(),
            message,
        };
        let response = self
            .http
            .get(&url)
            .bearer_auth(&self.token)
            .send()
            .await
            .map_err(|e| fail(e.to_string()))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(fail(format!("answered {status}: {}", body.trim())));
        }
        Ok(response)
    }

    async fn text(&self, path: &str) -> Result<String, EvidenceError> {
        let response = self.get(path).await?;
        response.text().await.map_err(|e| EvidenceError::Fetch {
            url: format!("{}{path}", self.base),
            message: e.to_string(),
        })
    }

    async fn bytes(&self, path: &str) -> Result<Vec<u8>, EvidenceError> {
        let response = self.get(path).await?;
        let bytes = response.bytes().await.map_err(|e| EvidenceError::Fetch {
            url: format!("{}{path}", self.base),
            message: e.to_string(),
        })?;
        Ok(bytes.to_vec())
    }

    async fn json<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T, EvidenceError> {
        serde_json::from_str(&self.text(path).await?).map_err(|e| EvidenceError::Fetch {
            url: format!("{}{path}", self.base),
            message: format!("unexpected answer: {e}"),
        })
    }
}

/// Gathers the evidence of a live cell at `base` as the user of `token` sees it.
pub async fn fetch(base: &str, token: &str) -> Result<Evidence, EvidenceError> {
    let client = Client {
        http: reqwest::Client::new(),
        base: base.trim_end_matches('/').to_string(),
        token: token.to_string(),
    };
    let log_key = client.text("/log/key").await?.trim().to_string();
    let checkpoint = client.text("/log/checkpoint").await?;
    let status: StatusWitnesses = client.json("/api/v1/log/status").await?;
    let witnesses = status.witnesses;
    // An unreadable checkpoint has no tiles to fetch; the auditor reports it.
    let size = SignedCheckpoint::parse(checkpoint.as_bytes())
        .map(|s| s.checkpoint.size)
        .unwrap_or(0);
    let mut tiles = BTreeMap::new();
    for path in tile_paths(size) {
        let bytes = client.bytes(&format!("/log/{path}")).await?;
        tiles.insert(path.to_string(), STANDARD.encode(bytes));
    }
    let mut openings = Vec::new();
    let mut from = 0;
    loop {
        let page: Openings = client
            .json(&format!("/api/v1/log/openings?from={from}&to={size}"))
            .await?;
        openings.extend(page.entries);
        match page.next {
            Some(next) if next > from => from = next,
            _ => break,
        }
    }
    Ok(Evidence {
        format: FORMAT.into(),
        log_key,
        checkpoint,
        witnesses,
        tiles,
        openings,
        party: None,
    })
}

/// A consistency proof from the live log at `base`, for a light check of an old checkpoint.
pub async fn fetch_consistency(
    base: &str,
    token: &str,
    from: u64,
    to: u64,
) -> Result<Vec<[u8; 32]>, EvidenceError> {
    let client = Client {
        http: reqwest::Client::new(),
        base: base.trim_end_matches('/').to_string(),
        token: token.to_string(),
    };
    let path = format!("/api/v1/log/consistency?from={from}&to={to}");
    let proof: super::http::ConsistencyProof = client.json(&path).await?;
    proof
        .proof
        .iter()
        .map(|h| {
            STANDARD
                .decode(h)
                .ok()
                .and_then(|b| <[u8; 32]>::try_from(b).ok())
                .ok_or_else(|| EvidenceError::Fetch {
                    url: format!("{}{path}", client.base),
                    message: format!("{h:?} is not a base64 SHA-256 hash"),
                })
        })
        .collect()
}
