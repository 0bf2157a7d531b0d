//! Deciding intelligence commands: `(state, actor, command, now) -> events`, like the rest of
//! [`crate::decide`], which hands these commands here. Every audience comes from
//! [`super::release`].

use std::collections::BTreeSet;

use crate::authz::intel as authz;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Audience, Event, EventBody, SCHEMA_VERSION};
use crate::ids::{PartyId, TrackId};
use crate::language::{LangText, check_text};
use crate::state::CellState;
use crate::time::Timestamp;
use crate::user::User;

use super::command::{IntelCommand, VetDecision};
use super::event::IntelEvent;
use super::ids::ReportId;
use super::queries;
use super::release::{self, Reach};
use super::report::{ReportContent, ReportRecord, ReportStage, check_comment};

/// Longest name of an import source, in characters.
pub const MAX_SOURCE: usize = 40;

struct Ctx<'a> {
    state: &'a CellState,
    config: &'a CellConfig,
    now: Timestamp,
    user: Option<&'a User>,
}

/// Decides `command`; the caller has already checked that the cell is configured and that the
/// acting account is active.
pub fn decide(
    state: &CellState,
    config: &CellConfig,
    user: Option<&User>,
    now: Timestamp,
    command: &IntelCommand,
) -> Result<Vec<Event>, DomainError> {
    let ctx = Ctx {
        state,
        config,
        now,
        user,
    };
    match command {
        IntelCommand::Draft {
            report,
            track,
            content,
        } => ctx.draft(report, track, content, None),
        IntelCommand::Import {
            report,
            track,
            content,
            source,
        } => {
            check_text("source", source, MAX_SOURCE)?;
            ctx.draft(report, track, content, Some(source))
        }
        IntelCommand::Edit { report, content } => ctx.edit(report, content),
        IntelCommand::Submit { report } => ctx.submit(report),
        IntelCommand::Vet {
            report,
            version,
            decision,
        } => ctx.vet(report, *version, decision),
        IntelCommand::Acknowledge { report } => ctx.acknowledge(report),
        IntelCommand::Feedback {
            report,
            usefulness,
            comment,
        } => {
            if let Some(c) = comment {
                check_comment("comment", c, config)?;
            }
            ctx.respond(report, |party| IntelEvent::FeedbackGiven {
                report: report.clone(),
                party,
                usefulness: *usefulness,
                comment: comment.clone(),
            })
        }
        IntelCommand::Corroborate {
            report,
            opinion,
            comment,
        } => {
            check_comment("comment", comment, config)?;
            ctx.respond(report, |party| IntelEvent::Corroborated {
                report: report.clone(),
                party,
                opinion: *opinion,
                comment: comment.clone(),
            })
        }
        IntelCommand::Sighting { report, sighting } => {
            sighting.check(config, now)?;
            ctx.respond(report, |party| IntelEvent::Sighted {
                report: report.clone(),
                party,
                sighting: sighting.clone(),
            })
        }
        IntelCommand::Withdraw { report, reason } => ctx.withdraw(report, reason),
        IntelCommand::Correct { report, content } => ctx.correct(report, content),
        IntelCommand::Escalate { report } => ctx.escalate(report),
    }
}

