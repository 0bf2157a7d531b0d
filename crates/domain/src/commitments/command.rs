//! What an actor asks of commitments, carried by [`crate::Command::Commitments`].

use serde::{Deserialize, Serialize};

use super::model::{CommitmentId, Evidence, MilestoneDraft, MilestoneId};
use crate::ids::{PartyId, TrackId};
use crate::language::LangText;

/// A commitments command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum CommitmentsCommand {
    /// Propose a new commitment (a party's or the supervisor's liaison officer).
    Propose {
        /// A fresh id, made at the edge.
        commitment: CommitmentId,
        /// The party that commits.
        owner: PartyId,
        /// The party it is owed to.
        beneficiary: PartyId,
        /// Its track.
        track: TrackId,
        /// What is committed to.
        title: LangText,
        /// Milestones with due dates.
        milestones: Vec<MilestoneDraft>,
    },
    /// Propose a new version of a commitment's text; its approvals start afresh.
    Revise {
        /// The commitment.
        commitment: CommitmentId,
        /// What is committed to now.
        title: LangText,
        /// The milestones now.
        milestones: Vec<MilestoneDraft>,
    },
    /// Approve a version for the actor's party.
    Approve {
        /// The commitment.
        commitment: CommitmentId,
        /// The version approved (so nobody approves a text they have not seen).
        version: u32,
    },
    /// Attest a milestone of the version in force done (the owner).
    Attest {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
        /// What shows it.
        evidence: Evidence,
    },
    /// Verify an attested milestone, or refuse it with a reason (the supervisor).
    Verify {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
        /// Verified or not.
        verified: bool,
        /// Why not; required when `verified` is false.
        reason: Option<LangText>,
    },
    /// Alert every party that an open milestone's due date passed (the cell's timer).
    Escalate {
        /// The commitment.
        commitment: CommitmentId,
        /// The milestone.
        milestone: MilestoneId,
    },
}
