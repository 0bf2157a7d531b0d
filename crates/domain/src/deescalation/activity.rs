//! Activity notifications: what a party will do, where and when, with the notice it gave.
//!
//! A notification is accepted however late it comes, flagged late by how much it falls short
//! of the notice its kind requires. The other parties (not the notifier, and not the
//! supervisor, who receives the escalations) acknowledge receipt of each version before a
//! deadline, or it escalates. Every new or changed notification is deconflicted (see
//! [`super::alert`]).

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::{Activity, ActivityKind, Forces, PreparedActivity};
use serde::{Deserialize, Serialize};

use super::alert::{Finding, deconflict, with_alerts};
use super::decide::Ctx;
use super::event::DeescalationEvent;
use super::geometry::{Band, Footprint, Window};
use super::ids::ActivityId;
use crate::authz;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event};
use crate::ids::{PartyId, UserId};
use crate::language::{LangText, check_language, check_text};
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;
use crate::visibility::everyone;

/// Longest activity description, in characters.
pub const MAX_DESCRIPTION: usize = 4_000;
/// Longest activity window, in days.
pub const MAX_WINDOW_DAYS: i64 = 366;

/// What, where and when, as the notifying party declares it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActivityDraft {
    /// What kind of activity.
    pub kind: ActivityKind,
    /// Where.
    pub footprint: Footprint,
    /// Altitude band (mostly for air); `None` is the whole column.
    pub altitude: Option<Band>,
    /// When.
    pub window: Window,
    /// Declared forces by category.
    pub forces: Forces,
    /// What it is, in the notifier's language.
    pub description: LangText,
}

impl ActivityDraft {
    /// The activity for the geometry crate, with its footprint computed.
    pub fn prepare(
        &self,
        id: &ActivityId,
        party: &PartyId,
    ) -> Result<PreparedActivity, DomainError> {
        let activity = Activity {
            id: id.to_string(),
            party: party.to_string(),
            kind: self.kind,
            geometry: self.footprint.to_geometry("footprint")?,
            altitude: self.altitude.map(|b| b.to_geo("altitude")).transpose()?,
            window: self.window.to_geo("window")?,
            forces: self.forces.clone(),
        };
        PreparedActivity::new(activity)
            .map_err(|e| DomainError::invalid("footprint", e.to_string()))
    }
}

/// The notice a notification gave, and what its kind requires.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lead {
    /// From notification to start, milliseconds (negative when already under way).
    pub notice_ms: i64,
    /// The minimum notice for its kind, milliseconds.
    pub required_ms: i64,
    /// By how much the notice falls short; `None` when it was in time.
    pub late_by_ms: Option<i64>,
}

impl Lead {
    /// The lead of a notification made at `now` for an activity starting at `start`.
    pub fn at(now: Timestamp, start: Timestamp, required_ms: i64) -> Lead {
        let notice_ms = start.millis_since(now);
        Lead {
            notice_ms,
            required_ms,
            late_by_ms: (notice_ms < required_ms).then(|| required_ms.saturating_sub(notice_ms)),
        }
    }
}

/// A notified activity with every version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityRecord {
    /// Id.
    pub id: ActivityId,
    /// The notifying party.
    pub party: PartyId,
    /// The version in effect.
    pub current: ActivityVersion,
    /// Earlier versions, oldest first.
    pub history: Vec<ActivityVersion>,
    /// When it was called off.
    pub cancelled_at: Option<Timestamp>,
    /// Who may see it: every party.
    pub audience: Audience,
}

/// One version of a notification.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ActivityVersion {
    /// Version number, from 1.
    pub version: u32,
    /// Who notified it.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Its event's index in the record.
    pub log_index: u64,
    /// What, where and when.
    pub draft: ActivityDraft,
    /// Notice given.
    pub lead: Lead,
    /// Parties that must acknowledge receipt.
    pub addressed: BTreeSet<PartyId>,
    /// When acknowledgements are due.
    pub deadline: Option<Timestamp>,
    /// Acknowledgements by party.
    pub acknowledgements: BTreeMap<PartyId, Acknowledgement>,
    /// When it escalated for want of acknowledgements.
    pub escalated_at: Option<Timestamp>,
}

/// A party's acknowledgement of receipt.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    /// The acknowledging officer.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Whether it came after the deadline.
    pub late: bool,
}