impl<'a> Ctx<'a> {
    fn acting_user(&self) -> Result<&'a User, DomainError> {
        self.user
            .ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))
    }

    /// A report the actor may see; others do not exist for them.
    fn visible(&self, id: &ReportId) -> Result<&'a ReportRecord, DomainError> {
        queries::record(self.state, self.user.map(|u| &u.party), id)
    }

    fn event(&self, audience: Audience, event: IntelEvent) -> Event {
        Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: self.user.map(|u| u.id.clone()),
            party: self.user.map(|u| u.party.clone()),
            audience,
            body: EventBody::Intel { event },
        }
    }

    fn draft(
        &self,
        report: &ReportId,
        track: &TrackId,
        content: &ReportContent,
        imported_from: Option<&String>,
    ) -> Result<Vec<Event>, DomainError> {
        let user = self.acting_user()?;
        if self.config.track(track).is_none() {
            return Err(DomainError::invalid(
                "track",
                format!("`{track}` is not a track of this cell"),
            ));
        }
        authz::require_compose(user, track)?;
        content.check(self.config, &user.party, self.now)?;
        if self.state.intel.reports.contains_key(report) {
            return Err(DomainError::Conflict(format!(
                "report `{report}` already exists"
            )));
        }
        Ok(vec![self.event(
            release::audience(self.config, &user.party, Reach::Originator),
            IntelEvent::Drafted {
                report: report.clone(),
                track: track.clone(),
                content: content.clone(),
                imported_from: imported_from.cloned(),
            },
        )])
    }

    /// A report the actor may change as its originator.
    fn own(&self, id: &ReportId) -> Result<(&'a User, &'a ReportRecord), DomainError> {
        let user = self.acting_user()?;
        let report = self.visible(id)?;
        authz::require_originator(user, &report.originator, &report.track)?;
        Ok((user, report))
    }

    /// The audience of the working text: the originator alone until first submitted.
    fn working_audience(&self, report: &ReportRecord) -> Audience {
        let reach = if report.stage == ReportStage::Draft {
            Reach::Originator
        } else {
            Reach::Vetting
        };
        release::audience(self.config, &report.originator, reach)
    }

    fn edit(&self, id: &ReportId, content: &ReportContent) -> Result<Vec<Event>, DomainError> {
        let (user, report) = self.own(id)?;
        if !matches!(report.stage, ReportStage::Draft | ReportStage::Returned) {
            return Err(DomainError::Conflict(format!(
                "report `{id}` is {}; only drafts and returned reports are edited (correct a released one)",
                report.stage.as_str()
            )));
        }
        content.check(self.config, &user.party, self.now)?;
        Ok(vec![self.event(
            self.working_audience(report),
            IntelEvent::Edited {
                report: id.clone(),
                version: report.working().version + 1,
                content: content.clone(),
            },
        )])
    }

    fn submit(&self, id: &ReportId) -> Result<Vec<Event>, DomainError> {
        let (_, report) = self.own(id)?;
        if !matches!(report.stage, ReportStage::Draft | ReportStage::Returned) {
            return Err(DomainError::Conflict(format!(
                "report `{id}` is {}; only drafts and returned reports are submitted",
                report.stage.as_str()
            )));
        }
        let working = report.working();
        let submitted = self.event(
            release::audience(self.config, &report.originator, Reach::Vetting),
            IntelEvent::Submitted {
                report: id.clone(),
                track: report.track.clone(),
                version: working.version,
                content: working.content.clone(),
            },
        );
        self.then_release(report, submitted, working.version, &working.content, false)
    }

    /// `first`, then the release of `content` unless the track wants it vetted.
    fn then_release(
        &self,
        report: &ReportRecord,
        first: Event,
        version: u32,
        content: &ReportContent,
        sanitized: bool,
    ) -> Result<Vec<Event>, DomainError> {
        let mut events = vec![first];
        if !release::needs_vetting(self.config, &report.track, &report.originator) {
            events.push(self.release(report, version, content, sanitized));
        }
        Ok(events)
    }

    fn release(
        &self,
        report: &ReportRecord,
        version: u32,
        content: &ReportContent,
        sanitized: bool,
    ) -> Event {
        let recipients =
            release::recipients(self.config, &report.originator, &content.releasable_to);
        let deadline =
            (!recipients.is_empty()).then(|| self.now.plus(self.config.acknowledgement.priority));
        self.event(
            release::audience(
                self.config,
                &report.originator,
                Reach::Released(&content.releasable_to),
            ),
            IntelEvent::Released {
                report: report.id.clone(),
                track: report.track.clone(),
                originator: report.originator.clone(),
                version,
                content: content.clone(),
                sanitized,
                recipients,
                deadline,
            },
        )
    }

    fn vet(
        &self,
        id: &ReportId,
        version: u32,
        decision: &VetDecision,
    ) -> Result<Vec<Event>, DomainError> {
        let user = self.acting_user()?;
        let report = self.visible(id)?;
        authz::require_vet(user, self.config)?;
        if report.stage != ReportStage::Submitted {
            return Err(DomainError::Conflict(format!(
                "report `{id}` is {}; only submitted reports are vetted",
                report.stage.as_str()
            )));
        }
        let working = report.working();
        if version != working.version {
            return Err(DomainError::Conflict(format!(
                "version {version} is not the one awaiting vetting ({})",
                working.version
            )));
        }
        let vetting = release::audience(self.config, &report.originator, Reach::Vetting);
        let check_opt = |c: &Option<LangText>| match c {
            Some(c) => check_comment("comment", c, self.config),
            None => Ok(()),
        };
        match decision {
            VetDecision::Return { comment } => {
                check_comment("comment", comment, self.config)?;
                Ok(vec![self.event(
                    vetting,
                    IntelEvent::Returned {
                        report: id.clone(),
                        version,
                        comment: comment.clone(),
                    },
                )])
            }
            VetDecision::Approve { comment } => {
                check_opt(comment)?;
                let approved = self.event(
                    vetting,
                    IntelEvent::Approved {
                        report: id.clone(),
                        version,
                        comment: comment.clone(),
                        sanitized: None,
                    },
                );
                Ok(vec![
                    approved,
                    self.release(report, version, &working.content, false),
                ])
            }
            VetDecision::ApproveSanitized { sanitized, comment } => {
                check_opt(comment)?;
                sanitized.check(self.config)?;
                let approved = self.event(
                    vetting,
                    IntelEvent::Approved {
                        report: id.clone(),
                        version,
                        comment: comment.clone(),
                        sanitized: Some(sanitized.clone()),
                    },
                );
                let content = sanitized.apply_to(&working.content);
                Ok(vec![
                    approved,
                    self.release(report, version, &content, true),
                ])
            }
        }
    }

    /// A released, not withdrawn report the actor responds to, with its current release.
    fn responding(
        &self,
        id: &ReportId,
    ) -> Result<(&'a User, &'a ReportRecord, &'a super::report::Versioned), DomainError> {
        let user = self.acting_user()?;
        let report = self.visible(id)?;
        authz::require_respond(user, &report.originator)?;
        let current = report
            .current_release()
            .filter(|r| crate::visibility::can_see(&r.audience, &user.party))
            .ok_or_else(|| DomainError::not_found("report", id))?;
        if report.stage == ReportStage::Withdrawn {
            return Err(DomainError::Conflict(format!(
                "report `{id}` was withdrawn"
            )));
        }
        Ok((user, report, current))
    }

    fn response_audience(
        &self,
        report: &ReportRecord,
        content: &ReportContent,
        p: &PartyId,
    ) -> Audience {
        release::response_audience(
            self.config,
            &report.originator,
            &content.releasable_to,
            content.tlp,
            p,
        )
    }

    fn acknowledge(&self, id: &ReportId) -> Result<Vec<Event>, DomainError> {
        let (user, report, current) = self.responding(id)?;
        if !report.recipients.contains(&user.party) {
            return Err(DomainError::Conflict(
                "this report is not addressed to your party".into(),
            ));
        }
        if report.acknowledgements.contains_key(&user.party) {
            return Ok(vec![]);
        }
        Ok(vec![self.event(
            self.response_audience(report, &current.content, &user.party),
            IntelEvent::Acknowledged {
                report: id.clone(),
                version: current.version,
                party: user.party.clone(),
                late: report.deadline.is_some_and(|d| self.now > d),
            },
        )])
    }

    fn respond(
        &self,
        id: &ReportId,
        make: impl FnOnce(PartyId) -> IntelEvent,
    ) -> Result<Vec<Event>, DomainError> {
        let (user, report, current) = self.responding(id)?;
        Ok(vec![self.event(
            self.response_audience(report, &current.content, &user.party),
            make(user.party.clone()),
        )])
    }

    fn withdraw(&self, id: &ReportId, reason: &LangText) -> Result<Vec<Event>, DomainError> {
        let (_, report) = self.own(id)?;
        if report.stage == ReportStage::Withdrawn {
            return Ok(vec![]);
        }
        check_comment("reason", reason, self.config)?;
        Ok(vec![self.event(
            release::record_audience(self.config, report),
            IntelEvent::Withdrawn {
                report: id.clone(),
                reason: reason.clone(),
            },
        )])
    }

    fn correct(&self, id: &ReportId, content: &ReportContent) -> Result<Vec<Event>, DomainError> {
        let (user, report) = self.own(id)?;
        if report.stage != ReportStage::Released {
            return Err(DomainError::Conflict(format!(
                "report `{id}` is {}; only released reports are corrected (edit a draft)",
                report.stage.as_str()
            )));
        }
        content.check(self.config, &user.party, self.now)?;
        let version = report.working().version + 1;
        let corrected = self.event(
            release::audience(self.config, &report.originator, Reach::Vetting),
            IntelEvent::Corrected {
                report: id.clone(),
                track: report.track.clone(),
                version,
                content: content.clone(),
            },
        );
        self.then_release(report, corrected, version, content, false)
    }

    fn escalate(&self, id: &ReportId) -> Result<Vec<Event>, DomainError> {
        if self.user.is_some() {
            return Err(DomainError::Forbidden(
                "escalations are raised by the cell's timer".into(),
            ));
        }
        let report = self.visible(id)?;
        let (Some(deadline), Some(current)) = (report.deadline, report.current_release()) else {
            return Ok(vec![]);
        };
        let missing: BTreeSet<PartyId> = report.unacknowledged();
        if report.escalated_at.is_some()
            || missing.is_empty()
            || report.stage == ReportStage::Withdrawn
            || self.now < deadline
        {
            return Ok(vec![]);
        }
        Ok(vec![self.event(
            current.audience.clone(),
            IntelEvent::Escalated {
                report: id.clone(),
                version: current.version,
                missing,
                deadline,
            },
        )])
    }
}
