//! The records of commitments: versions, milestones, their progress and its history.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::error::DomainError;
use crate::event::Audience;
use crate::ids::{PartyId, TrackId, UserId, id_type, is_valid_id};
use crate::language::{LangText, check_language, check_text};
use crate::time::Timestamp;
use std::fmt;

id_type!(
    /// A commitment; random, made at the edge (or chosen by the demo).
    CommitmentId
);
id_type!(
    /// A milestone within a commitment, chosen by the proposer (e.g. `m1`); versions keep it.
    MilestoneId
);

/// Longest commitment or milestone title, in characters.
pub const MAX_TITLE: usize = 300;
/// Longest evidence or reason text, in characters.
pub const MAX_EVIDENCE: usize = 5_000;
/// Most milestones in one commitment.
pub const MAX_MILESTONES: usize = 50;
/// Most links in one piece of evidence.
pub const MAX_LINKS: usize = 20;
/// Longest link (a URL or a record id), in characters.
pub const MAX_LINK: usize = 500;

/// A milestone as a version of the commitment states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MilestoneDraft {
    /// Its id within the commitment.
    pub id: MilestoneId,
    /// What is to be done.
    pub title: LangText,
    /// When it is due.
    pub due: Timestamp,
}

/// What the owner shows for a milestone: a text and links to documents or record ids.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Evidence {
    /// What was done, in the writer's language.
    pub text: LangText,
    /// URLs or ids of records (messages, incidents, activities) that show it.
    pub links: Vec<String>,
}

/// One party's approval of a version.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Approval {
    /// The approving officer.
    pub by: UserId,
    /// When.
    pub at: Timestamp,
}

/// One proposed version of a commitment's text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CommitmentVersion {
    /// Version number, from 1.
    pub version: u32,
    /// What is committed to.
    pub title: LangText,
    /// Its milestones.
    pub milestones: Vec<MilestoneDraft>,
    /// Who proposed it.
    pub proposed_by: UserId,
    /// When.
    pub proposed_at: Timestamp,
    /// Parties whose approval puts it in force: every party of the cell.
    pub approvers: BTreeSet<PartyId>,
    /// Approvals so far.
    pub approvals: BTreeMap<PartyId, Approval>,
    /// When it came into force.
    pub in_force_at: Option<Timestamp>,
}

impl CommitmentVersion {
    /// Parties whose approval is still missing.
    pub fn awaiting(&self) -> BTreeSet<PartyId> {
        self.approvers
            .iter()
            .filter(|p| !self.approvals.contains_key(*p))
            .cloned()
            .collect()
    }

    /// Milestone `id` of this version.
    pub fn milestone(&self, id: &MilestoneId) -> Option<&MilestoneDraft> {
        self.milestones.iter().find(|m| &m.id == id)
    }
}

/// Where a milestone stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    /// Not yet attested (or attested and not verified).
    #[default]
    Open,
    /// Attested done by the owner; awaiting the supervisor.
    Attested,
    /// Verified by the supervisor.
    Verified,
}

impl MilestoneStatus {
    /// The status's name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Open => "open",
            MilestoneStatus::Attested => "attested",
            MilestoneStatus::Verified => "verified",
        }
    }
}

/// One step in a milestone's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The owner attested it done.
    Attested {
        /// Who.
        by: UserId,
        /// When.
        at: Timestamp,
        /// What they showed.
        evidence: Evidence,
        /// Whether it came after the due date.
        late: bool,
    },
    /// The supervisor verified it.
    Verified {
        /// Who.
        by: UserId,
        /// When.
        at: Timestamp,
    },
    /// The supervisor did not verify it, and why.
    NotVerified {
        /// Who.
        by: UserId,
        /// When.
        at: Timestamp,
        /// Why.
        reason: LangText,
    },
    /// Its due date passed while it was open; every party was alerted.
    Overdue {
        /// When the alert was raised.
        at: Timestamp,
        /// The due date that passed.
        due: Timestamp,
    },
}

/// A milestone's progress, kept by milestone id across versions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Progress {
    /// Where it stands.
    pub status: MilestoneStatus,
    /// Everything that happened to it, oldest first.
    pub history: Vec<Step>,
    /// The due date whose passing was escalated, so each due date escalates once.
    pub escalated_for: Option<Timestamp>,
}

/// Where a commitment stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommitmentStatus {
    /// No version approved by all yet.
    Proposed,
    /// A version is in force with milestones to go.
    InForce,
    /// Every milestone of the version in force is verified.
    Completed,
}

