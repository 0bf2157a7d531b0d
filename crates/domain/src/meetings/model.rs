//! The records of meetings, minutes and joint statements.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::commitments::Approval;
use crate::event::Audience;
use crate::ids::{PartyId, UserId, id_type, is_valid_id};
use crate::language::LangText;
use crate::time::Timestamp;

id_type!(
    /// A meeting; random, made at the edge (or chosen by the demo).
    MeetingId
);
id_type!(
    /// A joint statement; random, made at the edge (or chosen by the demo).
    StatementId
);

/// Longest meeting or statement title, or place, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest agenda item, in characters.
pub const MAX_ITEM: usize = 1_000;
/// Most agenda items.
pub const MAX_AGENDA: usize = 50;
/// Longest minutes or statement text, in characters.
pub const MAX_BODY: usize = 50_000;

/// A meeting and its minutes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Meeting {
    /// Id.
    pub id: MeetingId,
    /// What it is.
    pub title: LangText,
    /// When it starts.
    pub starts_at: Timestamp,
    /// When it ends.
    pub ends_at: Timestamp,
    /// Where.
    pub place: String,
    /// The parties taking part.
    pub participants: BTreeSet<PartyId>,
    /// The agenda, in order.
    pub agenda: Vec<LangText>,
    /// Who scheduled it.
    pub scheduled_by: UserId,
    /// Every revision of the minutes, oldest first.
    pub minutes: Vec<Minutes>,
    /// Who may see it: the participants and the supervisor.
    pub audience: Audience,
}

impl Meeting {
    /// The latest revision of the minutes.
    pub fn current_minutes(&self) -> Option<&Minutes> {
        self.minutes.last()
    }
}

/// One revision of a meeting's minutes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Minutes {
    /// Revision number, from 1.
    pub revision: u32,
    /// The text.
    pub text: LangText,
    /// Who drafted it.
    pub drafted_by: UserId,
    /// When.
    pub drafted_at: Timestamp,
    /// Parties whose approval agrees it.
    pub approvers: BTreeSet<PartyId>,
    /// Approvals so far.
    pub approvals: BTreeMap<PartyId, Approval>,
    /// When the last approval came in.
    pub agreed_at: Option<Timestamp>,
}

impl Minutes {
    /// Parties whose approval is still missing.
    pub fn awaiting(&self) -> BTreeSet<PartyId> {
        self.approvers
            .iter()
            .filter(|p| !self.approvals.contains_key(*p))
            .cloned()
            .collect()
    }
}

/// A joint statement with its language versions.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Statement {
    /// Id.
    pub id: StatementId,
    /// What it is called.
    pub title: LangText,
    /// The meeting it comes from, if any.
    pub meeting: Option<MeetingId>,
    /// The language whose version is authoritative.
    pub authoritative: String,
    /// Bumped at every change; approvals are of a revision.
    pub revision: u32,
    /// The text of each language version.
    pub versions: BTreeMap<String, String>,
    /// Parties whose approval of every version allows publication.
    pub approvers: BTreeSet<PartyId>,
    /// Approvals of the current revision, by language, then party.
    pub approvals: BTreeMap<String, BTreeMap<PartyId, Approval>>,
    /// Who drafted it.
    pub drafted_by: UserId,
    /// When it was published; after that it never changes.
    pub published_at: Option<Timestamp>,
    /// Who may see it: every party.
    pub audience: Audience,
}

impl Statement {
    /// The approvals missing for version `lang` of the current revision.
    pub fn awaiting(&self, lang: &str) -> BTreeSet<PartyId> {
        let given = self.approvals.get(lang);
        self.approvers
            .iter()
            .filter(|p| given.is_none_or(|g| !g.contains_key(*p)))
            .cloned()
            .collect()
    }

    /// Whether every version in `languages` exists and is approved by every approver.
    pub fn ready(&self, languages: &[String]) -> bool {
        languages
            .iter()
            .all(|l| self.versions.contains_key(l) && self.awaiting(l).is_empty())
    }
}
