//! What an actor asks of a dispute, carried by [`crate::Command::Dispute`].

use serde::{Deserialize, Serialize};

use super::ids::DisputeId;
use super::record::{DisputeDraft, RequestKind};
use crate::ids::PartyId;
use crate::language::LangText;
use crate::time::Timestamp;

/// A dispute command. The acting party is always the actor's own: nobody acts for another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisputeCommand {
    /// Raise a dispute against another party.
    Raise {
        /// A fresh random id, made at the edge.
        dispute: DisputeId,
        /// What, when, where, against whom, with which evidence.
        draft: DisputeDraft,
    },
    /// Acknowledge a dispute raised against the actor's party.
    Acknowledge {
        /// The dispute.
        dispute: DisputeId,
    },
    /// Answer a dispute raised against the actor's party.
    Answer {
        /// The dispute.
        dispute: DisputeId,
        /// The answer.
        answer: LangText,
    },
    /// Accept the answer to the actor's party's dispute: resolved.
    AcceptAnswer {
        /// The dispute.
        dispute: DisputeId,
    },
    /// Send the actor's party's dispute to mediation.
    RequestMediation {
        /// The dispute.
        dispute: DisputeId,
        /// Why.
        reason: LangText,
    },
    /// Ask a party for information or an inspection (the supervisor).
    RequestInformation {
        /// The dispute.
        dispute: DisputeId,
        /// The party asked.
        party: PartyId,
        /// Information or inspection.
        kind: RequestKind,
        /// What is asked.
        question: LangText,
        /// By when; the `[disputes]` default when not given.
        due: Option<Timestamp>,
    },
    /// Reply to a request to the actor's party.
    ProvideInformation {
        /// The dispute.
        dispute: DisputeId,
        /// The request's number.
        request: u32,
        /// The reply.
        reply: LangText,
    },
    /// Record findings (the supervisor).
    RecordFindings {
        /// The dispute.
        dispute: DisputeId,
        /// The findings.
        findings: LangText,
    },
    /// Rule on the dispute (the supervisor), once findings are recorded.
    Rule {
        /// The dispute.
        dispute: DisputeId,
        /// The ruling.
        ruling: LangText,
    },
    /// Accept or contest the ruling for the actor's party.
    AnswerRuling {
        /// The dispute.
        dispute: DisputeId,
        /// Accept (`true`) or contest.
        accept: bool,
        /// Why (optional).
        reason: Option<LangText>,
    },
    /// Escalate every passed deadline of the dispute (the cell's timer).
    Escalate {
        /// The dispute.
        dispute: DisputeId,
    },
}
