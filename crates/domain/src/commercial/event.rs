//! The commercial events of the record, carried by [`crate::EventBody::Commercial`].

use serde::{Deserialize, Serialize};

use super::entry::{OpportunityDraft, OpportunityId, Stage};
use crate::language::LangText;

/// What happened in the commercial register.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum CommercialEvent {
    /// A party proposed an opportunity.
    #[serde(rename = "commercial.proposed")]
    Proposed {
        /// The entry.
        opportunity: OpportunityId,
        /// What is proposed.
        draft: OpportunityDraft,
    },
    /// A party moved the entry along the pipeline.
    #[serde(rename = "commercial.moved")]
    Moved {
        /// The entry.
        opportunity: OpportunityId,
        /// The stage it left.
        from: Stage,
        /// The stage it reached.
        to: Stage,
        /// Why, if given.
        note: Option<LangText>,
    },
    /// Someone commented.
    #[serde(rename = "commercial.commented")]
    Commented {
        /// The entry.
        opportunity: OpportunityId,
        /// The comment.
        text: LangText,
    },
}

impl CommercialEvent {
    /// The event's type name, e.g. `commercial.proposed`.
    pub fn kind(&self) -> &'static str {
        match self {
            CommercialEvent::Proposed { .. } => "commercial.proposed",
            CommercialEvent::Moved { .. } => "commercial.moved",
            CommercialEvent::Commented { .. } => "commercial.commented",
        }
    }

    /// The entry it is about.
    pub fn opportunity(&self) -> &OpportunityId {
        match self {
            CommercialEvent::Proposed { opportunity, .. }
            | CommercialEvent::Moved { opportunity, .. }
            | CommercialEvent::Commented { opportunity, .. } => opportunity,
        }
    }
}
