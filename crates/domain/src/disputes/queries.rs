//! Reads of disputes on behalf of a reader, each filtered with [`crate::visibility::can_see`]:
//! a dispute a party may not see does not exist for it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::ids::DisputeId;
use super::record::{Dispute, DisputeStatus};
use crate::error::DomainError;
use crate::ids::{PartyId, TrackId};
use crate::queries::Reader;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::visibility::can_see;

fn visible(d: &Dispute, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(&d.audience, p))
}

/// Which disputes to list; all fields optional, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct DisputeFilter {
    /// Only these statuses (all when empty).
    pub status: Vec<DisputeStatus>,
    /// Only on this track.
    pub track: Option<TrackId>,
    /// Only those this party raised or is the respondent of.
    pub party: Option<PartyId>,
    /// Only overdue (`true`) or not overdue (`false`) ones.
    pub overdue: Option<bool>,
}

impl DisputeFilter {
    fn keeps(&self, d: &Dispute, now: Timestamp) -> bool {
        (self.status.is_empty() || self.status.contains(&d.status))
            && self.track.as_ref().is_none_or(|t| *t == d.draft.track)
            && self
                .party
                .as_ref()
                .is_none_or(|p| *p == d.raiser || p == d.respondent())
            && self.overdue.is_none_or(|o| o == d.overdue(now))
    }
}

/// The disputes `reader` may see that pass `filter` at `now`, most recently raised first.
pub fn disputes<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &DisputeFilter,
    now: Timestamp,
) -> Vec<&'s Dispute> {
    let mut list: Vec<&Dispute> = state
        .disputes
        .disputes
        .values()
        .filter(|d| visible(d, reader) && filter.keeps(d, now))
        .collect();
    list.sort_by(|a, b| (b.raised_at, &b.id).cmp(&(a.raised_at, &a.id)));
    list
}

/// One dispute, if `reader` may see it.
pub fn dispute<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &DisputeId,
) -> Result<&'s Dispute, DomainError> {
    state
        .disputes
        .disputes
        .get(id)
        .filter(|d| visible(d, reader))
        .ok_or_else(|| DomainError::not_found("dispute", id))
}

/// Dispute counts, the same for every party that sees the same disputes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DisputeCounts {
    /// Every dispute counted.
    pub total: u64,
    /// By status (every status present, zero included).
    pub by_status: BTreeMap<DisputeStatus, u64>,
    /// By track.
    pub by_track: BTreeMap<TrackId, u64>,
    /// By month raised, `YYYY-MM` (UTC).
    pub by_month: BTreeMap<String, u64>,
    /// With a deadline passed and unmet at `now`.
    pub overdue: u64,
}

/// Counts of the disputes `reader` may see, at `now`.
pub fn counts(state: &CellState, reader: Reader<'_>, now: Timestamp) -> DisputeCounts {
    let mut c = DisputeCounts {
        by_status: DisputeStatus::ALL.iter().map(|s| (*s, 0)).collect(),
        ..Default::default()
    };
    for d in disputes(state, reader, &DisputeFilter::default(), now) {
        c.total += 1;
        *c.by_status.entry(d.status).or_default() += 1;
        *c.by_track.entry(d.draft.track.clone()).or_default() += 1;
        let month = d.raised_at.to_rfc3339().chars().take(7).collect();
        *c.by_month.entry(month).or_default() += 1;
        if d.overdue(now) {
            c.overdue += 1;
        }
    }
    c
}
