//! Deciding meetings commands: `(state, actor, command, now) -> events`, handed here by
//! [`crate::decide`].

use std::collections::BTreeSet;

use crate::authz;
use crate::commitments::model::check_lang_text;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::Event;
use crate::event::EventBody;
use crate::ids::PartyId;
use crate::language::{LangText, check_language, check_text};
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;
use crate::visibility::{audience_of, everyone};

use super::command::MeetingsCommand;
use super::event::MeetingsEvent;
use super::model::{
    MAX_AGENDA, MAX_BODY, MAX_ITEM, MAX_TITLE, Meeting, MeetingId, Statement, StatementId,
};
use crate::commitments::decide::Ctx;

/// Decides `command`; the caller has already checked that the cell is configured and that the
/// acting account is active.
pub fn decide(
    state: &CellState,
    config: &CellConfig,
    user: Option<&User>,
    now: Timestamp,
    command: &MeetingsCommand,
) -> Result<Vec<Event>, DomainError> {
    let ctx = Ctx {
        state,
        config,
        now,
        user,
    };
    match command {
        MeetingsCommand::Schedule {
            meeting,
            title,
            starts_at,
            ends_at,
            place,
            participants,
            agenda,
        } => schedule(
            &ctx,
            meeting,
            title,
            (*starts_at, *ends_at),
            place,
            participants,
            agenda,
        ),
        MeetingsCommand::DraftMinutes { meeting, text } => draft_minutes(&ctx, meeting, text),
        MeetingsCommand::ApproveMinutes { meeting, revision } => {
            approve_minutes(&ctx, meeting, *revision)
        }
        MeetingsCommand::DraftStatement {
            statement,
            title,
            meeting,
            authoritative,
        } => draft_statement(&ctx, statement, title, meeting.as_ref(), authoritative),
        MeetingsCommand::SetStatementText {
            statement,
            lang,
            text,
        } => set_statement_text(&ctx, statement, lang, text),
        MeetingsCommand::ApproveStatement {
            statement,
            revision,
            lang,
        } => approve_statement(&ctx, statement, *revision, lang),
        MeetingsCommand::PublishStatement { statement } => publish(&ctx, statement),
    }
}

fn emit(ctx: &Ctx<'_>, audience: &crate::event::Audience, event: MeetingsEvent) -> Event {
    ctx.event(audience.clone(), EventBody::Meetings { event })
}

/// The parties that approve what the supervisor drafts: every one of `parties` but itself.
fn approvers_among(ctx: &Ctx<'_>, parties: &BTreeSet<PartyId>) -> BTreeSet<PartyId> {
    parties
        .iter()
        .filter(|p| !ctx.config.is_supervisor(p))
        .cloned()
        .collect()
}

fn meeting<'a>(ctx: &Ctx<'a>, id: &MeetingId) -> Result<&'a Meeting, DomainError> {
    super::queries::meeting(ctx.state, ctx.reader(), id)
}

fn schedule(
    ctx: &Ctx<'_>,
    id: &MeetingId,
    title: &LangText,
    (starts_at, ends_at): (Timestamp, Timestamp),
    place: &str,
    participants: &BTreeSet<PartyId>,
    agenda: &[LangText],
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    for p in participants {
        ctx.check_party("participants", p)?;
    }
    if participants.len() < 2 {
        return Err(DomainError::invalid(
            "participants",
            "a meeting needs at least two parties",
        ));
    }
    authz::meetings::require_schedule(user, ctx.config, participants)?;
    check_lang_text("title", title, &ctx.config.languages, MAX_TITLE)?;
    check_text("place", place, MAX_TITLE)?;
    if ends_at <= starts_at {
        return Err(DomainError::invalid("ends_at", "must be after starts_at"));
    }
    if agenda.len() > MAX_AGENDA {
        return Err(DomainError::invalid(
            "agenda",
            format!("at most {MAX_AGENDA} items"),
        ));
    }
    for (i, item) in agenda.iter().enumerate() {
        check_lang_text(
            &format!("agenda[{i}]"),
            item,
            &ctx.config.languages,
            MAX_ITEM,
        )?;
    }
    if ctx.state.meetings.meetings.contains_key(id) {
        return Err(DomainError::Conflict(format!(
            "meeting `{id}` already exists"
        )));
    }
    Ok(vec![emit(
        ctx,
        &audience_of(participants, ctx.config),
        MeetingsEvent::MeetingScheduled {
            meeting: id.clone(),
            title: title.clone(),
            starts_at,
            ends_at,
            place: place.to_string(),
            participants: participants.clone(),
            agenda: agenda.to_vec(),
        },
    )])
}

fn draft_minutes(
    ctx: &Ctx<'_>,
    id: &MeetingId,
    text: &LangText,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let m = meeting(ctx, id)?;
    authz::meetings::require_draft(user, ctx.config)?;
    check_lang_text("text", text, &ctx.config.languages, MAX_BODY)?;
    let current = m.current_minutes();
    if current.is_some_and(|c| c.text == *text) {
        return Ok(vec![]);
    }
    Ok(vec![emit(
        ctx,
        &m.audience,
        MeetingsEvent::MinutesDrafted {
            meeting: id.clone(),
            revision: current.map_or(1, |c| c.revision + 1),
            text: text.clone(),
            approvers: approvers_among(ctx, &m.participants),
        },
    )])
}

