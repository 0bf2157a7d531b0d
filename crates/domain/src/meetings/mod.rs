//! Meetings, their minutes, and joint statements.
//!
//! - A **meeting** ([`model::Meeting`]) has a time, a place, participating parties and an
//!   agenda. The supervisor drafts its **minutes**; every participating party other than the
//!   supervisor (whose draft is its assent) approves them. Any change to the minutes after an
//!   approval resets every approval: a party approves a text, never a text that changed since.
//! - A **joint statement** ([`model::Statement`]) is drafted by the supervisor in a version per
//!   language of the cell (en, ar, he), one of them marked authoritative. Every version is
//!   approved by every party but the supervisor; a change to any version resets all approvals,
//!   since the versions must say the same. It is published only when every approval is in, and
//!   once published it is immutable: every further change is refused.
//!
//! Authorization lives in [`crate::authz::meetings`], audiences come from
//! [`crate::visibility`], and reads go through [`queries`].

mod command;
mod decide;
mod event;
pub mod model;
pub mod queries;
mod state;

#[cfg(test)]
mod tests;

pub use command::MeetingsCommand;
pub use decide::decide;
pub use event::MeetingsEvent;
pub use model::{Meeting, MeetingId, Minutes, Statement, StatementId};
pub use state::MeetingsState;
