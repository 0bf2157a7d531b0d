//! Status resources of object additions. An addition is decided while the client waits, so a
//! status is final (`complete`) when first returned; statuses are kept in the store (the last
//! [`KEPT`]) for clients that poll, across restarts, and each is shown only to the party that
//! made the request.

use fusioncell_domain::PartyId;
use serde::Serialize;
use serde_json::Value;

use crate::app::AppState;
use crate::error::ApiError;

/// How many statuses are kept; the oldest beyond are deleted.
pub const KEPT: u32 = 10_000;

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

/// Keeps `status` for `party`. The addition it reports has happened, so a failure to keep it
/// is logged rather than answered: the client has the status in the answer.
pub async fn keep(app: &AppState, party: &PartyId, status: &Status) {
    let body = serde_json::to_string(status).expect("a status is plain data");
    let at = app.core.clock().now().millis();
    if let Err(e) = app
        .store
        .put_taxii_status(&status.id, party.as_str(), &body, at, KEPT)
        .await
    {
        tracing::warn!(status = %status.id, error = %e, "a TAXII status could not be kept");
    }
}

/// Status `id` as it was answered, if `party` made it and it is still kept.
pub async fn find(app: &AppState, party: &PartyId, id: &str) -> Result<Option<Value>, ApiError> {
    let body = app
        .store
        .taxii_status(id, party.as_str())
        .await
        .map_err(ApiError::storage)?;
    body.map(|b| serde_json::from_str(&b).map_err(ApiError::storage))
        .transpose()
}
