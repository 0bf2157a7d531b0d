//! The commercial part of the cell's state, and how each event changes it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::entry::{Comment, Opportunity, OpportunityId, Stage, StageChange};
use super::event::CommercialEvent;
use crate::event::Event;

/// The register, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CommercialState {
    /// Entries by id.
    pub entries: BTreeMap<OpportunityId, Opportunity>,
}

impl CommercialState {
    /// Applies `inner`, the body of `event` at record position `index`.
    pub fn apply(&mut self, index: u64, event: &Event, inner: &CommercialEvent) {
        let (Some(by), Some(party)) = (event.actor.clone(), event.party.clone()) else {
            return;
        };
        if let CommercialEvent::Proposed { opportunity, draft } = inner {
            self.entries.insert(
                opportunity.clone(),
                Opportunity {
                    id: opportunity.clone(),
                    proposer: party.clone(),
                    proposed_by: by.clone(),
                    proposed_at: event.at,
                    draft: draft.clone(),
                    stage: Stage::Proposed,
                    moves: Vec::new(),
                    comments: Vec::new(),
                    history: Vec::new(),
                    audience: event.audience.clone(),
                },
            );
        }
        let Some(o) = self.entries.get_mut(inner.opportunity()) else {
            return;
        };
        o.history.push((index, inner.clone()));
        match inner {
            CommercialEvent::Proposed { .. } => {}
            CommercialEvent::Moved { to, note, .. } => {
                o.stage = *to;
                o.moves.push(StageChange {
                    stage: *to,
                    by,
                    party,
                    at: event.at,
                    note: note.clone(),
                });
            }
            CommercialEvent::Commented { text, .. } => o.comments.push(Comment {
                by,
                party,
                at: event.at,
                text: text.clone(),
            }),
        }
    }
}
