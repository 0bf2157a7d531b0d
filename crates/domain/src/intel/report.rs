//! What a report says, how it is checked, and the record the state keeps of it.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::ids::{RelatedId, ReportId};
use super::marking::{Credibility, Reliability, Tlp};
use super::place::Place;
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::Audience;
use crate::ids::{PartyId, TrackId, UserId};
use crate::language::{LangText, check_language, check_text};
use crate::time::{Span, Timestamp};

/// Longest title, in characters.
pub const MAX_TITLE: usize = 200;
/// Longest summary, in characters.
pub const MAX_SUMMARY: usize = 2_000;
/// Longest body, in characters.
pub const MAX_BODY: usize = 20_000;
/// Longest comment (vetting, feedback, corroboration, sighting, withdrawal), in characters.
pub const MAX_COMMENT: usize = 4_000;
/// Most attachments of a report.
pub const MAX_ATTACHMENTS: usize = 20;
/// Most related records of a report.
pub const MAX_RELATED: usize = 50;
/// Longest attachment link or name, in characters.
pub const MAX_LINK: usize = 2_000;
/// How far ahead of the cell's clock a report's or sighting's time may be.
pub const CLOCK_SKEW: Span = Span::minutes(5);

/// A link to a file kept elsewhere, with the SHA-256 of its content so recipients can check it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// What it is.
    pub name: String,
    /// Where it is (`https://` or `http://`).
    pub url: String,
    /// SHA-256 of the content, 64 lowercase hexadecimal digits.
    pub sha256: String,
}

/// Everything the originator writes in a report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportContent {
    /// Title.
    pub title: LangText,
    /// Summary.
    pub summary: LangText,
    /// Full text.
    pub body: LangText,
    /// When what it reports happened (or was observed).
    pub occurred_at: Timestamp,
    /// Where, if it concerns a place.
    pub place: Option<Place>,
    /// TLP 2.0 marking.
    pub tlp: Tlp,
    /// The parties it may be released to, besides the originator (the supervisor always sees a
    /// report that leaves its originator).
    pub releasable_to: BTreeSet<PartyId>,
    /// Admiralty source reliability.
    pub reliability: Reliability,
    /// Admiralty information credibility.
    pub credibility: Credibility,
    /// Links to attached files.
    pub attachments: Vec<Attachment>,
    /// Records it relates to.
    pub related: BTreeSet<RelatedId>,
}

/// The texts a supervisor may replace when approving a sanitized version; the marking, grading
/// and releasability stay the originator's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sanitized {
    /// Title as released.
    pub title: LangText,
    /// Summary as released.
    pub summary: LangText,
    /// Body as released.
    pub body: LangText,
}

impl Sanitized {
    /// `content` with these texts instead of its own.
    pub fn apply_to(&self, content: &ReportContent) -> ReportContent {
        ReportContent {
            title: self.title.clone(),
            summary: self.summary.clone(),
            body: self.body.clone(),
            ..content.clone()
        }
    }
}

fn check_lang_text(
    field: &str,
    t: &LangText,
    max: usize,
    config: &CellConfig,
) -> Result<(), DomainError> {
    check_language(&format!("{field}.lang"), &t.lang, &config.languages)?;
    check_text(&format!("{field}.text"), &t.text, max)
}

/// Checks a comment of a vetting decision or a recipient's response.
pub fn check_comment(field: &str, t: &LangText, config: &CellConfig) -> Result<(), DomainError> {
    check_lang_text(field, t, MAX_COMMENT, config)
}

impl Sanitized {
    /// Checks the texts.
    pub fn check(&self, config: &CellConfig) -> Result<(), DomainError> {
        check_lang_text("sanitized.title", &self.title, MAX_TITLE, config)?;
        check_lang_text("sanitized.summary", &self.summary, MAX_SUMMARY, config)?;
        check_lang_text("sanitized.body", &self.body, MAX_BODY, config)
    }
}

