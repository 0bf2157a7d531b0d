//! What the API returns and accepts, with their OpenAPI schemas. Domain types stay free of HTTP
//! concerns; these views translate them.

use std::collections::BTreeMap;

use fusioncell_domain::message::{Receipt, Translation};
use fusioncell_domain::{LangText, Message, PartyId, Thread, Timestamp, User};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::ApiError;

/// A text and its language.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextView {
    /// BCP 47 primary tag, one of the cell's languages, e.g. `ar`.
    #[schema(example = "en")]
    pub lang: String,
    /// The text, exactly as written.
    pub text: String,
}

impl From<&LangText> for TextView {
    fn from(t: &LangText) -> TextView {
        TextView {
            lang: t.lang.clone(),
            text: t.text.clone(),
        }
    }
}

impl From<TextView> for LangText {
    fn from(t: TextView) -> LangText {
        LangText {
            lang: t.lang,
            text: t.text,
        }
    }
}

fn time(t: Timestamp) -> String {
    t.to_rfc3339()
}

/// A thread.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadView {
    /// Id.
    pub id: String,
    /// Track id.
    pub track: String,
    /// Subject in its original language.
    pub subject: TextView,
    /// Parties in the conversation.
    pub participants: Vec<String>,
    /// Whether only one party takes part (invisible to everyone else).
    pub internal: bool,
    /// Who opened it.
    pub opened_by: String,
    /// When (RFC 3339).
    pub opened_at: String,
    /// Time of the latest message (RFC 3339).
    pub last_activity: String,
    /// Number of messages.
    pub message_count: usize,
}

impl From<&Thread> for ThreadView {
    fn from(t: &Thread) -> ThreadView {
        ThreadView {
            id: t.id.to_string(),
            track: t.track.to_string(),
            subject: (&t.subject).into(),
            participants: t.participants.iter().map(PartyId::to_string).collect(),
            internal: t.is_internal(),
            opened_by: t.opened_by.to_string(),
            opened_at: time(t.opened_at),
            last_activity: time(t.last_activity),
            message_count: t.messages.len(),
        }
    }
}

/// A party's receipts for a message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptView {
    /// First delivery to a user of the party.
    pub delivered_at: Option<String>,
    /// First opened by a user of the party.
    pub read_at: Option<String>,
    /// Acknowledged (receipt, not agreement).
    pub acknowledged_at: Option<String>,
    /// Who acknowledged.
    pub acknowledged_by: Option<String>,
}

impl From<&Receipt> for ReceiptView {
    fn from(r: &Receipt) -> ReceiptView {
        ReceiptView {
            delivered_at: r.delivered_at.map(time),
            read_at: r.read_at.map(time),
            acknowledged_at: r.acknowledged_at.map(time),
            acknowledged_by: r.acknowledged_by.as_ref().map(ToString::to_string),
        }
    }
}

/// A translation, labelled with its translator. The original stays authoritative.
#[derive(Debug, Serialize, ToSchema)]
pub struct TranslationView {
    /// The translated text.
    pub text: TextView,
    /// Who translated.
    pub translator: String,
    /// The translator's party.
    pub translator_party: String,
    /// When.
    pub at: String,
}

impl From<&Translation> for TranslationView {
    fn from(t: &Translation) -> TranslationView {
        TranslationView {
            text: (&t.text).into(),
            translator: t.translator.to_string(),
            translator_party: t.translator_party.to_string(),
            at: time(t.at),
        }
    }
}

/// A message with its receipts and translations.
#[derive(Debug, Serialize, ToSchema)]
pub struct MessageView {
    /// Id.
    pub id: String,
    /// Thread id.
    pub thread: String,
    /// Position of its posting in the shared record.
    pub log_index: u64,
    /// Author's user id.
    pub author: String,
    /// Author's name at the time.
    pub author_name: String,
    /// Author's party.
    pub author_party: String,
    /// The original text: authoritative.
    pub body: TextView,
    /// `routine`, `priority` or `flash`.
    pub priority: String,
    /// When it was posted.
    pub posted_at: String,
    /// Parties that must acknowledge it.
    pub addressed: Vec<String>,
    /// Acknowledgement deadline.
    pub deadline: Option<String>,
    /// Addressed parties that have not acknowledged yet.
    pub awaiting: Vec<String>,
    /// Receipts per addressed party.
    pub receipts: BTreeMap<String, ReceiptView>,
    /// Translations, oldest first.
    pub translations: Vec<TranslationView>,
    /// When the missed deadline escalated.
    pub escalated_at: Option<String>,
}

impl From<&Message> for MessageView {
    fn from(m: &Message) -> MessageView {
        MessageView {
            id: m.id.to_string(),
            thread: m.thread.to_string(),
            log_index: m.log_index,
            author: m.author.to_string(),
            author_name: m.author_name.clone(),
            author_party: m.author_party.to_string(),
            body: (&m.body).into(),
            priority: m.priority.as_str().into(),
            posted_at: time(m.posted_at),
            addressed: m.addressed.iter().map(ToString::to_string).collect(),
            deadline: m.deadline.map(time),
            awaiting: m.unacknowledged().iter().map(ToString::to_string).collect(),
            receipts: m
                .receipts
                .iter()
                .map(|(p, r)| (p.to_string(), r.into()))
                .collect(),
            translations: m.translations.iter().map(Into::into).collect(),
            escalated_at: m.escalated_at.map(time),
        }
    }
}

/// A user account.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    /// Login name.
    pub id: String,
    /// Name shown to others.
    pub display_name: String,
    /// Party.
    pub party: String,
    /// Roles.
    pub roles: Vec<String>,
    /// Whether the account is disabled.
    pub disabled: bool,
}

impl From<&User> for UserView {
    fn from(u: &User) -> UserView {
        UserView {
            id: u.id.to_string(),
            display_name: u.display_name.clone(),
            party: u.party.to_string(),
            roles: u.roles.iter().map(|r| r.as_str().to_string()).collect(),
            disabled: u.disabled,
        }
    }
}

/// Where a write landed in the shared record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordRef {
    /// Indices of the events the write committed, in order (empty when nothing changed).
    pub indices: Vec<u64>,
    /// Where to fetch each event's receipt (C2SP tlog-proof), once a checkpoint covers it.
    #[schema(example = json!(["/api/v1/log/receipts/42"]))]
    pub receipts: Vec<String>,
}

/// Parses an id of the domain from a request field: 422 naming the field when invalid.
pub fn parse_id<T>(
    field: &str,
    text: &str,
    make: impl Fn(&str) -> Option<T>,
) -> Result<T, ApiError> {
    make(text).ok_or_else(|| {
        ApiError::invalid(
            field,
            format!("`{text}` is not a valid id (1-64 of a-z 0-9 . _ -)"),
        )
    })
}

/// Parses an id from the URL path: a malformed id names no record, so 404.
pub fn path_id<T>(what: &str, text: &str, make: impl Fn(&str) -> Option<T>) -> Result<T, ApiError> {
    make(text).ok_or_else(|| ApiError::not_found(what, text))
}
