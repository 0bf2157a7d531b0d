//! Commitments and their timelines.
//!
//! - A **commitment** ([`model::Commitment`]) has an owner party, a beneficiary party, a track, a
//!   title and milestones with due dates. Any party (or the supervisor) proposes it; it is in
//!   force once every party of the cell has approved that version. A change to the text is a new
//!   version whose approvals start afresh; every version is kept, and the version in force stays
//!   in force until a later one is approved by all.
//! - The owner **attests** a milestone of the version in force done, with evidence; the
//!   supervisor **verifies** it, or refuses with a reason, which sends it back to open.
//! - An open milestone whose due date passes **escalates** to every party once per due date (the
//!   cell's timer, via [`CommitmentsState::overdue`]); until then it is in the owner's
//!   deadlines ([`crate::due`]).
//!
//! Authorization lives in [`crate::authz::commitments`], audiences come from
//! [`crate::visibility`], and reads go through [`queries`].

mod command;
pub(crate) mod decide;

mod event;
pub mod model;
pub mod queries;
mod state;

#[cfg(test)]
mod tests;

pub use command::CommitmentsCommand;
pub use decide::decide;
pub use event::CommitmentsEvent;
pub use model::{
    Approval, Commitment, CommitmentId, CommitmentStatus, CommitmentVersion, Evidence,
    MilestoneDraft, MilestoneId, MilestoneStatus, Progress, Step,
};
pub use state::CommitmentsState;
