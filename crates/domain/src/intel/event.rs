//! The intelligence events of the record, carried by [`crate::EventBody::Intel`]. Each event is
//! self-contained for its audience: a recipient's copy of a release carries the released text.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::ids::ReportId;
use super::report::{Opinion, ReportContent, Sanitized, SightingReport, Usefulness};
use crate::ids::{PartyId, TrackId};
use crate::language::LangText;
use crate::time::Timestamp;

/// What happened, in intelligence sharing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum IntelEvent {
    /// A party drafted a report (or imported one as a draft).
    #[serde(rename = "report.drafted")]
    Drafted {
        /// The report.
        report: ReportId,
        /// Its track.
        track: TrackId,
        /// The draft.
        content: ReportContent,
        /// Where it came from when imported (e.g. `stix`).
        imported_from: Option<String>,
    },
    /// The originator revised a draft or a returned report.
    #[serde(rename = "report.edited")]
    Edited {
        /// The report.
        report: ReportId,
        /// The new version.
        version: u32,
        /// The revised text.
        content: ReportContent,
    },
    /// The originator submitted a version for release.
    #[serde(rename = "report.submitted")]
    Submitted {
        /// The report.
        report: ReportId,
        /// Its track.
        track: TrackId,
        /// The version submitted.
        version: u32,
        /// Its text, for the supervisor who has not seen the draft.
        content: ReportContent,
    },
    /// The originator corrected a released report: a new version, submitted for release.
    #[serde(rename = "report.corrected")]
    Corrected {
        /// The report.
        report: ReportId,
        /// Its track.
        track: TrackId,
        /// The new version.
        version: u32,
        /// The corrected text.
        content: ReportContent,
    },
    /// The supervisor returned a submitted version with comments.
    #[serde(rename = "report.returned")]
    Returned {
        /// The report.
        report: ReportId,
        /// The version returned.
        version: u32,
        /// Why.
        comment: LangText,
    },
    /// The supervisor approved a submitted version, possibly with sanitized texts.
    #[serde(rename = "report.approved")]
    Approved {
        /// The report.
        report: ReportId,
        /// The version approved.
        version: u32,
        /// A comment.
        comment: Option<LangText>,
        /// The texts to release instead of the originator's.
        sanitized: Option<Sanitized>,
    },
    /// A version was released to the recipients.
    #[serde(rename = "report.released")]
    Released {
        /// The report.
        report: ReportId,
        /// Its track.
        track: TrackId,
        /// The originating party.
        originator: PartyId,
        /// The version released.
        version: u32,
        /// The text as released.
        content: ReportContent,
        /// Whether the text is the supervisor's sanitized one.
        sanitized: bool,
        /// Parties that must acknowledge it.
        recipients: BTreeSet<PartyId>,
        /// When acknowledgements are due.
        deadline: Option<Timestamp>,
    },
    /// A recipient party acknowledged receipt of a released version.
    #[serde(rename = "report.acknowledged")]
    Acknowledged {
        /// The report.
        report: ReportId,
        /// The version.
        version: u32,
        /// The acknowledging party.
        party: PartyId,
        /// Whether after the deadline.
        late: bool,
    },
    /// A recipient said how useful the report was.
    #[serde(rename = "report.feedback")]
    FeedbackGiven {
        /// The report.
        report: ReportId,
        /// The responding party.
        party: PartyId,
        /// The verdict.
        usefulness: Usefulness,
        /// Why.
        comment: Option<LangText>,
    },
    /// A recipient agreed or disagreed with the report.
    #[serde(rename = "report.corroborated")]
    Corroborated {
        /// The report.
        report: ReportId,
        /// The responding party.
        party: PartyId,
        /// Agreement.
        opinion: Opinion,
        /// Why.
        comment: LangText,
    },
    /// A recipient reported seeing what the report describes.
    #[serde(rename = "report.sighted")]
    Sighted {
        /// The report.
        report: ReportId,
        /// The reporting party.
        party: PartyId,
        /// What was seen.
        sighting: SightingReport,
    },
    /// The originator withdrew the report.
    #[serde(rename = "report.withdrawn")]
    Withdrawn {
        /// The report.
        report: ReportId,
        /// Why.
        reason: LangText,
    },
    /// The acknowledgement deadline passed with recipients silent: escalated to the supervisor.
    #[serde(rename = "report.escalated")]
    Escalated {
        /// The report.
        report: ReportId,
        /// The released version.
        version: u32,
        /// Recipients that had not acknowledged.
        missing: BTreeSet<PartyId>,
        /// The deadline that passed.
        deadline: Timestamp,
    },
}

impl IntelEvent {
    /// The event's type name, e.g. `report.released`.
    pub fn kind(&self) -> &'static str {
        match self {
            IntelEvent::Drafted { .. } => "report.drafted",
            IntelEvent::Edited { .. } => "report.edited",
            IntelEvent::Submitted { .. } => "report.submitted",
            IntelEvent::Corrected { .. } => "report.corrected",
            IntelEvent::Returned { .. } => "report.returned",
            IntelEvent::Approved { .. } => "report.approved",
            IntelEvent::Released { .. } => "report.released",
            IntelEvent::Acknowledged { .. } => "report.acknowledged",
            IntelEvent::FeedbackGiven { .. } => "report.feedback",
            IntelEvent::Corroborated { .. } => "report.corroborated",
            IntelEvent::Sighted { .. } => "report.sighted",
            IntelEvent::Withdrawn { .. } => "report.withdrawn",
            IntelEvent::Escalated { .. } => "report.escalated",
        }
    }

    /// The report the event is about.
    pub fn report(&self) -> &ReportId {
        match self {
            IntelEvent::Drafted { report, .. }
            | IntelEvent::Edited { report, .. }
            | IntelEvent::Submitted { report, .. }
            | IntelEvent::Corrected { report, .. }
            | IntelEvent::Returned { report, .. }
            | IntelEvent::Approved { report, .. }
            | IntelEvent::Released { report, .. }
            | IntelEvent::Acknowledged { report, .. }
            | IntelEvent::FeedbackGiven { report, .. }
            | IntelEvent::Corroborated { report, .. }
            | IntelEvent::Sighted { report, .. }
            | IntelEvent::Withdrawn { report, .. }
            | IntelEvent::Escalated { report, .. } => report,
        }
    }
}
