//! What an actor asks of meetings and joint statements, carried by [`crate::Command::Meetings`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{MeetingId, StatementId};
use crate::ids::PartyId;
use crate::language::LangText;
use crate::time::Timestamp;

/// A meetings command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingsCommand {
    /// Schedule a meeting (a liaison officer of a participating party, or the supervisor).
    Schedule {
        /// A fresh id, made at the edge.
        meeting: MeetingId,
        /// What it is.
        title: LangText,
        /// When it starts.
        starts_at: Timestamp,
        /// When it ends.
        ends_at: Timestamp,
        /// Where.
        place: String,
        /// The parties taking part (at least two).
        participants: BTreeSet<PartyId>,
        /// The agenda.
        agenda: Vec<LangText>,
    },
    /// Draft the minutes, or change them (the supervisor); every approval starts afresh.
    DraftMinutes {
        /// The meeting.
        meeting: MeetingId,
        /// The text.
        text: LangText,
    },
    /// Approve a revision of the minutes for the actor's party.
    ApproveMinutes {
        /// The meeting.
        meeting: MeetingId,
        /// The revision approved.
        revision: u32,
    },
    /// Draft a joint statement, or change its title or authoritative language (the supervisor).
    DraftStatement {
        /// The statement; an existing id changes it.
        statement: StatementId,
        /// Its title.
        title: LangText,
        /// The meeting it comes from.
        meeting: Option<MeetingId>,
        /// The authoritative language.
        authoritative: String,
    },
    /// Set the text of one language version (the supervisor).
    SetStatementText {
        /// The statement.
        statement: StatementId,
        /// The language version.
        lang: String,
        /// Its text.
        text: String,
    },
    /// Approve one language version of a revision for the actor's party.
    ApproveStatement {
        /// The statement.
        statement: StatementId,
        /// The revision approved.
        revision: u32,
        /// The language version approved.
        lang: String,
    },
    /// Publish a statement every party approved in every version (the supervisor).
    PublishStatement {
        /// The statement.
        statement: StatementId,
    },
}
