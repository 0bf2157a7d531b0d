//! A dispute as the state keeps it: what was raised, where it stands, what each party still owes
//! and by when, and its full history.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::event::DisputeEvent;
use super::ids::DisputeId;
use crate::deescalation::{ActivityId, Coord7, IncidentId};
use crate::event::Audience;
use crate::ids::{MessageId, PartyId, TrackId, UserId};
use crate::language::LangText;
use crate::time::Timestamp;

/// A record the raiser links as evidence; it must be one the raiser can see.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Evidence {
    /// A hotline message.
    Message(MessageId),
    /// An incident report.
    Incident(IncidentId),
    /// An activity notification.
    Activity(ActivityId),
}

/// What the raiser says happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputeDraft {
    /// The track it belongs to.
    pub track: TrackId,
    /// The party it is raised against.
    pub against: PartyId,
    /// A short title.
    pub title: LangText,
    /// What happened.
    pub what: LangText,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// Where, if it happened somewhere.
    pub place: Option<Coord7>,
    /// Linked records.
    pub evidence: Vec<Evidence>,
}

/// Where a dispute stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisputeStatus {
    /// Waiting for the respondent's acknowledgement.
    Raised,
    /// Acknowledged; waiting for the respondent's answer.
    Acknowledged,
    /// Answered; waiting for the raiser to accept or ask for mediation.
    Answered,
    /// The supervisor mediates: requests, findings, ruling.
    InMediation,
    /// Ruled; waiting for each party to accept or contest.
    Ruled,
    /// Settled: the raiser accepted the answer, or both parties accepted the ruling.
    Resolved,
    /// A party contested the ruling.
    Contested,
}

impl DisputeStatus {
    /// Every status, in workflow order.
    pub const ALL: [DisputeStatus; 7] = [
        DisputeStatus::Raised,
        DisputeStatus::Acknowledged,
        DisputeStatus::Answered,
        DisputeStatus::InMediation,
        DisputeStatus::Ruled,
        DisputeStatus::Resolved,
        DisputeStatus::Contested,
    ];

    /// Whether nothing more happens to the dispute.
    pub fn is_closed(self) -> bool {
        matches!(self, DisputeStatus::Resolved | DisputeStatus::Contested)
    }
}

/// What a party owes on a dispute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", content = "request", rename_all = "snake_case")]
pub enum Owed {
    /// The respondent acknowledges the dispute.
    Acknowledge,
    /// The respondent answers it.
    Answer,
    /// The raiser accepts the answer or sends the dispute to mediation.
    Decide,
    /// A party replies to the supervisor's request with this number.
    Reply(u32),
    /// A party accepts or contests the ruling.
    RespondToRuling,
}

/// An open obligation of a party, with its deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Obligation {
    /// Who owes it.
    pub party: PartyId,
    /// What is owed.
    pub owed: Owed,
    /// By when.
    pub due: Timestamp,
    /// When the missed deadline escalated, if it did.
    pub escalated_at: Option<Timestamp>,
}

/// Information or an inspection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// Documents, explanations, records.
    Information,
    /// Access for an inspection on the ground.
    Inspection,
}

/// A request of the supervisor to a party, and the party's reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InfoRequest {
    /// Number within the dispute, from 1.
    pub number: u32,
    /// The party asked.
    pub party: PartyId,
    /// Information or inspection.
    pub kind: RequestKind,
    /// What is asked.
    pub question: LangText,
    /// When it was asked.
    pub asked_at: Timestamp,
    /// By when the reply is due.
    pub due: Timestamp,
    /// The reply, and when it came.
    pub reply: Option<(LangText, Timestamp)>,
}

/// A party's answer to the ruling.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RulingResponse {
    /// Accepted (`true`) or contested.
    pub accepted: bool,
    /// Why, if the party said.
    pub reason: Option<LangText>,
    /// When.
    pub at: Timestamp,
}

/// One step of a dispute's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// When.
    pub at: Timestamp,
    /// The acting user (`cell` for the timer).
    pub by: UserId,
    /// The acting user's party (`None` for the cell).
    pub party: Option<PartyId>,
    /// Its position in the record.
    pub log_index: u64,
    /// What happened.
    pub event: DisputeEvent,
}

/// A dispute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dispute {
    /// Id.
    pub id: DisputeId,
    /// The raising party.
    pub raiser: PartyId,
    /// The officer who raised it.
    pub raised_by: UserId,
    /// When it was raised.
    pub raised_at: Timestamp,
    /// What was raised.
    pub draft: DisputeDraft,
    /// Where it stands.
    pub status: DisputeStatus,
    /// The respondent's answer.
    pub answer: Option<LangText>,
    /// Why the raiser asked for mediation.
    pub mediation_reason: Option<LangText>,
    /// The supervisor's requests, in order.
    pub requests: Vec<InfoRequest>,
    /// The supervisor's findings, in order.
    pub findings: Vec<LangText>,
    /// The ruling.
    pub ruling: Option<LangText>,
    /// Each party's answer to the ruling.
    pub ruling_responses: BTreeMap<PartyId, RulingResponse>,
    /// Obligations still open (escalated ones included until they are met), by deadline.
    pub obligations: Vec<Obligation>,
    /// Every step, oldest first.
    pub history: Vec<HistoryEntry>,
    /// Who may see it: both parties and the supervisor.
    pub audience: Audience,
}

impl Dispute {
    /// The party the dispute is raised against.
    pub fn respondent(&self) -> &PartyId {
        &self.draft.against
    }

    /// The open obligation of `party` for `owed`, if any.
    pub fn owes(&self, party: &PartyId, owed: Owed) -> Option<&Obligation> {
        self.obligations
            .iter()
            .find(|o| &o.party == party && o.owed == owed)
    }

    /// Whether some deadline of the dispute has passed at `now` with the obligation unmet.
    pub fn overdue(&self, now: Timestamp) -> bool {
        self.obligations.iter().any(|o| o.due <= now)
    }

    /// Whether a deadline of the respondent was ever missed (then the raiser may ask for
    /// mediation before any answer).
    pub fn respondent_missed_a_deadline(&self) -> bool {
        self.history.iter().any(|h| {
            matches!(&h.event, DisputeEvent::Escalated { party, .. } if party == self.respondent())
        })
    }
}
