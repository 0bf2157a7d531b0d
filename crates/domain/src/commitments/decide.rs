//! Deciding commitments commands: `(state, actor, command, now) -> events`, handed here by
//! [`crate::decide`].

use crate::authz;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event, EventBody, SCHEMA_VERSION};
use crate::ids::{PartyId, TrackId};
use crate::language::LangText;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;
use crate::visibility::everyone;

use super::command::CommitmentsCommand;
use super::event::CommitmentsEvent;
use super::model::{
    Commitment, CommitmentId, Evidence, MAX_EVIDENCE, MilestoneDraft, MilestoneId, MilestoneStatus,
    check_evidence, check_lang_text, check_text_of,
};

/// What a decision of the later workflows (commitments, meetings) needs at hand.
pub(crate) struct Ctx<'a> {
    pub state: &'a CellState,
    pub config: &'a CellConfig,
    pub now: Timestamp,
    /// The acting user; `None` when the cell itself acts.
    pub user: Option<&'a User>,
}

impl<'a> Ctx<'a> {
    /// The acting user, for commands only users may give.
    pub fn acting_user(&self) -> Result<&'a User, DomainError> {
        self.user
            .ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))
    }

    /// The reading party of the actor (`None` for the cell, which sees everything).
    pub fn reader(&self) -> Option<&'a PartyId> {
        self.user.map(|u| &u.party)
    }

    /// An event by the actor at `now`.
    pub fn event(&self, audience: Audience, body: EventBody) -> Event {
        Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: self.user.map(|u| u.id.clone()),
            party: self.user.map(|u| u.party.clone()),
            audience,
            body,
        }
    }

    /// Refuses a party that is not one of the cell's, naming `field`.
    pub fn check_party(&self, field: &str, party: &PartyId) -> Result<(), DomainError> {
        match self.config.party(party) {
            Some(_) => Ok(()),
            None => Err(DomainError::invalid(
                field,
                format!("`{party}` is not a party of this cell"),
            )),
        }
    }

    /// Every party of the cell.
    pub fn all_parties(&self) -> std::collections::BTreeSet<PartyId> {
        self.config.parties.iter().map(|p| p.id.clone()).collect()
    }

    fn commitment(&self, id: &CommitmentId) -> Result<&'a Commitment, DomainError> {
        super::queries::commitment(self.state, self.reader(), id)
    }

    fn emit(&self, audience: &Audience, event: CommitmentsEvent) -> Event {
        self.event(audience.clone(), EventBody::Commitments { event })
    }
}

/// Decides `command`; the caller has already checked that the cell is configured and that the
/// acting account is active.
pub fn decide(
    state: &CellState,
    config: &CellConfig,
    user: Option<&User>,
    now: Timestamp,
    command: &CommitmentsCommand,
) -> Result<Vec<Event>, DomainError> {
    let ctx = Ctx {
        state,
        config,
        now,
        user,
    };
    match command {
        CommitmentsCommand::Propose {
            commitment,
            owner,
            beneficiary,
            track,
            title,
            milestones,
        } => propose(
            &ctx,
            commitment,
            owner,
            beneficiary,
            track,
            title,
            milestones,
        ),
        CommitmentsCommand::Revise {
            commitment,
            title,
            milestones,
        } => revise(&ctx, commitment, title, milestones),
        CommitmentsCommand::Approve {
            commitment,
            version,
        } => approve(&ctx, commitment, *version),
        CommitmentsCommand::Attest {
            commitment,
            milestone,
            evidence,
        } => attest(&ctx, commitment, milestone, evidence),
        CommitmentsCommand::Verify {
            commitment,
            milestone,
            verified,
            reason,
        } => verify(&ctx, commitment, milestone, *verified, reason.as_ref()),
        CommitmentsCommand::Escalate {
            commitment,
            milestone,
        } => escalate(&ctx, commitment, milestone),
    }
}

fn propose(
    ctx: &Ctx<'_>,
    id: &CommitmentId,
    owner: &PartyId,
    beneficiary: &PartyId,
    track: &TrackId,
    title: &LangText,
    milestones: &[MilestoneDraft],
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    authz::commitments::require_propose(user, ctx.config, None)?;
    ctx.check_party("owner", owner)?;
    ctx.check_party("beneficiary", beneficiary)?;
    if owner == beneficiary {
        return Err(DomainError::invalid(
            "beneficiary",
            "must be another party than the owner",
        ));
    }
    if ctx.config.track(track).is_none() {
        return Err(DomainError::invalid(
            "track",
            format!("`{track}` is not a track of this cell"),
        ));
    }
    check_text_of(title, milestones, &ctx.config.languages)?;
    if ctx.state.commitments.commitments.contains_key(id) {
        return Err(DomainError::Conflict(format!(
            "commitment `{id}` already exists"
        )));
    }
    Ok(vec![ctx.emit(
        &everyone(ctx.config),
        CommitmentsEvent::Proposed {
            commitment: id.clone(),
            version: 1,
            owner: owner.clone(),
            beneficiary: beneficiary.clone(),
            track: track.clone(),
            title: title.clone(),
            milestones: milestones.to_vec(),
            approvers: ctx.all_parties(),
        },
    )])
}

