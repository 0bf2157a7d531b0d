//! Threads and messages of the hotline, with their receipts and acknowledgement deadlines.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::event::Audience;
use crate::ids::{MessageId, PartyId, ThreadId, TrackId, UserId};
use crate::language::LangText;
use crate::time::Timestamp;

/// How urgent a message is; it sets the acknowledgement deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Ordinary traffic.
    Routine,
    /// Needs attention within the hour.
    Priority,
    /// Needs acknowledgement within minutes (the hotline).
    Flash,
}

impl Priority {
    /// Every priority, least urgent first.
    pub const ALL: [Priority; 3] = [Priority::Routine, Priority::Priority, Priority::Flash];

    /// The priority's name as used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Routine => "routine",
            Priority::Priority => "priority",
            Priority::Flash => "flash",
        }
    }

    /// Parses a priority name.
    pub fn parse(text: &str) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.as_str() == text)
    }
}

/// A conversation on a track between some parties (or inside one party).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Thread {
    /// Random id.
    pub id: ThreadId,
    /// The track it belongs to.
    pub track: TrackId,
    /// What it is about, in its original language.
    pub subject: LangText,
    /// The parties in the conversation. One party alone makes an internal thread.
    pub participants: BTreeSet<PartyId>,
    /// Who may see it: the participants, plus the supervisor for cross-party threads.
    pub audience: Audience,
    /// Who opened it.
    pub opened_by: UserId,
    /// When it was opened.
    pub opened_at: Timestamp,
    /// Its messages, oldest first.
    pub messages: Vec<MessageId>,
    /// Time of the latest message (or the opening).
    pub last_activity: Timestamp,
}

impl Thread {
    /// Whether only one party takes part.
    pub fn is_internal(&self) -> bool {
        self.participants.len() == 1
    }
}

/// What one party has done with a message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Receipt {
    /// When the message first reached a user of the party.
    pub delivered_at: Option<Timestamp>,
    /// When a user of the party first opened it.
    pub read_at: Option<Timestamp>,
    /// When the party acknowledged receipt (receipt, not agreement).
    pub acknowledged_at: Option<Timestamp>,
    /// Who acknowledged it.
    pub acknowledged_by: Option<UserId>,
}

/// A translation of a message, labelled with who made it. The original stays authoritative.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Translation {
    /// The translated text and its language.
    pub text: LangText,
    /// Who translated.
    pub translator: UserId,
    /// The translator's party.
    pub translator_party: PartyId,
    /// When.
    pub at: Timestamp,
}

/// A message in a thread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Random id.
    pub id: MessageId,
    /// Its thread.
    pub thread: ThreadId,
    /// Position of the posting event in the shared record.
    pub log_index: u64,
    /// Who wrote it.
    pub author: UserId,
    /// The author's name at the time.
    pub author_name: String,
    /// The author's party.
    pub author_party: PartyId,
    /// The original text: authoritative.
    pub body: LangText,
    /// Urgency.
    pub priority: Priority,
    /// When it was posted.
    pub posted_at: Timestamp,
    /// Parties that must acknowledge it.
    pub addressed: BTreeSet<PartyId>,
    /// When acknowledgements are due (none for internal messages).
    pub deadline: Option<Timestamp>,
    /// Receipts per addressed party.
    pub receipts: BTreeMap<PartyId, Receipt>,
    /// Translations, in the order they were added.
    pub translations: Vec<Translation>,
    /// When the missed deadline escalated, if it did.
    pub escalated_at: Option<Timestamp>,
}

impl Message {
    /// Addressed parties that have not acknowledged yet.
    pub fn unacknowledged(&self) -> BTreeSet<PartyId> {
        self.addressed
            .iter()
            .filter(|p| {
                self.receipts
                    .get(*p)
                    .is_none_or(|r| r.acknowledged_at.is_none())
            })
            .cloned()
            .collect()
    }

    /// Whether `party` still owes an acknowledgement.
    pub fn awaits(&self, party: &PartyId) -> bool {
        self.addressed.contains(party)
            && self
                .receipts
                .get(party)
                .is_none_or(|r| r.acknowledged_at.is_none())
    }
}
