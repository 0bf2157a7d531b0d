//! Disputes: a party's complaint against another party on a track, carried through a tracked
//! process with deadlines.
//!
//! - **Raised** ([`decide`]) by a liaison officer with what happened, when and where, and
//!   evidence: ids of records the raiser can see (messages, incidents, activities).
//! - The respondent **acknowledges** (default 24 h) and **answers** (default 48 h); the raiser
//!   **accepts** the answer (resolved) or sends the dispute to **mediation** (also possible once
//!   a respondent's deadline was missed).
//! - In mediation the supervisor **requests information or an inspection** from a party (each
//!   with its own deadline and the party's reply), **records findings**, then **rules**; each
//!   party **accepts or contests** the ruling (resolved when both accept, contested otherwise).
//! - Every open obligation has a deadline ([`Obligation`]); a missed one escalates once
//!   ([`DisputeEvent::Escalated`]), by the cell's timer, to both parties and the supervisor.
//!
//! Default deadlines come from the optional `[disputes]` table ([`DisputesConfig`]).
//! Authorization lives in [`crate::authz::disputes`], reads in [`queries`].

mod command;
mod config;
mod decide;
mod event;
mod ids;
pub mod queries;
mod record;
mod state;

#[cfg(test)]
mod tests;

pub use command::DisputeCommand;
pub use config::DisputesConfig;
pub use decide::decide;
pub use event::DisputeEvent;
pub use ids::DisputeId;
pub use record::{
    Dispute, DisputeDraft, DisputeStatus, Evidence, HistoryEntry, InfoRequest, Obligation, Owed,
    RequestKind, RulingResponse,
};
pub use state::DisputesState;
