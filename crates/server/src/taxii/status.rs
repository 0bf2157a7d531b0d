//! Status resources of object additions. An addition is decided while the client waits, so a
//! status is final (`complete`) when first returned; statuses are kept in memory (the last
//! [`KEPT`]) for clients that poll, and each is shown only to the party that made the request.

use std::collections::VecDeque;
use std::sync::Mutex;

use fusioncell_domain::PartyId;
use serde::Serialize;

/// How many statuses are kept.
pub const KEPT: usize = 1_000;

/// The outcome for one object of an addition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StatusDetail {
    /// The object's id.
    pub id: String,
    /// Its version (`modified`), when it has one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub version: String,
    /// What became of it.
    pub message: String,
}

/// A TAXII status resource.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Status {
    /// The status id.
    pub id: String,
    /// `complete` or `pending`.
    pub status: &'static str,
    /// When the request was received.
    pub request_timestamp: String,
    /// Objects in the request.
    pub total_count: usize,
    /// Objects accepted.
    pub success_count: usize,
    /// Details of those accepted.
    pub successes: Vec<StatusDetail>,
    /// Objects refused.
    pub failure_count: usize,
    /// Details of those refused.
    pub failures: Vec<StatusDetail>,
    /// Objects still being processed.
    pub pending_count: usize,
    /// Details of those pending.
    pub pendings: Vec<StatusDetail>,
}

/// The statuses kept, with the party each belongs to.
#[derive(Default)]
pub struct Statuses(Mutex<VecDeque<(PartyId, Status)>>);

impl Statuses {
    /// Keeps `status` for `party`, forgetting the oldest beyond [`KEPT`].
    pub fn keep(&self, party: &PartyId, status: Status) {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= KEPT {
            kept.pop_front();
        }
        kept.push_back((party.clone(), status));
    }

    /// Status `id`, if `party` made it.
    pub fn get(&self, party: &PartyId, id: &str) -> Option<Status> {
        let kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        kept.iter()
            .find(|(p, s)| p == party && s.id == id)
            .map(|(_, s)| s.clone())
    }
}
