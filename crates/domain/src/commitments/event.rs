//! The commitment events of the record, carried by [`crate::EventBody::Commitments`].

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::model::{CommitmentId, Evidence, MilestoneDraft, MilestoneId};
use crate::ids::{PartyId, TrackId};
use crate::language::LangText;
use crate::time::Timestamp;

/// What happened to a commitment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum CommitmentsEvent {
    /// A commitment, or a new version of its text, was proposed; approvals start afresh.
    #[serde(rename = "commitment.proposed")]
    Proposed {
        /// The commitment.
        commitment: CommitmentId,
        /// Its version, from 1.
        version: u32,
        /// The party that commits.
        owner: PartyId,
        /// The party it is owed to.
        beneficiary: PartyId,
        /// Its track.
        track: TrackId,
        /// What is committed to.
        title: LangText,
        /// The milestones.
        milestones: Vec<MilestoneDraft>,
        /// Parties whose approval puts it in force.
        approvers: BTreeSet<PartyId>,
    },
    /// A party approved a version.
    #[serde(rename = "commitment.approved")]
    Approved {
        /// The commitment.
        commitment: CommitmentId,
        /// The version approved.
        version: u32,
        /// The approving party.
        party: PartyId,
    },
    /// Every party approved: this version is in force.
    #[serde(rename = "commitment.in_force")]
    InForce {
        /// The commitment.
        commitment: CommitmentId,
        /// The version now in force.
        version: u32,
    },
    /// The owner attested a milestone done.
    #[serde(rename = "milestone.attested")]
    MilestoneAttested {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
        /// What the owner shows.
        evidence: Evidence,
        /// Whether it came after the due date.
        late: bool,
    },
    /// The supervisor verified an attested milestone.
    #[serde(rename = "milestone.verified")]
    MilestoneVerified {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
    },
    /// The supervisor did not verify an attested milestone: it is open again.
    #[serde(rename = "milestone.not_verified")]
    MilestoneNotVerified {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
        /// Why.
        reason: LangText,
    },
    /// An open milestone's due date passed: an alert to every party.
    #[serde(rename = "milestone.overdue")]
    MilestoneOverdue {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
        /// The party that owes it.
        owner: PartyId,
        /// The due date that passed.
        due: Timestamp,
    },
}

impl CommitmentsEvent {
    /// The event's type name (also the SSE event name).
    pub fn kind(&self) -> &'static str {
        match self {
            CommitmentsEvent::Proposed { .. } => "commitment.proposed",
            CommitmentsEvent::Approved { .. } => "commitment.approved",
            CommitmentsEvent::InForce { .. } => "commitment.in_force",
            CommitmentsEvent::MilestoneAttested { .. } => "milestone.attested",
            CommitmentsEvent::MilestoneVerified { .. } => "milestone.verified",
            CommitmentsEvent::MilestoneNotVerified { .. } => "milestone.not_verified",
            CommitmentsEvent::MilestoneOverdue { .. } => "milestone.overdue",
        }
    }

    /// The commitment the event is about.
    pub fn commitment(&self) -> &CommitmentId {
        match self {
            CommitmentsEvent::Proposed { commitment, .. }
            | CommitmentsEvent::Approved { commitment, .. }
            | CommitmentsEvent::InForce { commitment, .. }
            | CommitmentsEvent::MilestoneAttested { commitment, .. }
            | CommitmentsEvent::MilestoneVerified { commitment, .. }
            | CommitmentsEvent::MilestoneNotVerified { commitment, .. }
            | CommitmentsEvent::MilestoneOverdue { commitment, .. } => commitment,
        }
    }
}
