//! Deciding dispute commands: `(state, actor, command, now) -> events`, like the rest of
//! [`crate::decide`], which hands these commands here. Each step checks, in order: the dispute is
//! visible (else not found), the actor may take the step (authz), the dispute is at that step
//! (else conflict), and the fields are valid.

use std::collections::BTreeSet;

use super::command::DisputeCommand;
use super::event::DisputeEvent;
use super::ids::DisputeId;
use super::queries;
use super::record::{Dispute, DisputeDraft, DisputeStatus, Evidence, Owed, RequestKind};
use crate::authz::disputes as authz;
use crate::config::CellConfig;
use crate::deescalation::{Coord7, queries as de_queries};
use crate::error::DomainError;
use crate::event::{Event, EventBody, SCHEMA_VERSION};
use crate::ids::PartyId;
use crate::language::{LangText, check_language, check_text};
use crate::state::CellState;
use crate::time::{Span, Timestamp};
use crate::user::User;
use crate::visibility::audience_of;

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest text of any step (what happened, answer, reply, findings, ruling), in characters.
pub const MAX_TEXT: usize = 4_000;
/// Most evidence links on one dispute.
pub const MAX_EVIDENCE: usize = 20;
/// How far ahead of the cell's clock an occurrence may be (the raiser's clock may run fast).
const CLOCK_SKEW: Span = Span::minutes(5);
/// Longest deadline the supervisor may give a request.
const MAX_REQUEST_SPAN: Span = Span::hours(30 * 24);

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
    command: &DisputeCommand,
) -> Result<Vec<Event>, DomainError> {
    let ctx = Ctx {
        state,
        config,
        now,
        user,
    };
    match command {
        DisputeCommand::Raise { dispute, draft } => ctx.raise(dispute, draft),
        DisputeCommand::Acknowledge { dispute } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_step_of(user, d.respondent(), "acknowledge this dispute")?;
            ctx.at(d, &[DisputeStatus::Raised])?;
            let late = ctx.late(d, Owed::Acknowledge);
            let due = ctx.now.plus(ctx.config.disputes.answer_within);
            Ok(vec![ctx.event(
                d,
                DisputeEvent::Acknowledged {
                    dispute: d.id.clone(),
                    late,
                    due,
                },
            )])
        }
        DisputeCommand::Answer { dispute, answer } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_step_of(user, d.respondent(), "answer this dispute")?;
            ctx.at(d, &[DisputeStatus::Acknowledged])?;
            ctx.text("answer", answer, MAX_TEXT)?;
            let late = ctx.late(d, Owed::Answer);
            let due = ctx.now.plus(ctx.config.disputes.decide_within);
            Ok(vec![ctx.event(
                d,
                DisputeEvent::Answered {
                    dispute: d.id.clone(),
                    answer: answer.clone(),
                    late,
                    due,
                },
            )])
        }
        DisputeCommand::AcceptAnswer { dispute } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_step_of(user, &d.raiser, "accept the answer")?;
            ctx.at(d, &[DisputeStatus::Answered])?;
            Ok(vec![ctx.event(
                d,
                DisputeEvent::AnswerAccepted {
                    dispute: d.id.clone(),
                },
            )])
        }
        DisputeCommand::RequestMediation { dispute, reason } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_step_of(user, &d.raiser, "send this dispute to mediation")?;
            let waiting = matches!(
                d.status,
                DisputeStatus::Raised | DisputeStatus::Acknowledged
            );
            if !(d.status == DisputeStatus::Answered
                || (waiting && d.respondent_missed_a_deadline()))
            {
                return Err(DomainError::Conflict(
                    "mediation can be asked for once the dispute is answered, or once the other party missed a deadline".into(),
                ));
            }
            ctx.text("reason", reason, MAX_TEXT)?;
            Ok(vec![ctx.event(
                d,
                DisputeEvent::MediationRequested {
                    dispute: d.id.clone(),
                    reason: reason.clone(),
                },
            )])
        }
        DisputeCommand::RequestInformation {
            dispute,
            party,
            kind,
            question,
            due,
        } => ctx.request(dispute, party, *kind, question, *due),
        DisputeCommand::ProvideInformation {
            dispute,
            request,
            reply,
        } => {
            let (d, user) = ctx.dispute(dispute)?;
            let r = d
                .requests
                .iter()
                .find(|r| r.number == *request)
                .ok_or_else(|| DomainError::not_found("request", request))?;
            authz::require_step_of(user, &r.party, "reply to this request")?;
            if d.status != DisputeStatus::InMediation || r.reply.is_some() {
                return Err(DomainError::Conflict(
                    "this request is no longer open".into(),
                ));
            }
            ctx.text("reply", reply, MAX_TEXT)?;
            let late = ctx.late(d, Owed::Reply(*request));
            Ok(vec![ctx.event(
                d,
                DisputeEvent::InformationProvided {
                    dispute: d.id.clone(),
                    request: *request,
                    reply: reply.clone(),
                    late,
                },
            )])
        }
        DisputeCommand::RecordFindings { dispute, findings } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_mediate(user, ctx.config)?;
            ctx.at(d, &[DisputeStatus::InMediation])?;
            ctx.text("findings", findings, MAX_TEXT)?;
            Ok(vec![ctx.event(
                d,
                DisputeEvent::FindingsRecorded {
                    dispute: d.id.clone(),
                    findings: findings.clone(),
                },
            )])
        }
        DisputeCommand::Rule { dispute, ruling } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_mediate(user, ctx.config)?;
            ctx.at(d, &[DisputeStatus::InMediation])?;
            if d.findings.is_empty() {
                return Err(DomainError::Conflict(
                    "record findings before ruling".into(),
                ));
            }
            ctx.text("ruling", ruling, MAX_TEXT)?;
            let due = ctx.now.plus(ctx.config.disputes.respond_to_ruling_within);
            Ok(vec![ctx.event(
                d,
                DisputeEvent::Ruled {
                    dispute: d.id.clone(),
                    ruling: ruling.clone(),
                    due,
                },
            )])
        }
        DisputeCommand::AnswerRuling {
            dispute,
            accept,
            reason,
        } => {
            let (d, user) = ctx.dispute(dispute)?;
            authz::require_step_of_any(
                user,
                &[&d.raiser, d.respondent()],
                "accept or contest the ruling",
            )?;
            ctx.at(d, &[DisputeStatus::Ruled])?;
            if d.ruling_responses.contains_key(&user.party) {
                return Err(DomainError::Conflict(
                    "your party has already answered this ruling".into(),
                ));
            }
            if let Some(reason) = reason {
                ctx.text("reason", reason, MAX_TEXT)?;
            }
            Ok(vec![ctx.event(
                d,
                DisputeEvent::RulingAnswered {
                    dispute: d.id.clone(),
                    accepted: *accept,
                    reason: reason.clone(),
                },
            )])
        }
        DisputeCommand::Escalate { dispute } => {
            authz::require_timer(ctx.user)?;
            let d = queries::dispute(ctx.state, None, dispute)?;
            Ok(d.obligations
                .iter()
                .filter(|o| o.due <= ctx.now && o.escalated_at.is_none())
                .map(|o| {
                    ctx.event(
                        d,
                        DisputeEvent::Escalated {
                            dispute: d.id.clone(),
                            party: o.party.clone(),
                            owed: o.owed,
                            deadline: o.due,
                        },
                    )
                })
                .collect())
        }
    }
}

