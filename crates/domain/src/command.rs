//! Commands: what an actor asks the cell to do. The domain decides each one against the current
//! state (see [`crate::decide`]) and answers with events or an error.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::config::CellConfig;
use crate::ids::{MessageId, PartyId, ThreadId, TrackId, UserId};
use crate::language::LangText;
use crate::message::Priority;
use crate::user::Role;

/// Who is acting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Actor {
    /// A signed-in user (by password session or API token).
    User(UserId),
    /// The cell itself: its deadline timer, and its operator at the command line (who holds the
    /// data directory and so stands outside the parties).
    Cell,
}

/// A new message, inside [`Command::PostMessage`] or opening a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMessage {
    /// A fresh random id, made at the edge.
    pub id: MessageId,
    /// The text in its original language.
    pub body: LangText,
    /// Urgency, which sets the acknowledgement deadline.
    pub priority: Priority,
}

/// What an actor asks for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Command {
    /// Set up the cell (once, by the cell itself).
    Configure(CellConfig),
    /// Create a user account.
    AddUser {
        /// Login name; its prefix before the first dot is customarily the party id.
        user: UserId,
        /// Name shown to others.
        display_name: String,
        /// The user's party.
        party: PartyId,
        /// Roles.
        roles: BTreeSet<Role>,
    },
    /// Replace a user's roles.
    SetRoles {
        /// The user.
        user: UserId,
        /// The new roles.
        roles: BTreeSet<Role>,
    },
    /// Disable an account.
    DisableUser {
        /// The user.
        user: UserId,
    },
    /// Enable a disabled account.
    EnableUser {
        /// The user.
        user: UserId,
    },
    /// Record that a user's password was set (the hash itself is stored by the server).
    RecordPasswordSet {
        /// The user.
        user: UserId,
    },
    /// Record that TOTP was switched on or off for a user.
    RecordTotpChanged {
        /// The user.
        user: UserId,
        /// Whether it is now on.
        enabled: bool,
    },
    /// Record that an API token was issued.
    RecordTokenIssued {
        /// Public id of the token.
        token: String,
        /// Its owner.
        user: UserId,
        /// What it is for.
        label: String,
    },
    /// Record that an API token was revoked.
    RecordTokenRevoked {
        /// Public id of the token.
        token: String,
        /// Its owner.
        user: UserId,
    },
    /// Open a thread on a track, optionally with its first message.
    OpenThread {
        /// A fresh random id, made at the edge.
        thread: ThreadId,
        /// The track.
        track: TrackId,
        /// The subject.
        subject: LangText,
        /// The other parties in the conversation (the actor's party is always included).
        participants: BTreeSet<PartyId>,
        /// The first message, if any.
        first: Option<NewMessage>,
    },
    /// Post a message in a thread.
    PostMessage {
        /// The thread.
        thread: ThreadId,
        /// The message.
        message: NewMessage,
    },
    /// Add a translation to a message.
    Translate {
        /// The message.
        message: MessageId,
        /// The translation and its language.
        text: LangText,
    },
    /// Record that a message reached the actor's party.
    MarkDelivered {
        /// The message.
        message: MessageId,
    },
    /// Record that the actor opened a message.
    MarkRead {
        /// The message.
        message: MessageId,
    },
    /// Acknowledge receipt of a message for the actor's party.
    Acknowledge {
        /// The message.
        message: MessageId,
    },
    /// Escalate a message whose acknowledgement deadline has passed (the cell's timer).
    EscalateOverdue {
        /// The message.
        message: MessageId,
    },
    /// Record that a party's witness refused a checkpoint of the shared record (the cell's
    /// record keeper).
    RecordWitnessRefused {
        /// The witness's key name.
        witness: String,
        /// The party whose witness it is.
        party: PartyId,
        /// Size of the refused checkpoint.
        size: u64,
        /// Why it was refused.
        reason: String,
    },
    /// A de-escalation command: zones, activities, incidents, crossings.
    Deescalation(crate::deescalation::DeescalationCommand),
    /// A dispute command: raise, acknowledge, answer, mediate, rule, escalate.
    Dispute(crate::disputes::DisputeCommand),
    /// A commercial register command: propose, move, comment.
    Commercial(crate::commercial::CommercialCommand),
    /// An intelligence command: reports, vetting, release and responses.
    Intel(crate::intel::IntelCommand),
    /// Commitments and their milestones.
    Commitments(crate::commitments::CommitmentsCommand),
    /// Meetings, minutes and joint statements.
    Meetings(crate::meetings::MeetingsCommand),
}