fn approve_minutes(
    ctx: &Ctx<'_>,
    id: &MeetingId,
    revision: u32,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let m = meeting(ctx, id)?;
    let minutes = m
        .current_minutes()
        .ok_or_else(|| DomainError::Conflict(format!("meeting `{id}` has no minutes yet")))?;
    authz::meetings::require_approve(user, &minutes.approvers)?;
    if minutes.revision != revision {
        return Err(DomainError::Conflict(format!(
            "the minutes changed: revision {} is current, not {revision}",
            minutes.revision
        )));
    }
    if minutes.approvals.contains_key(&user.party) {
        return Ok(vec![]);
    }
    let mut events = vec![emit(
        ctx,
        &m.audience,
        MeetingsEvent::MinutesApproved {
            meeting: id.clone(),
            revision,
            party: user.party.clone(),
        },
    )];
    if minutes.awaiting().iter().all(|p| *p == user.party) {
        events.push(emit(
            ctx,
            &m.audience,
            MeetingsEvent::MinutesAgreed {
                meeting: id.clone(),
                revision,
            },
        ));
    }
    Ok(events)
}

/// A statement the actor may see, refused once published when `for_change`.
fn statement<'a>(
    ctx: &Ctx<'a>,
    id: &StatementId,
    for_change: bool,
) -> Result<&'a Statement, DomainError> {
    let s = super::queries::statement(ctx.state, ctx.reader(), id)?;
    if for_change && s.published_at.is_some() {
        return Err(DomainError::Conflict(format!(
            "joint statement `{id}` is published and can no longer change"
        )));
    }
    Ok(s)
}

fn draft_statement(
    ctx: &Ctx<'_>,
    id: &StatementId,
    title: &LangText,
    from: Option<&MeetingId>,
    authoritative: &str,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let existing = match ctx.state.meetings.statements.contains_key(id) {
        true => Some(statement(ctx, id, true)?),
        false => None,
    };
    authz::meetings::require_draft(user, ctx.config)?;
    check_lang_text("title", title, &ctx.config.languages, MAX_TITLE)?;
    check_language("authoritative", authoritative, &ctx.config.languages)?;
    if let Some(m) = from {
        meeting(ctx, m).map_err(|_| {
            DomainError::invalid("meeting", format!("`{m}` is not a meeting you can see"))
        })?;
    }
    Ok(vec![emit(
        ctx,
        &everyone(ctx.config),
        MeetingsEvent::StatementDrafted {
            statement: id.clone(),
            revision: existing.map_or(1, |s| s.revision + 1),
            title: title.clone(),
            meeting: from.cloned(),
            authoritative: authoritative.to_string(),
            approvers: approvers_among(ctx, &ctx.all_parties()),
        },
    )])
}

fn set_statement_text(
    ctx: &Ctx<'_>,
    id: &StatementId,
    lang: &str,
    text: &str,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let s = statement(ctx, id, true)?;
    authz::meetings::require_draft(user, ctx.config)?;
    check_language("lang", lang, &ctx.config.languages)?;
    check_text("text", text, MAX_BODY)?;
    if s.versions.get(lang).is_some_and(|t| t == text) {
        return Ok(vec![]);
    }
    Ok(vec![emit(
        ctx,
        &s.audience,
        MeetingsEvent::StatementTextSet {
            statement: id.clone(),
            revision: s.revision + 1,
            lang: lang.to_string(),
            text: text.to_string(),
        },
    )])
}

fn approve_statement(
    ctx: &Ctx<'_>,
    id: &StatementId,
    revision: u32,
    lang: &str,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let s = statement(ctx, id, true)?;
    authz::meetings::require_approve(user, &s.approvers)?;
    if s.revision != revision {
        return Err(DomainError::Conflict(format!(
            "the statement changed: revision {} is current, not {revision}",
            s.revision
        )));
    }
    if !s.versions.contains_key(lang) {
        return Err(DomainError::invalid(
            "lang",
            format!("the statement has no `{lang}` version"),
        ));
    }
    if !s.awaiting(lang).contains(&user.party) {
        return Ok(vec![]);
    }
    Ok(vec![emit(
        ctx,
        &s.audience,
        MeetingsEvent::StatementApproved {
            statement: id.clone(),
            revision,
            lang: lang.to_string(),
            party: user.party.clone(),
        },
    )])
}

fn publish(ctx: &Ctx<'_>, id: &StatementId) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let s = statement(ctx, id, true)?;
    authz::meetings::require_draft(user, ctx.config)?;
    if let Some(lang) = ctx
        .config
        .languages
        .iter()
        .find(|l| !s.versions.contains_key(*l))
    {
        return Err(DomainError::Conflict(format!(
            "the statement has no `{lang}` version yet"
        )));
    }
    if !s.ready(&ctx.config.languages) {
        return Err(DomainError::Conflict(
            "every party must approve every version before publication".into(),
        ));
    }
    Ok(vec![emit(
        ctx,
        &s.audience,
        MeetingsEvent::StatementPublished {
            statement: id.clone(),
            revision: s.revision,
        },
    )])
}
