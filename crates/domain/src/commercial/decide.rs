//! Deciding commercial register commands, handed here by [`crate::decide`].

use std::collections::BTreeSet;

use super::command::CommercialCommand;
use super::entry::{Document, OpportunityDraft, OpportunityId};
use super::event::CommercialEvent;
use super::queries;
use crate::authz::commercial as authz;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event, EventBody, SCHEMA_VERSION};
use crate::ids::PartyId;
use crate::language::{LangText, check_language, check_text};
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;
use crate::visibility::audience_of;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest description, note or comment, in characters.
pub const MAX_TEXT: usize = 4_000;
/// Most documents on one entry.
pub const MAX_DOCUMENTS: usize = 20;
/// Longest document link, in characters.
pub const MAX_URL: usize = 2_000;

/// Decides `command`; the caller has already checked that the cell is configured and that the
/// acting account is active.
pub fn decide(
    state: &CellState,
    config: &CellConfig,
    user: Option<&User>,
    now: Timestamp,
    command: &CommercialCommand,
) -> Result<Vec<Event>, DomainError> {
    let user =
        user.ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))?;
    let event = |audience: Audience, event: CommercialEvent| Event {
        schema: SCHEMA_VERSION,
        at: now,
        actor: Some(user.id.clone()),
        party: Some(user.party.clone()),
        audience,
        body: EventBody::Commercial { event },
    };
    let text = |field: &str, t: &LangText, max: usize| {
        check_language(&format!("{field}.lang"), &t.lang, &config.languages)?;
        check_text(&format!("{field}.text"), &t.text, max)
    };
    match command {
        CommercialCommand::Propose { opportunity, draft } => {
            authz::require_propose(user, config)?;
            if state.commercial.entries.contains_key(opportunity) {
                return Err(DomainError::Conflict(format!(
                    "opportunity `{opportunity}` already exists"
                )));
            }
            check_draft(config, &user.party, draft)?;
            text("title", &draft.title, MAX_TITLE)?;
            text("description", &draft.description, MAX_TEXT)?;
            let parties: BTreeSet<PartyId> = [user.party.clone(), draft.counterpart.clone()].into();
            Ok(vec![event(
                audience_of(&parties, config),
                CommercialEvent::Proposed {
                    opportunity: opportunity.clone(),
                    draft: draft.clone(),
                },
            )])
        }
        CommercialCommand::Move {
            opportunity,
            to,
            note,
        } => {
            let o = visible(state, user, opportunity)?;
            authz::require_move(user, &o.proposer, &o.draft.counterpart, *to)?;
            if !o.stage.can_move_to(*to) {
                return Err(DomainError::Conflict(format!(
                    "an opportunity {} cannot move to {}",
                    o.stage.name(),
                    to.name()
                )));
            }
            if let Some(n) = note {
                text("note", n, MAX_TEXT)?;
            }
            Ok(vec![event(
                o.audience.clone(),
                CommercialEvent::Moved {
                    opportunity: opportunity.clone(),
                    from: o.stage,
                    to: *to,
                    note: note.clone(),
                },
            )])
        }
        CommercialCommand::Comment {
            opportunity,
            text: comment,
        } => {
            let o = visible(state, user, opportunity)?;
            authz::require_comment(user)?;
            text("text", comment, MAX_TEXT)?;
            Ok(vec![event(
                o.audience.clone(),
                CommercialEvent::Commented {
                    opportunity: opportunity.clone(),
                    text: comment.clone(),
                },
            )])
        }
    }
}

fn visible<'s>(
    state: &'s CellState,
    user: &User,
    id: &OpportunityId,
) -> Result<&'s super::Opportunity, DomainError> {
    queries::opportunity(state, Some(&user.party), id)
}

fn check_draft(
    config: &CellConfig,
    proposer: &PartyId,
    draft: &OpportunityDraft,
) -> Result<(), DomainError> {
    let c = &draft.counterpart;
    if config.party(c).is_none() || config.is_supervisor(c) || c == proposer {
        return Err(DomainError::invalid(
            "counterpart",
            format!("`{c}` is not another party of this cell"),
        ));
    }
    let v = &draft.value;
    if v.min > v.max {
        return Err(DomainError::invalid(
            "value.max",
            "must not be below value.min",
        ));
    }
    if v.currency.len() != 3 || !v.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(DomainError::invalid(
            "value.currency",
            "must be an ISO 4217 code of three capital letters, e.g. USD",
        ));
    }
    if draft.documents.len() > MAX_DOCUMENTS {
        return Err(DomainError::invalid(
            "documents",
            format!("at most {MAX_DOCUMENTS} documents"),
        ));
    }
    for (i, d) in draft.documents.iter().enumerate() {
        check_document(&format!("documents[{i}]"), d)?;
    }
    Ok(())
}

fn check_document(at: &str, d: &Document) -> Result<(), DomainError> {
    check_text(&format!("{at}.title"), &d.title, MAX_TITLE)?;
    let scheme_ok = d.url.starts_with("https://") || d.url.starts_with("http://");
    if !scheme_ok
        || d.url.len() > MAX_URL
        || d.url.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(DomainError::invalid(
            &format!("{at}.url"),
            format!("must be an http(s) link without spaces, at most {MAX_URL} characters"),
        ));
    }
    if d.sha256.len() != 64
        || !d
            .sha256
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(DomainError::invalid(
            &format!("{at}.sha256"),
            "must be 64 lowercase hexadecimal digits",
        ));
    }
    Ok(())
}
