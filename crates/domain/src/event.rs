//! Events: the facts the shared record is made of. Every state change is one event, and the state
//! is nothing but the events applied in order.
//!
//! Canonical encoding: an event is encoded as compact JSON by [`Event::to_canonical_bytes`]. Object
//! keys come in the declaration order of the types below, every map and set is ordered (BTreeMap,
//! BTreeSet), and there are no floating-point numbers, so the same event always yields the same
//! bytes. Those bytes are what the store keeps and what the ledger commits to.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::config::CellConfig;
use crate::ids::{MessageId, PartyId, ThreadId, TrackId, UserId};
use crate::language::LangText;
use crate::message::Priority;
use crate::time::Timestamp;
use crate::user::Role;

/// Version of the event schema written by this code. Readers accept this version and older ones.
pub const SCHEMA_VERSION: u16 = 1;

/// The parties that may see an event or record. The supervisor is named explicitly in every
/// cross-party audience, so visibility is one membership test (see [`crate::visibility`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Audience(pub BTreeSet<PartyId>);

impl Audience {
    /// Whether `party` belongs to the audience.
    pub fn contains(&self, party: &PartyId) -> bool {
        self.0.contains(party)
    }
}

/// One fact of the shared record.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Schema version of this event ([`SCHEMA_VERSION`] when written by this code).
    pub schema: u16,
    /// When it happened (the server's clock at the commit).
    pub at: Timestamp,
    /// The acting user; `None` for the cell itself (timer, operator commands).
    pub actor: Option<UserId>,
    /// The acting user's party.
    pub party: Option<PartyId>,
    /// Who may see it.
    pub audience: Audience,
    /// What happened.
    pub body: EventBody,
}

/// What happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum EventBody {
    /// The cell was set up with this configuration.
    #[serde(rename = "cell.configured")]
    CellConfigured {
        /// The configuration.
        config: CellConfig,
    },
    /// A user account was created.
    #[serde(rename = "user.added")]
    UserAdded {
        /// Login name.
        user: UserId,
        /// Name shown to others.
        display_name: String,
        /// The user's party.
        party: PartyId,
        /// The user's roles.
        roles: BTreeSet<Role>,
    },
    /// A user's roles changed.
    #[serde(rename = "user.roles_changed")]
    UserRolesChanged {
        /// The user.
        user: UserId,
        /// The new roles.
        roles: BTreeSet<Role>,
    },
    /// A user was disabled: they can no longer log in or act.
    #[serde(rename = "user.disabled")]
    UserDisabled {
        /// The user.
        user: UserId,
    },
    /// A disabled user was enabled again.
    #[serde(rename = "user.enabled")]
    UserEnabled {
        /// The user.
        user: UserId,
    },
    /// A user's password was set or changed (the hash stays outside the record).
    #[serde(rename = "user.password_set")]
    PasswordSet {
        /// The user.
        user: UserId,
    },
    /// Two-factor login (TOTP) was switched on or off for a user.
    #[serde(rename = "user.totp_changed")]
    TotpChanged {
        /// The user.
        user: UserId,
        /// Whether TOTP is now required.
        enabled: bool,
    },
    /// An API token was issued (the secret stays outside the record).
    #[serde(rename = "token.issued")]
    ApiTokenIssued {
        /// The token's public id.
        token: String,
        /// Whose token it is.
        user: UserId,
        /// What it is for.
        label: String,
    },
    /// An API token was revoked.
    #[serde(rename = "token.revoked")]
    ApiTokenRevoked {
        /// The token's public id.
        token: String,
        /// Whose token it was.
        user: UserId,
    },
    /// A thread was opened.
    #[serde(rename = "thread.opened")]
    ThreadOpened {
        /// Its id.
        thread: ThreadId,
        /// Its track.
        track: TrackId,
        /// Its subject.
        subject: LangText,
        /// The parties in the conversation.
        participants: BTreeSet<PartyId>,
    },
    /// A message was posted.
    #[serde(rename = "message.posted")]
    MessagePosted {
        /// Its id.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The author's name at the time.
        author_name: String,
        /// The original text.
        body: LangText,
        /// Urgency.
        priority: Priority,
        /// Parties that must acknowledge it.
        addressed: BTreeSet<PartyId>,
        /// When acknowledgements are due.
        deadline: Option<Timestamp>,
    },
    /// A translation of a message was added.
    #[serde(rename = "message.translated")]
    TranslationAdded {
        /// The message.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The translation.
        text: LangText,
    },
    /// A message reached a user of `recipient` for the first time.
    #[serde(rename = "message.delivered")]
    MessageDelivered {
        /// The message.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The receiving party.
        recipient: PartyId,
    },
    /// A user of `recipient` opened the message for the first time.
    #[serde(rename = "message.read")]
    MessageRead {
        /// The message.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The reading party.
        recipient: PartyId,
    },
    /// `recipient` acknowledged receipt of the message (receipt, not agreement).
    #[serde(rename = "message.acknowledged")]
    MessageAcknowledged {
        /// The message.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The acknowledging party.
        recipient: PartyId,
        /// Whether the acknowledgement came after the deadline.
        late: bool,
    },
    /// The acknowledgement deadline passed with parties still silent: escalated to the
    /// supervisor and the sender.
    #[serde(rename = "message.escalated")]
    AcknowledgementOverdue {
        /// The message.
        message: MessageId,
        /// Its thread.
        thread: ThreadId,
        /// The parties that had not acknowledged.
        missing: BTreeSet<PartyId>,
        /// The deadline that passed.
        deadline: Timestamp,
    },
    /// A party's witness refused to cosign a checkpoint of the shared record: what it was shown
    /// does not extend what it vouched for before (history rewritten, truncated or forked). An
    /// alert to every party.
    #[serde(rename = "record.witness_refused")]
    WitnessRefused {
        /// The witness's key name.
        witness: String,
        /// The party whose witness it is.
        party: PartyId,
        /// Size of the checkpoint it refused.
        size: u64,
        /// Why, as the witness and the record keeper put it.
        reason: String,
    },
    /// De-escalation: zones, activities, incidents, crossings and deconfliction alerts.
    #[serde(rename = "deescalation")]
    Deescalation {
        /// What happened.
        event: crate::deescalation::DeescalationEvent,
    },
    /// Disputes: raised, acknowledged, answered, mediated, ruled, escalated.
    #[serde(rename = "dispute")]
    Dispute {
        /// What happened.
        event: crate::disputes::DisputeEvent,
    },
    /// The commercial register: proposed, moved along the pipeline, commented.
    #[serde(rename = "commercial")]
    Commercial {
        /// What happened.
        event: crate::commercial::CommercialEvent,
    },
    /// Intelligence sharing: reports, vetting, release and responses.
    #[serde(rename = "intel")]
    Intel {
        /// What happened.
        event: crate::intel::IntelEvent,
    },
    /// Commitments: proposals, approvals, milestones attested, verified and overdue.
    #[serde(rename = "commitments")]
    Commitments {
        /// What happened.
        event: crate::commitments::CommitmentsEvent,
    },
    /// Meetings, their minutes, and joint statements.
    #[serde(rename = "meetings")]
    Meetings {
        /// What happened.
        event: crate::meetings::MeetingsEvent,
    },
}