impl ReportContent {
    /// Checks every field, naming the one at fault. `originator` may not be in its own
    /// releasability list (it always sees its report).
    pub fn check(
        &self,
        config: &CellConfig,
        originator: &PartyId,
        now: Timestamp,
    ) -> Result<(), DomainError> {
        check_lang_text("title", &self.title, MAX_TITLE, config)?;
        check_lang_text("summary", &self.summary, MAX_SUMMARY, config)?;
        check_lang_text("body", &self.body, MAX_BODY, config)?;
        if self.occurred_at > now.plus(CLOCK_SKEW) {
            return Err(DomainError::invalid("occurred_at", "is in the future"));
        }
        for p in &self.releasable_to {
            if config.party(p).is_none() {
                return Err(DomainError::invalid(
                    "releasable_to",
                    format!("`{p}` is not a party of this cell"),
                ));
            }
            if p == originator {
                return Err(DomainError::invalid(
                    "releasable_to",
                    "lists the originating party, which always sees its own reports",
                ));
            }
        }
        if self.attachments.len() > MAX_ATTACHMENTS {
            return Err(DomainError::invalid(
                "attachments",
                format!("at most {MAX_ATTACHMENTS} attachments"),
            ));
        }
        for (i, a) in self.attachments.iter().enumerate() {
            a.check(&format!("attachments[{i}]"))?;
        }
        if self.related.len() > MAX_RELATED {
            return Err(DomainError::invalid(
                "related",
                format!("at most {MAX_RELATED} related records"),
            ));
        }
        Ok(())
    }
}

impl Attachment {
    fn check(&self, field: &str) -> Result<(), DomainError> {
        check_text(&format!("{field}.name"), &self.name, MAX_LINK)?;
        check_text(&format!("{field}.url"), &self.url, MAX_LINK)?;
        if !(self.url.starts_with("https://") || self.url.starts_with("http://"))
            || self.url.chars().any(char::is_whitespace)
        {
            return Err(DomainError::invalid(
                &format!("{field}.url"),
                "must be an http:// or https:// link without spaces",
            ));
        }
        if self.sha256.len() != 64
            || !self
                .sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(DomainError::invalid(
                &format!("{field}.sha256"),
                "must be 64 lowercase hexadecimal digits",
            ));
        }
        Ok(())
    }
}

/// Where a report is in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    /// Being written; only the originator's party sees it.
    Draft,
    /// Submitted (or a correction submitted), awaiting the supervisor's vetting.
    Submitted,
    /// Returned by the supervisor with comments, for the originator to revise.
    Returned,
    /// Released to the recipients.
    Released,
    /// Withdrawn by the originator.
    Withdrawn,
}

impl ReportStage {
    /// The stage's name as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStage::Draft => "draft",
            ReportStage::Submitted => "submitted",
            ReportStage::Returned => "returned",
            ReportStage::Released => "released",
            ReportStage::Withdrawn => "withdrawn",
        }
    }

    /// Parses a stage name.
    pub fn parse(text: &str) -> Option<ReportStage> {
        [
            ReportStage::Draft,
            ReportStage::Submitted,
            ReportStage::Returned,
            ReportStage::Released,
            ReportStage::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A version of a report's text, with who may see it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Versioned {
    /// Version number, from 1; every edit or correction takes the next one.
    pub version: u32,
    /// The content.
    pub content: ReportContent,
    /// Who wrote this version.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Whether it is the supervisor's sanitized text rather than the originator's.
    pub sanitized: bool,
    /// Who may see it.
    pub audience: Audience,
}

/// The supervisor's vetting decision on a submitted version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VetStep {
    /// The version vetted.
    pub version: u32,
    /// `approved`, `sanitized` or `returned`.
    pub decision: &'static str,
    /// The supervisor's comment.
    pub comment: Option<LangText>,
    /// The sanitized texts, when approved sanitized.
    pub sanitized: Option<Sanitized>,
    /// Who vetted.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Who may see it: the originator and the supervisor.
    pub audience: Audience,
}

/// A recipient party's acknowledgement of receipt of a released version.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Acknowledgement {
    /// The version acknowledged.
    pub version: u32,
    /// Who acknowledged.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Whether after the deadline.
    pub late: bool,
    /// Who may see it.
    pub audience: Audience,
}

/// How useful a recipient found a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Usefulness {
    /// Useful.
    Useful,
    /// Not useful.
    NotUseful,
    /// The recipient knew it already.
    AlreadyKnown,
}

/// A recipient's feedback.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Feedback {
    /// The responding party.
    pub party: PartyId,
    /// Who.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// The verdict.
    pub usefulness: Usefulness,
    /// Why.
    pub comment: Option<LangText>,
    /// Who may see it.
    pub audience: Audience,
}

/// Agreement with a report, as STIX 2.1 opinions grade it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Opinion {
    /// Strongly disagrees.
    StronglyDisagree,
    /// Disagrees.
    Disagree,
    /// Neither.
    Neutral,
    /// Agrees.
    Agree,
    /// Strongly agrees.
    StronglyAgree,
}

impl Opinion {
    /// Every grade, STIX order.
    pub const ALL: [Opinion; 5] = [
        Opinion::StronglyDisagree,
        Opinion::Disagree,
        Opinion::Neutral,
        Opinion::Agree,
        Opinion::StronglyAgree,
    ];

