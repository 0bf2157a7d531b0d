//! Intelligence sharing: reports that pass between parties only as their originator releases
//! them, vetted by the supervisor on tracks whose policy is `vet`.
//!
//! - **Reports** ([`report`]) have a title, summary and body (each language-tagged), a time, a
//!   place ([`place`], whole-number GeoJSON), a TLP 2.0 marking and Admiralty grading
//!   ([`marking`]), releasability (parties), attachments (links with SHA-256) and related records.
//! - **Lifecycle**: draft (the originator's party only) → submitted → vetted by the supervisor
//!   (approve, return with comments, or approve a sanitized text) → released to the recipients →
//!   acknowledged by each recipient party before a deadline (or escalated). Recipients add
//!   feedback, corroboration (STIX-like opinions) and sightings. The originator may withdraw a
//!   report or correct it (a new version; every version is kept).
//! - **Release** ([`release`]): the audience of every intelligence event and record comes from
//!   one function, [`release::audience`]; the TLP rules are documented there.
//!
//! Authorization lives in [`crate::authz::intel`], reads go through [`queries`], which filters
//! every part of a report with [`crate::visibility::can_see`].

mod command;
mod decide;
mod event;
mod ids;
pub mod marking;
pub mod place;
pub mod queries;
pub mod release;
pub mod report;
mod state;

#[cfg(test)]
mod tests;

pub use command::{IntelCommand, VetDecision};
pub use decide::decide;
pub use event::IntelEvent;
pub use ids::{RelatedId, ReportId};
pub use marking::{Credibility, Reliability, Tlp};
pub use place::Place;
pub use release::Reach;
pub use report::{
    Acknowledgement, Attachment, Corroboration, Feedback, Opinion, ReportContent, ReportRecord,
    ReportStage, Sanitized, Sighting, SightingReport, Usefulness, Versioned, VetStep,
};
pub use state::IntelState;
