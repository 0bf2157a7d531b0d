//! The dispute events of the record, carried by [`crate::EventBody::Dispute`].

use serde::{Deserialize, Serialize};

use super::ids::DisputeId;
use super::record::{DisputeDraft, Owed, RequestKind};
use crate::ids::PartyId;
use crate::language::LangText;
use crate::time::Timestamp;

/// What happened to a dispute.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum DisputeEvent {
    /// A party raised a dispute.
    #[serde(rename = "dispute.raised")]
    Raised {
        /// The dispute.
        dispute: DisputeId,
        /// What, when, where, against whom, with which evidence.
        draft: DisputeDraft,
        /// When the respondent's acknowledgement is due.
        due: Timestamp,
    },
    /// The respondent acknowledged it (receipt, not agreement).
    #[serde(rename = "dispute.acknowledged")]
    Acknowledged {
        /// The dispute.
        dispute: DisputeId,
        /// Whether it came after the deadline.
        late: bool,
        /// When the answer is due.
        due: Timestamp,
    },
    /// The respondent answered.
    #[serde(rename = "dispute.answered")]
    Answered {
        /// The dispute.
        dispute: DisputeId,
        /// The answer.
        answer: LangText,
        /// Whether it came after the deadline.
        late: bool,
        /// When the raiser's decision is due.
        due: Timestamp,
    },
    /// The raiser accepted the answer: resolved.
    #[serde(rename = "dispute.answer_accepted")]
    AnswerAccepted {
        /// The dispute.
        dispute: DisputeId,
    },
    /// The raiser sent the dispute to the supervisor's mediation.
    #[serde(rename = "dispute.mediation_requested")]
    MediationRequested {
        /// The dispute.
        dispute: DisputeId,
        /// Why.
        reason: LangText,
    },
    /// The supervisor asked a party for information or an inspection.
    #[serde(rename = "dispute.information_requested")]
    InformationRequested {
        /// The dispute.
        dispute: DisputeId,
        /// The request's number within the dispute, from 1.
        request: u32,
        /// The party asked.
        party: PartyId,
        /// Information or inspection.
        kind: RequestKind,
        /// What is asked.
        question: LangText,
        /// When the reply is due.
        due: Timestamp,
    },
    /// A party replied to a request.
    #[serde(rename = "dispute.information_provided")]
    InformationProvided {
        /// The dispute.
        dispute: DisputeId,
        /// The request.
        request: u32,
        /// The reply.
        reply: LangText,
        /// Whether it came after the deadline.
        late: bool,
    },
    /// The supervisor recorded findings.
    #[serde(rename = "dispute.findings_recorded")]
    FindingsRecorded {
        /// The dispute.
        dispute: DisputeId,
        /// The findings.
        findings: LangText,
    },
    /// The supervisor ruled; requests still open are closed.
    #[serde(rename = "dispute.ruled")]
    Ruled {
        /// The dispute.
        dispute: DisputeId,
        /// The ruling.
        ruling: LangText,
        /// When each party's acceptance or contest is due.
        due: Timestamp,
    },
    /// A party accepted or contested the ruling.
    #[serde(rename = "dispute.ruling_answered")]
    RulingAnswered {
        /// The dispute.
        dispute: DisputeId,
        /// Accepted (`true`) or contested.
        accepted: bool,
        /// Why, if given.
        reason: Option<LangText>,
    },
    /// A deadline passed with the obligation unmet: escalated to both parties and the supervisor.
    #[serde(rename = "dispute.escalated")]
    Escalated {
        /// The dispute.
        dispute: DisputeId,
        /// The party that missed it.
        party: PartyId,
        /// What it owed.
        owed: Owed,
        /// The deadline that passed.
        deadline: Timestamp,
    },
}

impl DisputeEvent {
    /// The event's type name, e.g. `dispute.raised`.
    pub fn kind(&self) -> &'static str {
        match self {
            DisputeEvent::Raised { .. } => "dispute.raised",
            DisputeEvent::Acknowledged { .. } => "dispute.acknowledged",
            DisputeEvent::Answered { .. } => "dispute.answered",
            DisputeEvent::AnswerAccepted { .. } => "dispute.answer_accepted",
            DisputeEvent::MediationRequested { .. } => "dispute.mediation_requested",
            DisputeEvent::InformationRequested { .. } => "dispute.information_requested",
            DisputeEvent::InformationProvided { .. } => "dispute.information_provided",
            DisputeEvent::FindingsRecorded { .. } => "dispute.findings_recorded",
            DisputeEvent::Ruled { .. } => "dispute.ruled",
            DisputeEvent::RulingAnswered { .. } => "dispute.ruling_answered",
            DisputeEvent::Escalated { .. } => "dispute.escalated",
        }
    }

    /// The dispute it is about.
    pub fn dispute(&self) -> &DisputeId {
        match self {
            DisputeEvent::Raised { dispute, .. }
            | DisputeEvent::Acknowledged { dispute, .. }
            | DisputeEvent::Answered { dispute, .. }
            | DisputeEvent::AnswerAccepted { dispute }
            | DisputeEvent::MediationRequested { dispute, .. }
            | DisputeEvent::InformationRequested { dispute, .. }
            | DisputeEvent::InformationProvided { dispute, .. }
            | DisputeEvent::FindingsRecorded { dispute, .. }
            | DisputeEvent::Ruled { dispute, .. }
            | DisputeEvent::RulingAnswered { dispute, .. }
            | DisputeEvent::Escalated { dispute, .. } => dispute,
        }
    }
}