    /// The STIX name, e.g. `strongly-agree`.
    pub fn as_str(self) -> &'static str {
        match self {
            Opinion::StronglyDisagree => "strongly-disagree",
            Opinion::Disagree => "disagree",
            Opinion::Neutral => "neutral",
            Opinion::Agree => "agree",
            Opinion::StronglyAgree => "strongly-agree",
        }
    }
}

/// A recipient's corroboration (or contradiction) of a report.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Corroboration {
    /// The responding party.
    pub party: PartyId,
    /// Who.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
    /// Agreement.
    pub opinion: Opinion,
    /// Why.
    pub comment: LangText,
    /// Who may see it.
    pub audience: Audience,
}

/// What a recipient saw of what the report describes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SightingReport {
    /// How many times (at least 1).
    pub count: u32,
    /// First seen.
    pub first_seen: Timestamp,
    /// Last seen (not before `first_seen`).
    pub last_seen: Timestamp,
    /// Where, if known.
    pub place: Option<Place>,
    /// A note.
    pub note: Option<LangText>,
}

impl SightingReport {
    /// Checks the fields.
    pub fn check(&self, config: &CellConfig, now: Timestamp) -> Result<(), DomainError> {
        if self.count == 0 {
            return Err(DomainError::invalid("count", "must be at least 1"));
        }
        if self.last_seen < self.first_seen {
            return Err(DomainError::invalid("last_seen", "is before first_seen"));
        }
        if self.last_seen > now.plus(CLOCK_SKEW) {
            return Err(DomainError::invalid("last_seen", "is in the future"));
        }
        if let Some(note) = &self.note {
            check_comment("note", note, config)?;
        }
        Ok(())
    }
}

/// A recipient's sighting.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sighting {
    /// The reporting party.
    pub party: PartyId,
    /// Who.
    pub by: UserId,
    /// When it was reported.
    pub at: Timestamp,
    /// What was seen.
    pub sighting: SightingReport,
    /// Who may see it.
    pub audience: Audience,
}

/// A report as the state keeps it: every version and response, each with its own audience, so
/// that reads filter them one by one ([`crate::intel::queries`]).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ReportRecord {
    /// Id.
    pub id: ReportId,
    /// The track it is shared on.
    pub track: TrackId,
    /// The originating party.
    pub originator: PartyId,
    /// The user who drafted it.
    pub author: UserId,
    /// When it was drafted.
    pub created_at: Timestamp,
    /// Where it came from when imported (e.g. `stix`), if it was.
    pub imported_from: Option<String>,
    /// Where it is in its lifecycle.
    pub stage: ReportStage,
    /// The originator's versions, oldest first; the last is the working text.
    pub versions: Vec<Versioned>,
    /// Vetting decisions, oldest first.
    pub vetting: Vec<VetStep>,
    /// Released versions as the recipients received them (sanitized if so), oldest first.
    pub released: Vec<Versioned>,
    /// Recipient parties of the current release that must acknowledge it.
    pub recipients: BTreeSet<PartyId>,
    /// Acknowledgements of the current release by party.
    pub acknowledgements: BTreeMap<PartyId, Acknowledgement>,
    /// When acknowledgements of the current release are due.
    pub deadline: Option<Timestamp>,
    /// When the current release escalated for missing acknowledgements.
    pub escalated_at: Option<Timestamp>,
    /// Recipients' feedback.
    pub feedback: Vec<Feedback>,
    /// Recipients' corroborations.
    pub corroborations: Vec<Corroboration>,
    /// Recipients' sightings.
    pub sightings: Vec<Sighting>,
    /// When and why it was withdrawn.
    pub withdrawn: Option<(Timestamp, LangText)>,
    /// Who may see that the report exists (see [`crate::intel::release`]).
    pub audience: Audience,
    /// Record index of its last event, for ordering lists by recency.
    pub last_index: u64,
}

impl ReportRecord {
    /// The originator's working text.
    pub fn working(&self) -> &Versioned {
        self.versions
            .last()
            .expect("a report has a version from its draft")
    }

    /// The version released last, if any.
    pub fn current_release(&self) -> Option<&Versioned> {
        self.released.last()
    }

    /// Recipient parties that have not acknowledged the current release.
    pub fn unacknowledged(&self) -> BTreeSet<PartyId> {
        self.recipients
            .iter()
            .filter(|p| !self.acknowledgements.contains_key(*p))
            .cloned()
            .collect()
    }

    /// Whether `party` owes an acknowledgement of the current release.
    pub fn awaits(&self, party: &PartyId) -> bool {
        self.stage != ReportStage::Withdrawn
            && self.recipients.contains(party)
            && !self.acknowledgements.contains_key(party)
    }
}
