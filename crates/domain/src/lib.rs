//! The pure core of Fusion Cell.
//!
//! A cell is configured ([`config`]), has users with roles ([`user`]), and keeps records whose
//! every change is an [`event::Event`]. Commands ([`command`]) are decided by [`decide::decide`]
//! as `(state, actor, command, now) -> events`, and events are applied by
//! [`state::CellState::apply`] as `(state, event) -> state`. Nothing here does I/O, reads a clock
//! or draws random numbers: those come in as arguments, which keeps the core exhaustively testable.
//!
//! Authorization lives in [`authz`], visibility in [`visibility`], and every read goes through
//! [`queries`], which filters by the reader's party.

pub mod authz;
pub mod command;
pub mod commercial;
pub mod commitments;
pub mod config;
pub mod decide;
pub mod deescalation;
pub mod disputes;
pub mod due;
pub mod error;
pub mod event;
pub mod ids;
pub mod intel;
pub mod language;
pub mod meetings;
pub mod message;
pub mod queries;
pub mod state;
pub mod time;
pub mod user;
pub mod visibility;

#[cfg(test)]
pub(crate) mod tests;

pub use command::{Actor, Command, NewMessage};
pub use config::CellConfig;
pub use decide::decide;
pub use error::DomainError;
pub use event::{Audience, Event, EventBody};
pub use ids::{MessageId, PartyId, ThreadId, TrackId, UserId};
pub use language::LangText;
pub use message::{Message, Priority, Thread};
pub use state::CellState;
pub use time::{Span, Timestamp};
pub use user::{Role, User};
