//! What a collection holds, and what becomes of objects added to it.

use fusioncell_domain::{CellState, PartyId};
use serde_json::Value;

use super::collections::Collection;
use super::query::Entry;
use super::status::Status;
use crate::app::AppState;
use crate::caller::Caller;
use crate::error::ApiError;

/// The objects of `collection` a reader of `party` may see.
pub fn entries(_state: &CellState, _party: &PartyId, _collection: &Collection) -> Vec<Entry> {
    Vec::new()
}

/// Adds `objects` to `collection` for `caller`.
pub async fn add(
    app: &AppState,
    _caller: &Caller,
    _collection: &Collection,
    objects: &[Value],
) -> Result<Status, ApiError> {
    let now = app.core.clock().now();
    Ok(Status {
        id: crate::auth::random_id("st"),
        status: "complete",
        request_timestamp: fusioncell_stix::StixTime(now.millis()).to_string(),
        total_count: objects.len(),
        success_count: 0,
        successes: Vec::new(),
        failure_count: 0,
        failures: Vec::new(),
        pending_count: 0,
        pendings: Vec::new(),
    })
}
