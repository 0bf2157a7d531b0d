//! Reads of the commercial register on behalf of a reader, each filtered with
//! [`crate::visibility::can_see`].

use super::entry::{Opportunity, OpportunityId, Sector, Stage};
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::queries::Reader;
use crate::state::CellState;
use crate::visibility::can_see;

fn visible(o: &Opportunity, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(&o.audience, p))
}

/// Which entries to list; all optional, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct OpportunityFilter {
    /// Only these stages (all when empty).
    pub stage: Vec<Stage>,
    /// Only this sector.
    pub sector: Option<Sector>,
    /// Only those this party proposed or is the counterpart of.
    pub party: Option<PartyId>,
}

/// The entries `reader` may see that pass `filter`, most recently proposed first.
pub fn opportunities<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &OpportunityFilter,
) -> Vec<&'s Opportunity> {
    let mut list: Vec<&Opportunity> = state
        .commercial
        .entries
        .values()
        .filter(|o| {
            visible(o, reader)
                && (filter.stage.is_empty() || filter.stage.contains(&o.stage))
                && filter.sector.is_none_or(|s| s == o.draft.sector)
                && filter
                    .party
                    .as_ref()
                    .is_none_or(|p| *p == o.proposer || *p == o.draft.counterpart)
        })
        .collect();
    list.sort_by(|a, b| (b.proposed_at, &b.id).cmp(&(a.proposed_at, &a.id)));
    list
}

/// One entry, if `reader` may see it.
pub fn opportunity<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &OpportunityId,
) -> Result<&'s Opportunity, DomainError> {
    state
        .commercial
        .entries
        .get(id)
        .filter(|o| visible(o, reader))
        .ok_or_else(|| DomainError::not_found("opportunity", id))
}
