//! A register entry and its parts.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::event::CommercialEvent;
use crate::event::Audience;
use crate::ids::{PartyId, UserId, id_type, is_valid_id};
use crate::language::LangText;
use crate::time::Timestamp;

id_type!(
    /// A commercial opportunity; random, made at the edge.
    OpportunityId
);

/// The sector of an opportunity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    /// Power generation and grids, oil and gas.
    Energy,
    /// Water supply and treatment.
    Water,
    /// Farming and food.
    Agriculture,
    /// Trade in goods, crossings and customs.
    Trade,
    /// Roads, rail, ports, aviation.
    Transport,
    /// Tourism and pilgrimage.
    Tourism,
    /// Health care and medicines.
    Health,
    /// Telecommunications and technology.
    Technology,
    /// Anything else.
    Other,
}

/// A value range in whole units of a currency.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueRange {
    /// Lowest estimate.
    pub min: u64,
    /// Highest estimate.
    pub max: u64,
    /// ISO 4217 code, e.g. `USD`.
    pub currency: String,
}

/// A document: where to fetch it and the SHA-256 of its bytes, so every party can check it is
/// the one referred to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// What it is.
    pub title: String,
    /// An `https://` (or `http://`) link.
    pub url: String,
    /// SHA-256 of the document, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// What the proposer puts in the register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpportunityDraft {
    /// The sector.
    pub sector: Sector,
    /// The counterpart party.
    pub counterpart: PartyId,
    /// A short title.
    pub title: LangText,
    /// What is proposed.
    pub description: LangText,
    /// The value range.
    pub value: ValueRange,
    /// Supporting documents.
    pub documents: Vec<Document>,
}

/// A step of the pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Put in the register by the proposer.
    Proposed,
    /// The counterpart is looking at it.
    UnderReview,
    /// The counterpart agreed.
    Agreed,
    /// Being carried out.
    InImplementation,
    /// Carried out.
    Done,
    /// Turned down by either party.
    Declined,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 6] = [
        Stage::Proposed,
        Stage::UnderReview,
        Stage::Agreed,
        Stage::InImplementation,
        Stage::Done,
        Stage::Declined,
    ];

    /// The stage's name, e.g. `under_review`.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Proposed => "proposed",
            Stage::UnderReview => "under_review",
            Stage::Agreed => "agreed",
            Stage::InImplementation => "in_implementation",
            Stage::Done => "done",
            Stage::Declined => "declined",
        }
    }

    /// Whether the pipeline goes from `self` to `to` in one step: forward one stage at a time,
    /// or declined before implementation starts.
    pub fn can_move_to(self, to: Stage) -> bool {
        matches!(
            (self, to),
            (Stage::Proposed, Stage::UnderReview)
                | (Stage::UnderReview, Stage::Agreed)
                | (Stage::Agreed, Stage::InImplementation)
                | (Stage::InImplementation, Stage::Done)
                | (
                    Stage::Proposed | Stage::UnderReview | Stage::Agreed,
                    Stage::Declined
                )
        )
    }
}

/// A move along the pipeline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StageChange {
    /// The new stage.
    pub stage: Stage,
    /// Who moved it.
    pub by: UserId,
    /// Their party.
    pub party: PartyId,
    /// When.
    pub at: Timestamp,
    /// Why, if they said.
    pub note: Option<LangText>,
}

/// A comment on an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comment {
    /// Who wrote it.
    pub by: UserId,
    /// Their party.
    pub party: PartyId,
    /// When.
    pub at: Timestamp,
    /// The comment.
    pub text: LangText,
}

/// A register entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Opportunity {
    /// Id.
    pub id: OpportunityId,
    /// The proposing party.
    pub proposer: PartyId,
    /// The officer who proposed it.
    pub proposed_by: UserId,
    /// When.
    pub proposed_at: Timestamp,
    /// What was proposed.
    pub draft: OpportunityDraft,
    /// Where it stands.
    pub stage: Stage,
    /// Every move, oldest first.
    pub moves: Vec<StageChange>,
    /// Comments, oldest first.
    pub comments: Vec<Comment>,
    /// Every event about it with its record position, oldest first.
    pub history: Vec<(u64, CommercialEvent)>,
    /// Who may see it: both parties and the supervisor.
    pub audience: Audience,
}
