//! Reads of meetings and joint statements on behalf of a reader, each filtered with
//! [`crate::visibility::can_see`]: what a party may not see does not exist for it.

use super::model::{Meeting, MeetingId, Statement, StatementId};
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

/// Which meetings to list.
#[derive(Clone, Debug, Default)]
pub struct MeetingFilter {
    /// Only those this party takes part in.
    pub participant: Option<PartyId>,
    /// Only those starting at or after this instant.
    pub from: Option<Timestamp>,
    /// Only those starting before this instant.
    pub to: Option<Timestamp>,
    /// Only those whose minutes await this party's approval.
    pub awaiting: Option<PartyId>,
}

impl MeetingFilter {
    fn keeps(&self, m: &Meeting) -> bool {
        self.participant
            .as_ref()
            .is_none_or(|p| m.participants.contains(p))
            && self.from.is_none_or(|t| m.starts_at >= t)
            && self.to.is_none_or(|t| m.starts_at < t)
            && self.awaiting.as_ref().is_none_or(|p| {
                m.current_minutes()
                    .is_some_and(|x| x.awaiting().contains(p))
            })
    }
}

/// The meetings `reader` may see that `filter` keeps, earliest first.
pub fn meetings<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    filter: &MeetingFilter,
) -> Vec<&'s Meeting> {
    let mut list: Vec<&Meeting> = state
        .meetings
        .meetings
        .values()
        .filter(|m| visible(&m.audience, reader) && filter.keeps(m))
        .collect();
    list.sort_by_key(|m| (m.starts_at, m.id.clone()));
    list
}

/// One meeting, if `reader` may see it.
pub fn meeting<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &MeetingId,
) -> Result<&'s Meeting, DomainError> {
    state
        .meetings
        .meetings
        .get(id)
        .filter(|m| visible(&m.audience, reader))
        .ok_or_else(|| DomainError::not_found("meeting", id))
}

/// The joint statements `reader` may see, by id; only published ones with `published`.
pub fn statements<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    published: Option<bool>,
) -> Vec<&'s Statement> {
    state
        .meetings
        .statements
        .values()
        .filter(|s| {
            visible(&s.audience, reader) && published.is_none_or(|p| p == s.published_at.is_some())
        })
        .collect()
}

/// One joint statement, if `reader` may see it.
pub fn statement<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &StatementId,
) -> Result<&'s Statement, DomainError> {
    state
        .meetings
        .statements
        .get(id)
        .filter(|s| visible(&s.audience, reader))
        .ok_or_else(|| DomainError::not_found("joint statement", id))
}
