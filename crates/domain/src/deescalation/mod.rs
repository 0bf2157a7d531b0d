//! De-escalation: agreed zones, activity notifications, deconfliction alerts, incident reports
//! and zone crossings of position tracks.
//!
//! - **Zones** ([`zone`]) are agreed: the supervisor proposes a version, every other party
//!   approves it, and only then is it in force. Versions are kept.
//! - **Activities** ([`activity`]) are notified with the notice they give; a notice shorter than
//!   the kind's minimum ([`DeescalationConfig`]) is accepted and flagged late by how much. The
//!   other parties acknowledge receipt before a deadline, or it escalates.
//! - **Deconfliction** ([`alert`]) runs on every new or changed notification, against the
//!   activities and zones in the state's index; each conflict, broken zone rule or exceeded
//!   force cap becomes an alert event.
//! - **Incidents** ([`incident`]) are reported by any party.
//! - **Position reports** are turned into zone entries and exits by a [`Tracker`] and only those
//!   are recorded ([`crossing`]); a track entering a zone its party may not enter raises an alert.
//!
//! Geometry in the record is integer ([`geometry`]), like everything in canonical events.
//! Authorization lives in [`crate::authz`], audiences come from [`crate::visibility`], and reads
//! go through [`queries`].

pub mod activity;
pub mod alert;
mod command;
mod config;
pub mod crossing;
mod decide;
mod event;
pub mod geometry;
mod ids;
pub mod incident;
mod index;
pub mod queries;
mod state;
mod tracking;
pub mod zone;

#[cfg(test)]
mod tests;

pub use activity::{ActivityDraft, ActivityRecord, ActivityStatus, Check, Lead, check};
pub use alert::{Alert, AlertCause, Finding};
pub use command::DeescalationCommand;
pub use config::DeescalationConfig;
pub use crossing::{Crossing, TrackCrossing};
pub use decide::decide;
pub use event::DeescalationEvent;
pub use geometry::{Band, Coord7, Footprint, Shape, Window};
pub use ids::{ActivityId, AlertId, IncidentId, PositionTrackId, ZoneId};
pub use incident::{Incident, IncidentCategory, IncidentReport};
pub use index::Index;
pub use state::DeescalationState;
pub use tracking::{PositionFix, Tracker};
pub use zone::{ZoneRecord, ZoneStatus, ZoneVersion};
