//! The shared record: every committed event as one entry of a transparency log that every
//! party's witness cosigns.
//!
//! - An entry is the commitment `entry_commitment(salt, event bytes)` (see
//!   [`fusioncell_ledger::commitment`]): anyone may fetch every tile and check the whole tree,
//!   but only an event's audience gets the event and its salt, the commitment's opening.
//! - The record keeper ([`run`]) follows the core's log in commit order, appends each entry to
//!   an RFC 9162 Merkle tree, signs a checkpoint after each batch it drains, submits it to every
//!   witness (C2SP tlog-witness) and publishes it with the cosignatures received. A witness that
//!   refuses raises a `record.witness_refused` alert to every party.
//! - [`http`] serves the checkpoint, the log key and the C2SP tiles under `/log`, and entries,
//!   receipts (C2SP tlog-proof), consistency proofs, openings and the status under
//!   `/api/v1/log`.
//! - [`evidence`], [`audit`] and [`auditor`] are `fusioncell export` and `fusioncell verify`:
//!   gather what a party may check, and check it alone.

pub mod audit;
pub mod auditor;
pub mod evidence;
pub(crate) mod files;
pub mod http;
mod keeper;
pub mod key;
pub mod settings;
pub mod status;
mod submit;

use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use fusioncell_domain::Timestamp;
use fusioncell_ledger::{MerkleTree, NoteVerifier, SignedCheckpoint};
use tokio::sync::{Notify, watch};

pub use keeper::run;
pub use settings::{RecordSettings, WitnessSettings};
pub use status::{RecordStatus, status};

/// A checkpoint as published: signed by the log, with every cosignature received for it.
#[derive(Debug)]
pub struct Published {
    /// The checkpoint and its note.
    pub signed: SignedCheckpoint,
    /// The note's text, as served at `/log/checkpoint`.
    pub text: String,
    /// When it was published (the server's clock).
    pub at: Timestamp,
}

impl Published {
    /// Number of entries the checkpoint covers.
    pub fn size(&self) -> u64 {
        self.signed.checkpoint.size
    }
}

/// What readers of the record see; replaced as a whole, so it is always coherent.
#[derive(Clone, Debug, Default)]
pub struct View {
    /// The log's verifier key, once the record has one.
    pub log_key: Option<NoteVerifier>,
    /// The latest published checkpoint.
    pub published: Option<Arc<Published>>,
    /// Why the record keeper cannot go on, if it cannot.
    pub problem: Option<String>,
}

/// What the record keeper knows about one witness.
#[derive(Clone, Debug, Default)]
pub(crate) struct Health {
    /// The witness's latest cosigned size, as far as its answers tell.
    pub known_size: Option<u64>,
    /// POSIX time of the latest cosignature received from it.
    pub cosigned_at: Option<u64>,
    /// How the last exchange went.
    pub state: LinkState,
    /// When to try again after a failure or a refusal.
    pub retry_at: Option<tokio::time::Instant>,
    /// Failures in a row, for the backoff.
    pub failures: u32,
}

/// How the last exchange with a witness went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum LinkState {
    /// Nothing asked yet.
    #[default]
    Unknown,
    /// It cosigned.
    Cosigning,
    /// It could not be reached, or answered something unusable.
    Failing {
        /// What went wrong.
        error: String,
        /// Since when.
        since: Timestamp,
    },
    /// It refused a checkpoint: the record it was shown does not extend what it cosigned.
    Refused {
        /// The size it refused.
        size: u64,
        /// Why.
        reason: String,
        /// Since when.
        since: Timestamp,
    },
}

/// A witness and what is known of it.
#[derive(Clone, Debug)]
pub(crate) struct Link {
    pub settings: WitnessSettings,
    pub health: Health,
}

struct Shared {
    require_authentication: bool,
    origin: Option<String>,
    tree: RwLock<MerkleTree>,
    view: watch::Sender<View>,
    links: Mutex<Vec<Link>>,
    /// Wakes the keeper when a witness is added.
    wake: Notify,
}

/// Handle on the shared record. Cheap to clone.
#[derive(Clone)]
pub struct Record {
    shared: Arc<Shared>,
}

impl Record {
    /// A record with no entries yet; [`run`] fills it from the core's log.
    pub fn new(settings: RecordSettings) -> Record {
        let links = settings
            .witnesses
            .into_iter()
            .map(|settings| Link {
                settings,
                health: Health::default(),
            })
            .collect();
        Record {
            shared: Arc::new(Shared {
                require_authentication: settings.require_authentication,
                origin: settings.origin,
                tree: RwLock::new(MerkleTree::new()),
                view: watch::Sender::new(View::default()),
                links: Mutex::new(links),
                wake: Notify::new(),
            }),
        }
    }

    /// Whether the public log endpoints need a signed-in caller.
    pub fn require_authentication(&self) -> bool {
        self.shared.require_authentication
    }

    /// The current view: key, latest checkpoint, problem.
    pub fn view(&self) -> View {
        self.shared.view.borrow().clone()
    }

    /// The latest published checkpoint.
    pub fn published(&self) -> Option<Arc<Published>> {
        self.shared.view.borrow().published.clone()
    }

    /// The witnesses, in the order of their cosignatures.
    pub fn witnesses(&self) -> Vec<WitnessSettings> {
        self.links().iter().map(|l| l.settings.clone()).collect()
    }

    /// Adds a witness while running (the demo starts its witnesses once the log key exists).
    pub fn add_witness(&self, witness: WitnessSettings) {
        self.links().push(Link {
            settings: witness,
            health: Health::default(),
        });
        self.shared.wake.notify_one();
    }

    /// Waits until the record has a log key; returns it, or why there is none.
    pub async fn ready(&self, timeout: Duration) -> Result<NoteVerifier, String> {
        let mut view = self.shared.view.subscribe();
        let waited = tokio::time::timeout(
            timeout,
            view.wait_for(|v| v.log_key.is_some() || v.problem.is_some()),
        )
        .await;
        match waited {
            Ok(Ok(v)) => v
                .log_key
                .clone()
                .ok_or_else(|| v.problem.clone().unwrap_or_default()),
            _ => Err("the record has no log key yet: is the cell configured?".into()),
        }
    }

    /// Waits until a checkpoint covering `size` entries is published and `accept` holds for
    /// it; `None` after `timeout`.
    pub async fn wait_for(
        &self,
        size: u64,
        timeout: Duration,
        accept: impl Fn(&Published) -> bool,
    ) -> Option<Arc<Published>> {
        let mut view = self.shared.view.subscribe();
        let waited = tokio::time::timeout(
            timeout,
            view.wait_for(|v| {
                v.published
                    .as_ref()
                    .is_some_and(|p| p.size() >= size && accept(p))
            }),
        )
        .await;
        waited.ok()?.ok()?.published.clone()
    }

    /// Runs `f` on the Merkle tree; it may be ahead of the published checkpoint.
    pub(crate) fn with_tree<R>(&self, f: impl FnOnce(&MerkleTree) -> R) -> R {
        f(&self
            .shared
            .tree
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    fn links(&self) -> std::sync::MutexGuard<'_, Vec<Link>> {
        self.shared
            .links
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