/// Where an activity stands at a given instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityStatus {
    /// Starts later.
    Upcoming,
    /// Under way.
    Active,
    /// Over.
    Ended,
    /// Called off.
    Cancelled,
}

impl ActivityRecord {
    /// Where it stands at `now`.
    pub fn status(&self, now: Timestamp) -> ActivityStatus {
        let w = &self.current.draft.window;
        if self.cancelled_at.is_some() {
            ActivityStatus::Cancelled
        } else if now < w.start {
            ActivityStatus::Upcoming
        } else if now < w.end {
            ActivityStatus::Active
        } else {
            ActivityStatus::Ended
        }
    }
}

impl ActivityVersion {
    /// Addressed parties that have not acknowledged this version.
    pub fn unacknowledged(&self) -> BTreeSet<PartyId> {
        self.addressed
            .iter()
            .filter(|p| !self.acknowledgements.contains_key(*p))
            .cloned()
            .collect()
    }
}

/// What notifying (or changing) an activity would bring, before anything is recorded: the
/// console shows it as the form is filled in, and the decision records exactly this.
#[derive(Clone, Debug)]
pub struct Check {
    /// The version the notification would be.
    pub version: u32,
    /// The notice it gives.
    pub lead: Lead,
    /// The parties that would have to acknowledge it.
    pub addressed: BTreeSet<PartyId>,
    /// When acknowledgements would be due.
    pub deadline: Option<Timestamp>,
    /// The alerts it would raise.
    pub findings: Vec<Finding>,
}

/// Checks a notification of `draft` as `activity` by `user` at `now`: a new activity, or the
/// next version of an existing one of the user's party. Nothing is recorded.
pub fn check(
    state: &CellState,
    user: &User,
    activity: &ActivityId,
    draft: &ActivityDraft,
    now: Timestamp,
) -> Result<Check, DomainError> {
    let config = state.config().ok_or(DomainError::NotConfigured)?;
    authz::require_notify_activity(user)?;
    let version = match super::queries::activity(state, Some(&user.party), activity) {
        Ok(record) => {
            authz::require_change_activity(user, &record.party)?;
            if record.cancelled_at.is_some() {
                return Err(DomainError::Conflict(format!(
                    "activity `{activity}` was cancelled"
                )));
            }
            record.current.version + 1
        }
        Err(_) => 1,
    };
    check_language(
        "description.lang",
        &draft.description.lang,
        &config.languages,
    )?;
    check_text("description.text", &draft.description.text, MAX_DESCRIPTION)?;
    let w = &draft.window;
    if w.end <= now {
        return Err(DomainError::invalid(
            "window.end",
            "must be in the future: report what already happened as an incident",
        ));
    }
    if w.end.millis_since(w.start) > MAX_WINDOW_DAYS * 86_400_000 {
        return Err(DomainError::invalid(
            "window",
            format!("must be at most {MAX_WINDOW_DAYS} days long"),
        ));
    }
    let prepared = draft.prepare(activity, &user.party)?;
    let required = config.deescalation.required_lead(draft.kind).millis();
    let addressed = addressed(config, &user.party);
    Ok(Check {
        version,
        lead: Lead::at(now, w.start, required),
        deadline: deadline(config, &addressed, now, w.start),
        addressed,
        findings: deconflict(state, config, activity, version, &prepared),
    })
}

/// Everyone but the notifier and the supervisor acknowledges.
fn addressed(config: &CellConfig, notifier: &PartyId) -> BTreeSet<PartyId> {
    config
        .parties
        .iter()
        .map(|p| p.id.clone())
        .filter(|p| p != notifier && !config.is_supervisor(p))
        .collect()
}

/// `acknowledge_within` from now, but no later than the start if that is still ahead: a
/// receipt after the activity began comes too late to matter.
fn deadline(
    config: &CellConfig,
    addressed: &BTreeSet<PartyId>,
    now: Timestamp,
    start: Timestamp,
) -> Option<Timestamp> {
    if addressed.is_empty() {
        return None;
    }
    let by = now.plus(config.deescalation.acknowledge_within);
    Some(if start > now { by.min(start) } else { by })
}

