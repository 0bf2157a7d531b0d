//! Reads of commitments on behalf of a reader, each filtered with
//! [`crate::visibility::can_see`]: what a party may not see does not exist for it.

use super::model::{Commitment, CommitmentId, CommitmentStatus};
use crate::error::DomainError;
use crate::event::Audience;
use crate::ids::{PartyId, TrackId};
use crate::queries::Reader;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::visibility::can_see;

fn visible(audience: &Audience, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(audience, p))
}

/// Which commitments to list.
#[derive(Clone, Debug, Default)]
pub struct CommitmentFilter {
    /// Only those owned by this party.
    pub owner: Option<PartyId>,
    /// Only those owed to this party.
    pub beneficiary: Option<PartyId>,
    /// Only this track's.
    pub track: Option<TrackId>,
    /// Only this status.
    pub status: Option<CommitmentStatus>,
    /// Only those with an overdue milestone (`true`) or without (`false`).
    pub overdue: Option<bool>,
    /// Only those awaiting this party's approval.
    pub awaiting: Option<PartyId>,
}

impl CommitmentFilter {
    fn keeps(&self, c: &Commitment, now: Timestamp) -> bool {
        self.owner.as_ref().is_none_or(|p| *p == c.owner)
            && self
                .beneficiary
                .as_ref()
                .is_none_or(|p| *p == c.beneficiary)
            && self.track.as_ref().is_none_or(|t| *t == c.track)
            && self.status.is_none_or(|s| s == c.status())
            && self.overdue.is_none_or(|o| o == c.any_overdue(now))
            && self
                .awaiting
                .as_ref()
                .is_none_or(|p| c.pending().is_some_and(|v| v.awaiting().contains(p)))
    }
}

/// The commitments `reader` may see that `filter` keeps, by id.
pub fn commitments<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &CommitmentFilter,
    now: Timestamp,
) -> Vec<&'s Commitment> {
    state
        .commitments
        .commitments
        .values()
        .filter(|c| visible(&c.audience, reader) && filter.keeps(c, now))
        .collect()
}

/// One commitment, if `reader` may see it.
pub fn commitment<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &CommitmentId,
) -> Result<&'s Commitment, DomainError> {
    state
        .commitments
        .commitments
        .get(id)
        .filter(|c| visible(&c.audience, reader))
        .ok_or_else(|| DomainError::not_found("commitment", id))
}
