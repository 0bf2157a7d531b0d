//! The meeting and joint-statement events of the record, carried by
//! [`crate::EventBody::Meetings`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{MeetingId, StatementId};
use crate::ids::PartyId;
use crate::language::LangText;
use crate::time::Timestamp;

/// What happened to a meeting or a joint statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum MeetingsEvent {
    /// A meeting was scheduled.
    #[serde(rename = "meeting.scheduled")]
    MeetingScheduled {
        /// The meeting.
        meeting: MeetingId,
        /// What it is.
        title: LangText,
        /// When it starts.
        starts_at: Timestamp,
        /// When it ends.
        ends_at: Timestamp,
        /// Where.
        place: String,
        /// The parties taking part.
        participants: BTreeSet<PartyId>,
        /// The agenda.
        agenda: Vec<LangText>,
    },
    /// The supervisor drafted (a new revision of) the minutes; every approval starts afresh.
    #[serde(rename = "minutes.drafted")]
    MinutesDrafted {
        /// The meeting.
        meeting: MeetingId,
        /// The revision, from 1.
        revision: u32,
        /// The text.
        text: LangText,
        /// Parties whose approval agrees them.
        approvers: BTreeSet<PartyId>,
    },
    /// A party approved a revision of the minutes.
    #[serde(rename = "minutes.approved")]
    MinutesApproved {
        /// The meeting.
        meeting: MeetingId,
        /// The revision approved.
        revision: u32,
        /// The approving party.
        party: PartyId,
    },
    /// Every party approved: these minutes are agreed.
    #[serde(rename = "minutes.agreed")]
    MinutesAgreed {
        /// The meeting.
        meeting: MeetingId,
        /// The revision agreed.
        revision: u32,
    },
    /// The supervisor drafted a joint statement, or changed its title or authoritative language.
    #[serde(rename = "statement.drafted")]
    StatementDrafted {
        /// The statement.
        statement: StatementId,
        /// The new revision, from 1.
        revision: u32,
        /// Its title.
        title: LangText,
        /// The meeting it comes from.
        meeting: Option<MeetingId>,
        /// The authoritative language.
        authoritative: String,
        /// Parties whose approval of every version allows publication.
        approvers: BTreeSet<PartyId>,
    },
    /// The supervisor set the text of one language version; every approval starts afresh.
    #[serde(rename = "statement.text_set")]
    StatementTextSet {
        /// The statement.
        statement: StatementId,
        /// The new revision.
        revision: u32,
        /// The language version.
        lang: String,
        /// Its text.
        text: String,
    },
    /// A party approved one language version of a revision.
    #[serde(rename = "statement.approved")]
    StatementApproved {
        /// The statement.
        statement: StatementId,
        /// The revision approved.
        revision: u32,
        /// The language version approved.
        lang: String,
        /// The approving party.
        party: PartyId,
    },
    /// The statement was published; it never changes again.
    #[serde(rename = "statement.published")]
    StatementPublished {
        /// The statement.
        statement: StatementId,
        /// The revision published.
        revision: u32,
    },
}

impl MeetingsEvent {
    /// The event's type name (also the SSE event name).
    pub fn kind(&self) -> &'static str {
        match self {
            MeetingsEvent::MeetingScheduled { .. } => "meeting.scheduled",
            MeetingsEvent::MinutesDrafted { .. } => "minutes.drafted",
            MeetingsEvent::MinutesApproved { .. } => "minutes.approved",
            MeetingsEvent::MinutesAgreed { .. } => "minutes.agreed",
            MeetingsEvent::StatementDrafted { .. } => "statement.drafted",
            MeetingsEvent::StatementTextSet { .. } => "statement.text_set",
            MeetingsEvent::StatementApproved { .. } => "statement.approved",
            MeetingsEvent::StatementPublished { .. } => "statement.published",
        }
    }
}
