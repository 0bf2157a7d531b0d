//! Reads of de-escalation records on behalf of a reader, each filtered with
//! [`crate::visibility::can_see`]: what a party may not see does not exist for it.

use fusioncell_geo::ActivityKind;

use super::activity::{ActivityRecord, ActivityStatus};
use super::alert::Alert;
use super::crossing::CrossingRecord;
use super::ids::{ActivityId, IncidentId, ZoneId};
use super::incident::Incident;
use super::zone::ZoneRecord;
use crate::error::DomainError;
use crate::event::Audience;
use crate::ids::PartyId;
use crate::queries::Reader;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::visibility::can_see;

fn visible(audience: &Audience, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(audience, p))
}

/// The zones `reader` may see, by id.
pub fn zones<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s ZoneRecord> {
    state
        .deescalation
        .zones
        .values()
        .filter(|z| visible(&z.audience, reader))
        .collect()
}

/// One zone, if `reader` may see it.
pub fn zone<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &ZoneId,
) -> Result<&'s ZoneRecord, DomainError> {
    state
        .deescalation
        .zones
        .get(id)
        .filter(|z| visible(&z.audience, reader))
        .ok_or_else(|| DomainError::not_found("zone", id))
}

/// Which activities to list.
#[derive(Clone, Debug, Default)]
pub struct ActivityFilter {
    /// Only this party's.
    pub party: Option<PartyId>,
    /// Only this kind.
    pub kind: Option<ActivityKind>,
    /// Only these statuses (all when empty).
    pub status: Vec<ActivityStatus>,
    /// Only those whose window ends after this instant.
    pub from: Option<Timestamp>,
    /// Only those whose window starts before this instant.
    pub to: Option<Timestamp>,
    /// Only late (`true`) or timely (`false`) notifications.
    pub late: Option<bool>,
    /// Only those awaiting this party's acknowledgement.
    pub awaiting: Option<PartyId>,
}

impl ActivityFilter {
    fn keeps(&self, a: &ActivityRecord, now: Timestamp) -> bool {
        let v = &a.current;
        let w = &v.draft.window;
        self.party.as_ref().is_none_or(|p| *p == a.party)
            && self.kind.is_none_or(|k| k == v.draft.kind)
            && (self.status.is_empty() || self.status.contains(&a.status(now)))
            && self.from.is_none_or(|t| w.end > t)
            && self.to.is_none_or(|t| w.start < t)
            && self.late.is_none_or(|l| l == v.lead.late_by_ms.is_some())
            && self
                .awaiting
                .as_ref()
                .is_none_or(|p| a.cancelled_at.is_none() && v.unacknowledged().contains(p))
    }
}

/// The activities `reader` may see that pass `filter` at `now`, by start time.
pub fn activities<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &ActivityFilter,
    now: Timestamp,
) -> Vec<&'s ActivityRecord> {
    let mut list: Vec<&ActivityRecord> = state
        .deescalation
        .activities
        .values()
        .filter(|a| visible(&a.audience, reader) && filter.keeps(a, now))
        .collect();
    list.sort_by(|a, b| {
        (a.current.draft.window.start, &a.id).cmp(&(b.current.draft.window.start, &b.id))
    });
    list
}

/// One activity, if `reader` may see it.
pub fn activity<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &ActivityId,
) -> Result<&'s ActivityRecord, DomainError> {
    state
        .deescalation
        .activities
        .get(id)
        .filter(|a| visible(&a.audience, reader))
        .ok_or_else(|| DomainError::not_found("activity", id))
}

/// The incidents `reader` may see, most recent first.
pub fn incidents<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s Incident> {
    let mut list: Vec<&Incident> = state
        .deescalation
        .incidents
        .values()
        .filter(|i| visible(&i.audience, reader))
        .collect();
    list.sort_by(|a, b| (b.report.occurred_at, &b.id).cmp(&(a.report.occurred_at, &a.id)));
    list
}

/// One incident, if `reader` may see it.
pub fn incident<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &IncidentId,
) -> Result<&'s Incident, DomainError> {
    state
        .deescalation
        .incidents
        .get(id)
        .filter(|i| visible(&i.audience, reader))
        .ok_or_else(|| DomainError::not_found("incident", id))
}

/// The alerts `reader` may see, most recent first.
pub fn alerts<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s Alert> {
    state
        .deescalation
        .alerts
        .iter()
        .rev()
        .filter(|a| visible(&a.audience, reader))
        .collect()
}

/// The zone entries and exits `reader` may see, oldest first.
pub fn crossings<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s CrossingRecord> {
    state
        .deescalation
        .crossings
        .iter()
        .filter(|c| visible(&c.audience, reader))
        .collect()
}
