//! Reads of the state on behalf of a reader. Every read the server offers goes through these
//! functions, and they all filter with [`crate::visibility::can_see`]: what a party may not see
//! does not exist for it (a guessed id gets "not found", never "forbidden").

use crate::error::DomainError;
use crate::ids::{MessageId, PartyId, ThreadId, TrackId};
use crate::message::{Message, Thread};
use crate::state::CellState;
use crate::user::User;
use crate::visibility::can_see;

/// Who is reading: a party, or the cell itself (its operator and timer see everything).
pub type Reader<'a> = Option<&'a PartyId>;

fn visible(thread: &Thread, reader: Reader<'_>) -> bool {
    reader.is_none_or(|p| can_see(&thread.audience, p))
}

/// The threads `reader` may see, on `track` if given, most recently active first.
pub fn threads<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    track: Option<&TrackId>,
) -> Vec<&'s Thread> {
    let mut list: Vec<&Thread> = state
        .threads
        .values()
        .filter(|t| visible(t, reader) && track.is_none_or(|tr| &t.track == tr))
        .collect();
    list.sort_by(|a, b| b.last_activity.cmp(&a.last_activity).then(a.id.cmp(&b.id)));
    list
}

/// One thread, if `reader` may see it.
pub fn thread<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &ThreadId,
) -> Result<&'s Thread, DomainError> {
    state
        .threads
        .get(id)
        .filter(|t| visible(t, reader))
        .ok_or_else(|| DomainError::not_found("thread", id))
}

/// One message and its thread, if `reader` may see them.
pub fn message<'s>(
    state: &'s CellState,
    reader: Reader<'_>,
    id: &MessageId,
) -> Result<(&'s Message, &'s Thread), DomainError> {
    let not_found = || DomainError::not_found("message", id);
    let message = state.messages.get(id).ok_or_else(not_found)?;
    let thread = thread(state, reader, &message.thread).map_err(|_| not_found())?;
    Ok((message, thread))
}

/// The messages of a thread the reader has already been given, oldest first.
pub fn messages<'s>(state: &'s CellState, thread: &Thread) -> Vec<&'s Message> {
    thread
        .messages
        .iter()
        .filter_map(|id| state.messages.get(id))
        .collect()
}

/// Messages awaiting an acknowledgement from `party`, earliest deadline first.
pub fn awaiting_acknowledgement<'s>(state: &'s CellState, party: &PartyId) -> Vec<&'s Message> {
    let mut list: Vec<&Message> = state
        .messages
        .values()
        .filter(|m| m.awaits(party))
        .collect();
    list.sort_by_key(|m| (m.deadline, m.log_index));
    list
}

/// Messages sent by `party` that still await someone's acknowledgement, earliest deadline first.
pub fn awaiting_others<'s>(state: &'s CellState, party: &PartyId) -> Vec<&'s Message> {
    let mut list: Vec<&Message> = state
        .messages
        .values()
        .filter(|m| &m.author_party == party && !m.unacknowledged().is_empty())
        .collect();
    list.sort_by_key(|m| (m.deadline, m.log_index));
    list
}

/// Escalated messages `reader` may see, most recent first.
pub fn escalations<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s Message> {
    state
        .escalations
        .iter()
        .rev()
        .filter_map(|id| message(state, reader, id).ok().map(|(m, _)| m))
        .collect()
}

/// The users `reader` may list: their own party's; the supervisor's officers and the cell see all.
pub fn users<'s>(state: &'s CellState, reader: Reader<'_>) -> Vec<&'s User> {
    let supervisor = state.config().map(|c| &c.supervisor);
    state
        .users
        .values()
        .filter(|u| reader.is_none_or(|p| &u.party == p || Some(p) == supervisor))
        .collect()
}
