//! What an actor asks of the commercial register, carried by [`crate::Command::Commercial`].

use serde::{Deserialize, Serialize};

use super::entry::{OpportunityDraft, OpportunityId, Stage};
use crate::language::LangText;

/// A commercial register command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommercialCommand {
    /// Propose an opportunity to another party.
    Propose {
        /// A fresh random id, made at the edge.
        opportunity: OpportunityId,
        /// What is proposed.
        draft: OpportunityDraft,
    },
    /// Move an entry to the next stage, or decline it.
    Move {
        /// The entry.
        opportunity: OpportunityId,
        /// The stage to move it to.
        to: Stage,
        /// Why (optional).
        note: Option<LangText>,
    },
    /// Comment on an entry.
    Comment {
        /// The entry.
        opportunity: OpportunityId,
        /// The comment.
        text: LangText,
    },
}