/// Notifies a new activity.
pub(crate) fn notify(
    ctx: &Ctx<'_>,
    activity: &ActivityId,
    draft: &ActivityDraft,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    if ctx.de().activities.contains_key(activity) {
        return Err(DomainError::Conflict(format!(
            "activity `{activity}` already exists"
        )));
    }
    let c = check(ctx.state, user, activity, draft, ctx.now)?;
    let notified = DeescalationEvent::ActivityNotified {
        activity: activity.clone(),
        draft: draft.clone(),
        lead: c.lead,
        addressed: c.addressed,
        deadline: c.deadline,
    };
    Ok(with_alerts(
        ctx,
        vec![ctx.event(everyone(ctx.config), notified)],
        c.findings,
    ))
}

/// The activity `id`, which the actor's party notified and may change.
fn own_activity<'a>(
    ctx: &Ctx<'a>,
    id: &ActivityId,
) -> Result<(&'a User, &'a ActivityRecord), DomainError> {
    let user = ctx.acting_user()?;
    let record = super::queries::activity(ctx.state, ctx.reader(), id)?;
    authz::require_change_activity(user, &record.party)?;
    Ok((user, record))
}

/// Changes an activity: a new version, to be acknowledged afresh.
pub(crate) fn update(
    ctx: &Ctx<'_>,
    activity: &ActivityId,
    draft: &ActivityDraft,
) -> Result<Vec<Event>, DomainError> {
    let (user, record) = own_activity(ctx, activity)?;
    if record.cancelled_at.is_none() && record.current.draft == *draft {
        return Ok(vec![]);
    }
    let c = check(ctx.state, user, activity, draft, ctx.now)?;
    let updated = DeescalationEvent::ActivityUpdated {
        activity: activity.clone(),
        version: c.version,
        draft: draft.clone(),
        lead: c.lead,
        addressed: c.addressed,
        deadline: c.deadline,
    };
    Ok(with_alerts(
        ctx,
        vec![ctx.event(everyone(ctx.config), updated)],
        c.findings,
    ))
}

/// Calls an activity off.
pub(crate) fn cancel(ctx: &Ctx<'_>, activity: &ActivityId) -> Result<Vec<Event>, DomainError> {
    let (_, record) = own_activity(ctx, activity)?;
    if record.cancelled_at.is_some() {
        return Ok(vec![]);
    }
    Ok(vec![ctx.event(
        record.audience.clone(),
        DeescalationEvent::ActivityCancelled {
            activity: activity.clone(),
        },
    )])
}

/// Acknowledges receipt of the current version for the actor's party.
pub(crate) fn acknowledge(ctx: &Ctx<'_>, activity: &ActivityId) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    authz::require_acknowledge(user)?;
    let record = super::queries::activity(ctx.state, ctx.reader(), activity)?;
    let v = &record.current;
    if !v.addressed.contains(&user.party) {
        return Err(DomainError::Conflict(
            "this notification is not addressed to your party".into(),
        ));
    }
    if v.acknowledgements.contains_key(&user.party) || record.cancelled_at.is_some() {
        return Ok(vec![]);
    }
    Ok(vec![ctx.event(
        record.audience.clone(),
        DeescalationEvent::ActivityAcknowledged {
            activity: activity.clone(),
            version: v.version,
            party: user.party.clone(),
            late: v.deadline.is_some_and(|d| ctx.now > d),
        },
    )])
}

/// Escalates the current version once its deadline passed with parties silent (the timer).
pub(crate) fn escalate(ctx: &Ctx<'_>, activity: &ActivityId) -> Result<Vec<Event>, DomainError> {
    if ctx.user.is_some() {
        return Err(DomainError::Forbidden(
            "escalations are raised by the cell's timer".into(),
        ));
    }
    let record = super::queries::activity(ctx.state, None, activity)?;
    let v = &record.current;
    let missing = v.unacknowledged();
    let Some(deadline) = v.deadline else {
        return Ok(vec![]);
    };
    if record.cancelled_at.is_some()
        || v.escalated_at.is_some()
        || missing.is_empty()
        || ctx.now < deadline
    {
        return Ok(vec![]);
    }
    Ok(vec![ctx.event(
        record.audience.clone(),
        DeescalationEvent::ActivityEscalated {
            activity: activity.clone(),
            version: v.version,
            missing,
            deadline,
        },
    )])
}