impl CommitmentStatus {
    /// The status's name in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            CommitmentStatus::Proposed => "proposed",
            CommitmentStatus::InForce => "in_force",
            CommitmentStatus::Completed => "completed",
        }
    }

    /// Parses a status name.
    pub fn parse(text: &str) -> Option<CommitmentStatus> {
        [
            CommitmentStatus::Proposed,
            CommitmentStatus::InForce,
            CommitmentStatus::Completed,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// A commitment with all its versions and the progress of its milestones.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Commitment {
    /// Id.
    pub id: CommitmentId,
    /// The party that commits.
    pub owner: PartyId,
    /// The party it is owed to.
    pub beneficiary: PartyId,
    /// Its track.
    pub track: TrackId,
    /// Every version, oldest first (version `n` at index `n - 1`).
    pub versions: Vec<CommitmentVersion>,
    /// The version in force, if any was approved by all.
    pub in_force: Option<u32>,
    /// Progress by milestone id.
    pub progress: BTreeMap<MilestoneId, Progress>,
    /// Who may see it: every party.
    pub audience: Audience,
}

impl Commitment {
    /// Version `n`.
    pub fn version(&self, n: u32) -> Option<&CommitmentVersion> {
        self.versions.get((n as usize).checked_sub(1)?)
    }

    /// The latest version proposed.
    pub fn latest(&self) -> &CommitmentVersion {
        self.versions
            .last()
            .expect("a commitment exists from its first version")
    }

    /// The version in force.
    pub fn current(&self) -> Option<&CommitmentVersion> {
        self.in_force.and_then(|n| self.version(n))
    }

    /// The version to show: the one in force, else the latest proposal.
    pub fn shown(&self) -> &CommitmentVersion {
        self.current().unwrap_or_else(|| self.latest())
    }

    /// The latest version when it still awaits approvals (a proposal or a pending revision).
    pub fn pending(&self) -> Option<&CommitmentVersion> {
        let latest = self.latest();
        (latest.in_force_at.is_none()).then_some(latest)
    }

    /// A milestone's status (open if nothing happened to it yet).
    pub fn milestone_status(&self, id: &MilestoneId) -> MilestoneStatus {
        self.progress.get(id).map(|p| p.status).unwrap_or_default()
    }

    /// Whether milestone `m` of the version in force is open past its due date at `now`.
    pub fn is_overdue(&self, m: &MilestoneDraft, now: Timestamp) -> bool {
        self.in_force.is_some()
            && self.milestone_status(&m.id) == MilestoneStatus::Open
            && m.due <= now
    }

    /// Where it stands.
    pub fn status(&self) -> CommitmentStatus {
        match self.current() {
            None => CommitmentStatus::Proposed,
            Some(v)
                if v.milestones
                    .iter()
                    .all(|m| self.milestone_status(&m.id) == MilestoneStatus::Verified) =>
            {
                CommitmentStatus::Completed
            }
            Some(_) => CommitmentStatus::InForce,
        }
    }

    /// Whether any milestone of the version in force is overdue at `now`.
    pub fn any_overdue(&self, now: Timestamp) -> bool {
        self.current()
            .is_some_and(|v| v.milestones.iter().any(|m| self.is_overdue(m, now)))
    }

    /// The open milestones of the version in force whose due date has not escalated yet: the
    /// deadlines the timer watches.
    pub fn watched(&self) -> Vec<(Timestamp, MilestoneId)> {
        let Some(v) = self.current() else {
            return vec![];
        };
        v.milestones
            .iter()
            .filter(|m| {
                let p = self.progress.get(&m.id);
                p.is_none_or(|p| {
                    p.status == MilestoneStatus::Open && p.escalated_for != Some(m.due)
                })
            })
            .map(|m| (m.due, m.id.clone()))
            .collect()
    }
}

/// Checks a language-tagged text against the cell's languages and a length limit.
pub(crate) fn check_lang_text(
    field: &str,
    text: &LangText,
    languages: &[String],
    max: usize,
) -> Result<(), DomainError> {
    check_language(&format!("{field}.lang"), &text.lang, languages)?;
    check_text(&format!("{field}.text"), &text.text, max)
}

/// Checks a commitment's text: a title and 1 to [`MAX_MILESTONES`] milestones with distinct ids.
pub(crate) fn check_text_of(
    title: &LangText,
    milestones: &[MilestoneDraft],
    languages: &[String],
) -> Result<(), DomainError> {
    check_lang_text("title", title, languages, MAX_TITLE)?;
    if milestones.is_empty() || milestones.len() > MAX_MILESTONES {
        return Err(DomainError::invalid(
            "milestones",
            format!("must list 1 to {MAX_MILESTONES} milestones"),
        ));
    }
    let mut seen = BTreeSet::new();
    for (i, m) in milestones.iter().enumerate() {
        if !seen.insert(&m.id) {
            return Err(DomainError::invalid(
                &format!("milestones[{i}].id"),
                format!("`{}` is listed twice", m.id),
            ));
        }
        check_lang_text(
            &format!("milestones[{i}].title"),
            &m.title,
            languages,
            MAX_TITLE,
        )?;
    }
    Ok(())
}

/// Checks evidence: a text and at most [`MAX_LINKS`] links without spaces.
pub(crate) fn check_evidence(evidence: &Evidence, languages: &[String]) -> Result<(), DomainError> {
    check_lang_text("evidence.text", &evidence.text, languages, MAX_EVIDENCE)?;
    if evidence.links.len() > MAX_LINKS {
        return Err(DomainError::invalid(
            "evidence.links",
            format!("at most {MAX_LINKS} links"),
        ));
    }
    for (i, link) in evidence.links.iter().enumerate() {
        let field = format!("evidence.links[{i}]");
        check_text(&field, link, MAX_LINK)?;
        if link.chars().any(char::is_whitespace) {
            return Err(DomainError::invalid(&field, "must not contain spaces"));
        }
    }
    Ok(())
}