fn revise(
    ctx: &Ctx<'_>,
    id: &CommitmentId,
    title: &LangText,
    milestones: &[MilestoneDraft],
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let c = ctx.commitment(id)?;
    authz::commitments::require_propose(user, ctx.config, Some((&c.owner, &c.beneficiary)))?;
    check_text_of(title, milestones, &ctx.config.languages)?;
    let latest = c.latest();
    if latest.title == *title && latest.milestones == milestones {
        return Err(DomainError::Conflict(format!(
            "version {} of commitment `{id}` already says this",
            latest.version
        )));
    }
    Ok(vec![ctx.emit(
        &c.audience,
        CommitmentsEvent::Proposed {
            commitment: id.clone(),
            version: latest.version + 1,
            owner: c.owner.clone(),
            beneficiary: c.beneficiary.clone(),
            track: c.track.clone(),
            title: title.clone(),
            milestones: milestones.to_vec(),
            approvers: ctx.all_parties(),
        },
    )])
}

fn approve(ctx: &Ctx<'_>, id: &CommitmentId, version: u32) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let c = ctx.commitment(id)?;
    let v = c
        .version(version)
        .ok_or_else(|| DomainError::not_found("commitment version", format!("{id} v{version}")))?;
    authz::commitments::require_approve(user, &v.approvers)?;
    if c.pending().map(|p| p.version) != Some(version) {
        return Err(DomainError::Conflict(format!(
            "version {version} of commitment `{id}` is no longer open for approval"
        )));
    }
    if v.approvals.contains_key(&user.party) {
        return Ok(vec![]);
    }
    let mut events = vec![ctx.emit(
        &c.audience,
        CommitmentsEvent::Approved {
            commitment: id.clone(),
            version,
            party: user.party.clone(),
        },
    )];
    if v.awaiting().iter().all(|p| *p == user.party) {
        events.push(ctx.emit(
            &c.audience,
            CommitmentsEvent::InForce {
                commitment: id.clone(),
                version,
            },
        ));
    }
    Ok(events)
}

/// The milestone `m` of the version in force of `c`.
fn in_force_milestone<'c>(
    c: &'c Commitment,
    m: &MilestoneId,
) -> Result<&'c MilestoneDraft, DomainError> {
    let v = c.current().ok_or_else(|| {
        DomainError::Conflict(format!(
            "commitment `{}` is not in force: every party must approve it first",
            c.id
        ))
    })?;
    v.milestone(m)
        .ok_or_else(|| DomainError::not_found("milestone", format!("{}/{m}", c.id)))
}

fn attest(
    ctx: &Ctx<'_>,
    id: &CommitmentId,
    milestone: &MilestoneId,
    evidence: &Evidence,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let c = ctx.commitment(id)?;
    authz::commitments::require_attest(user, &c.owner)?;
    let m = in_force_milestone(c, milestone)?;
    check_evidence(evidence, &ctx.config.languages)?;
    if c.milestone_status(milestone) != MilestoneStatus::Open {
        return Err(DomainError::Conflict(format!(
            "milestone `{milestone}` is {}, not open",
            c.milestone_status(milestone).as_str()
        )));
    }
    Ok(vec![ctx.emit(
        &c.audience,
        CommitmentsEvent::MilestoneAttested {
            commitment: id.clone(),
            milestone: milestone.clone(),
            evidence: evidence.clone(),
            late: ctx.now > m.due,
        },
    )])
}

fn verify(
    ctx: &Ctx<'_>,
    id: &CommitmentId,
    milestone: &MilestoneId,
    verified: bool,
    reason: Option<&LangText>,
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    let c = ctx.commitment(id)?;
    authz::commitments::require_verify(user, ctx.config)?;
    in_force_milestone(c, milestone)?;
    if c.milestone_status(milestone) != MilestoneStatus::Attested {
        return Err(DomainError::Conflict(format!(
            "milestone `{milestone}` is {}; only an attested milestone is verified",
            c.milestone_status(milestone).as_str()
        )));
    }
    let event = match (verified, reason) {
        (true, _) => CommitmentsEvent::MilestoneVerified {
            commitment: id.clone(),
            milestone: milestone.clone(),
        },
        (false, None) => {
            return Err(DomainError::invalid(
                "reason",
                "is required when a milestone is not verified",
            ));
        }
        (false, Some(reason)) => {
            check_lang_text("reason", reason, &ctx.config.languages, MAX_EVIDENCE)?;
            CommitmentsEvent::MilestoneNotVerified {
                commitment: id.clone(),
                milestone: milestone.clone(),
                reason: reason.clone(),
            }
        }
    };
    Ok(vec![ctx.emit(&c.audience, event)])
}

fn escalate(
    ctx: &Ctx<'_>,
    id: &CommitmentId,
    milestone: &MilestoneId,
) -> Result<Vec<Event>, DomainError> {
    if ctx.user.is_some() {
        return Err(DomainError::Forbidden(
            "escalations are raised by the cell's timer".into(),
        ));
    }
    let c = ctx.commitment(id)?;
    let m = in_force_milestone(c, milestone)?;
    let escalated = c.progress.get(milestone).and_then(|p| p.escalated_for);
    if !c.is_overdue(m, ctx.now) || escalated == Some(m.due) {
        return Ok(vec![]);
    }
    Ok(vec![ctx.emit(
        &c.audience,
        CommitmentsEvent::MilestoneOverdue {
            commitment: id.clone(),
            milestone: milestone.clone(),
            owner: c.owner.clone(),
            due: m.due,
        },
    )])
}
