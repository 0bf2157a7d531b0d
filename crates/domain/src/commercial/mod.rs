//! The commercial register: opportunities one party proposes to another, with a sector, a value
//! range, a description and documents (links with SHA-256 hashes), moving along a pipeline
//! (proposed → under review → agreed → in implementation → done, or declined) and taking
//! comments. Seen by the two parties and the supervisor.
//!
//! Which party moves which step is in [`crate::authz::commercial`]; which steps exist is
//! [`Stage::can_move_to`]; reads are in [`queries`].

mod command;
mod decide;
mod entry;
mod event;
pub mod queries;
mod state;

#[cfg(test)]
mod tests;

pub use command::CommercialCommand;
pub use decide::decide;
pub use entry::{
    Comment, Document, Opportunity, OpportunityDraft, OpportunityId, Sector, Stage, StageChange,
    ValueRange,
};
pub use event::CommercialEvent;
pub use state::CommercialState;
