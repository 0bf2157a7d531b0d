//! What an actor asks of intelligence sharing, carried by [`crate::Command::Intel`].

use serde::{Deserialize, Serialize};

use super::ids::ReportId;
use super::report::{Opinion, ReportContent, Sanitized, SightingReport, Usefulness};
use crate::ids::TrackId;
use crate::language::LangText;

/// The supervisor's decision on a submitted version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case", deny_unknown_fields)]
pub enum VetDecision {
    /// Release it as written.
    Approve {
        /// A comment for the originator.
        comment: Option<LangText>,
    },
    /// Send it back to the originator.
    Return {
        /// What to change.
        comment: LangText,
    },
    /// Release these texts instead of the originator's; the originator sees both.
    ApproveSanitized {
        /// The texts to release.
        sanitized: Sanitized,
        /// A comment for the originator.
        comment: Option<LangText>,
    },
}

/// An intelligence command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IntelCommand {
    /// Draft a report of the actor's party.
    Draft {
        /// A fresh random id, made at the edge.
        report: ReportId,
        /// The track to share it on.
        track: TrackId,
        /// The draft.
        content: ReportContent,
    },
    /// Create a draft from fields already parsed from a partner's format (e.g. a STIX bundle).
    Import {
        /// The id (fresh, or derived from the imported object).
        report: ReportId,
        /// The track to share it on.
        track: TrackId,
        /// The fields.
        content: ReportContent,
        /// Where it came from, e.g. `stix`.
        source: String,
    },
    /// Revise a draft or a returned report.
    Edit {
        /// The report.
        report: ReportId,
        /// The revised text.
        content: ReportContent,
    },
    /// Submit the working version for release (vetted first when the track says so).
    Submit {
        /// The report.
        report: ReportId,
    },
    /// Vet a submitted version (the supervisor's approvers).
    Vet {
        /// The report.
        report: ReportId,
        /// The version vetted, so nobody vets a version they have not seen.
        version: u32,
        /// The decision.
        decision: VetDecision,
    },
    /// Acknowledge receipt of the current release for the actor's party.
    Acknowledge {
        /// The report.
        report: ReportId,
    },
    /// Say how useful the report was.
    Feedback {
        /// The report.
        report: ReportId,
        /// The verdict.
        usefulness: Usefulness,
        /// Why.
        comment: Option<LangText>,
    },
    /// Agree or disagree with the report.
    Corroborate {
        /// The report.
        report: ReportId,
        /// Agreement.
        opinion: Opinion,
        /// Why.
        comment: LangText,
    },
    /// Report a sighting of what the report describes.
    Sighting {
        /// The report.
        report: ReportId,
        /// What was seen.
        sighting: SightingReport,
    },
    /// Withdraw the report (the originator).
    Withdraw {
        /// The report.
        report: ReportId,
        /// Why.
        reason: LangText,
    },
    /// Correct a released report: a new version, released (after vetting when the track says
    /// so) in place of the current one.
    Correct {
        /// The report.
        report: ReportId,
        /// The corrected text.
        content: ReportContent,
    },
    /// Escalate a release whose acknowledgement deadline has passed (the cell's timer).
    Escalate {
        /// The report.
        report: ReportId,
    },
}