impl EventBody {
    /// The event's type name, e.g. `message.posted` (also the SSE event name).
    pub fn kind(&self) -> &'static str {
        match self {
            EventBody::CellConfigured { .. } => "cell.configured",
            EventBody::UserAdded { .. } => "user.added",
            EventBody::UserRolesChanged { .. } => "user.roles_changed",
            EventBody::UserDisabled { .. } => "user.disabled",
            EventBody::UserEnabled { .. } => "user.enabled",
            EventBody::PasswordSet { .. } => "user.password_set",
            EventBody::TotpChanged { .. } => "user.totp_changed",
            EventBody::ApiTokenIssued { .. } => "token.issued",
            EventBody::ApiTokenRevoked { .. } => "token.revoked",
            EventBody::ThreadOpened { .. } => "thread.opened",
            EventBody::MessagePosted { .. } => "message.posted",
            EventBody::TranslationAdded { .. } => "message.translated",
            EventBody::MessageDelivered { .. } => "message.delivered",
            EventBody::MessageRead { .. } => "message.read",
            EventBody::MessageAcknowledged { .. } => "message.acknowledged",
            EventBody::AcknowledgementOverdue { .. } => "message.escalated",
            EventBody::WitnessRefused { .. } => "record.witness_refused",
            EventBody::Deescalation { event } => event.kind(),
            EventBody::Dispute { event } => event.kind(),
            EventBody::Commercial { event } => event.kind(),
            EventBody::Intel { event } => event.kind(),
            EventBody::Commitments { event } => event.kind(),
            EventBody::Meetings { event } => event.kind(),
        }
    }
}

/// An event's bytes could not be read back.
#[derive(Debug, thiserror::Error)]
pub enum DecodeError {
    /// Not an event of any known shape.
    #[error("malformed event: {0}")]
    Malformed(#[from] serde_json::Error),
    /// Written by a newer version of the software.
    #[error("event schema {found} is newer than this software understands ({SCHEMA_VERSION})")]
    NewerSchema {
        /// The version found.
        found: u16,
    },
}

impl Event {
    /// The canonical bytes of the event (see the module documentation).
    pub fn to_canonical_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("events contain only serializable data")
    }

    /// Reads an event back from its canonical bytes.
    pub fn from_canonical_bytes(bytes: &[u8]) -> Result<Event, DecodeError> {
        let event: Event = serde_json::from_slice(bytes)?;
        if event.schema > SCHEMA_VERSION {
            return Err(DecodeError::NewerSchema {
                found: event.schema,
            });
        }
        Ok(event)
    }
}