impl<'a> Ctx<'a> {
    fn event(&self, d: &Dispute, event: DisputeEvent) -> Event {
        Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: self.user.map(|u| u.id.clone()),
            party: self.user.map(|u| u.party.clone()),
            audience: d.audience.clone(),
            body: EventBody::Dispute { event },
        }
    }

    fn acting_user(&self) -> Result<&'a User, DomainError> {
        self.user
            .ok_or_else(|| DomainError::Forbidden("this action needs a signed-in user".into()))
    }

    /// A dispute the acting user may see (others do not exist for them), and the user.
    fn dispute(&self, id: &DisputeId) -> Result<(&'a Dispute, &'a User), DomainError> {
        let user = self.acting_user()?;
        Ok((queries::dispute(self.state, Some(&user.party), id)?, user))
    }

    /// Refuses a dispute that is not at one of `steps`.
    fn at(&self, d: &Dispute, steps: &[DisputeStatus]) -> Result<(), DomainError> {
        if steps.contains(&d.status) {
            Ok(())
        } else {
            Err(DomainError::Conflict(format!(
                "the dispute is {}, not at this step",
                serde_json::to_value(d.status)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default()
            )))
        }
    }

    /// Whether the obligation being met is past its deadline.
    fn late(&self, d: &Dispute, owed: Owed) -> bool {
        self.user
            .and_then(|u| d.owes(&u.party, owed))
            .is_some_and(|o| o.due < self.now)
    }

    fn text(&self, field: &str, text: &LangText, max: usize) -> Result<(), DomainError> {
        check_language(&format!("{field}.lang"), &text.lang, &self.config.languages)?;
        check_text(&format!("{field}.text"), &text.text, max)
    }

    fn raise(&self, id: &DisputeId, draft: &DisputeDraft) -> Result<Vec<Event>, DomainError> {
        let user = self.acting_user()?;
        authz::require_raise(user, self.config)?;
        if self.state.disputes.disputes.contains_key(id) {
            return Err(DomainError::Conflict(format!(
                "dispute `{id}` already exists"
            )));
        }
        if self.config.track(&draft.track).is_none() {
            return Err(DomainError::invalid(
                "track",
                format!("`{}` is not a track of this cell", draft.track),
            ));
        }
        let against = &draft.against;
        if self.config.party(against).is_none()
            || self.config.is_supervisor(against)
            || against == &user.party
        {
            return Err(DomainError::invalid(
                "against",
                format!("`{against}` is not another party of this cell"),
            ));
        }
        self.text("title", &draft.title, MAX_TITLE)?;
        self.text("what", &draft.what, MAX_TEXT)?;
        if draft.occurred_at > self.now.plus(CLOCK_SKEW) {
            return Err(DomainError::invalid("occurred_at", "is in the future"));
        }
        if let Some(p) = draft.place {
            Coord7::from_degrees("place", p.lon(), p.lat())?;
        }
        self.check_evidence(&user.party, &draft.evidence)?;
        let parties: BTreeSet<PartyId> = [user.party.clone(), against.clone()].into();
        let audience = audience_of(&parties, self.config);
        Ok(vec![Event {
            schema: SCHEMA_VERSION,
            at: self.now,
            actor: Some(user.id.clone()),
            party: Some(user.party.clone()),
            audience,
            body: EventBody::Dispute {
                event: DisputeEvent::Raised {
                    dispute: id.clone(),
                    draft: draft.clone(),
                    due: self.now.plus(self.config.disputes.acknowledge_within),
                },
            },
        }])
    }

    /// Every linked record must be one `party` can see; one it cannot see is refused exactly
    /// like one that does not exist.
    fn check_evidence(&self, party: &PartyId, evidence: &[Evidence]) -> Result<(), DomainError> {
        if evidence.len() > MAX_EVIDENCE {
            return Err(DomainError::invalid(
                "evidence",
                format!("at most {MAX_EVIDENCE} records may be linked"),
            ));
        }
        let mut seen = BTreeSet::new();
        for e in evidence {
            if !seen.insert(e) {
                return Err(DomainError::invalid("evidence", "lists a record twice"));
            }
            let reader = Some(party);
            match e {
                Evidence::Message(m) => crate::queries::message(self.state, reader, m).map(|_| ()),
                Evidence::Incident(i) => de_queries::incident(self.state, reader, i).map(|_| ()),
                Evidence::Activity(a) => de_queries::activity(self.state, reader, a).map(|_| ()),
            }?;
        }
        Ok(())
    }

    fn request(
        &self,
        id: &DisputeId,
        party: &PartyId,
        kind: RequestKind,
        question: &LangText,
        due: Option<Timestamp>,
    ) -> Result<Vec<Event>, DomainError> {
        let (d, user) = self.dispute(id)?;
        authz::require_mediate(user, self.config)?;
        self.at(d, &[DisputeStatus::InMediation])?;
        if party != &d.raiser && party != d.respondent() {
            return Err(DomainError::invalid(
                "party",
                format!("`{party}` is not a party to this dispute"),
            ));
        }
        self.text("question", question, MAX_TEXT)?;
        let due = match due {
            None => self.now.plus(self.config.disputes.reply_within),
            Some(t) if t > self.now && t <= self.now.plus(MAX_REQUEST_SPAN) => t,
            Some(_) => {
                return Err(DomainError::invalid(
                    "due",
                    "must be in the future and at most 30 days ahead",
                ));
            }
        };
        let request = u32::try_from(d.requests.len()).unwrap_or(u32::MAX - 1) + 1;
        Ok(vec![self.event(
            d,
            DisputeEvent::InformationRequested {
                dispute: d.id.clone(),
                request,
                party: party.clone(),
                kind,
                question: question.clone(),
                due,
            },
        )])
    }
}
