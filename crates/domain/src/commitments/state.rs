//! The commitments part of the cell's state, and how each event changes it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::event::CommitmentsEvent;
use super::model::{
    Approval, Commitment, CommitmentId, CommitmentVersion, MilestoneId, MilestoneStatus, Progress,
    Step,
};
use crate::event::Event;
use crate::time::Timestamp;

/// Commitments, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct CommitmentsState {
    /// Commitments by id.
    pub commitments: BTreeMap<CommitmentId, Commitment>,
    /// Open milestones of versions in force, by due date, for the timer.
    pub deadlines: BTreeSet<(Timestamp, CommitmentId, MilestoneId)>,
}

impl CommitmentsState {
    /// Milestones whose due date is at or before `now` that are open and not yet escalated.
    pub fn overdue(&self, now: Timestamp) -> Vec<(CommitmentId, MilestoneId)> {
        self.deadlines
            .iter()
            .take_while(|(t, _, _)| *t <= now)
            .map(|(_, c, m)| (c.clone(), m.clone()))
            .collect()
    }

    /// Applies `inner`, the body of `event`.
    pub fn apply(&mut self, event: &Event, inner: &CommitmentsEvent) {
        let actor = event.actor.clone().unwrap_or_else(crate::state::cell_user);
        let id = inner.commitment().clone();
        match inner {
            CommitmentsEvent::Proposed {
                commitment,
                version,
                owner,
                beneficiary,
                track,
                title,
                milestones,
                approvers,
            } => {
                let c = self
                    .commitments
                    .entry(commitment.clone())
                    .or_insert_with(|| Commitment {
                        id: commitment.clone(),
                        owner: owner.clone(),
                        beneficiary: beneficiary.clone(),
                        track: track.clone(),
                        versions: Vec::new(),
                        in_force: None,
                        progress: BTreeMap::new(),
                        audience: event.audience.clone(),
                    });
                c.versions.push(CommitmentVersion {
                    version: *version,
                    title: title.clone(),
                    milestones: milestones.clone(),
                    proposed_by: actor,
                    proposed_at: event.at,
                    approvers: approvers.clone(),
                    approvals: BTreeMap::new(),
                    in_force_at: None,
                });
            }
            CommitmentsEvent::Approved {
                commitment,
                version,
                party,
            } => {
                if let Some(v) = self.version_mut(commitment, *version) {
                    v.approvals.insert(
                        party.clone(),
                        Approval {
                            by: actor,
                            at: event.at,
                        },
                    );
                }
            }
            CommitmentsEvent::InForce {
                commitment,
                version,
            } => {
                if let Some(v) = self.version_mut(commitment, *version) {
                    v.in_force_at = Some(event.at);
                }
                if let Some(c) = self.commitments.get_mut(commitment) {
                    c.in_force = Some(*version);
                }
            }
            CommitmentsEvent::MilestoneAttested {
                milestone,
                evidence,
                late,
                ..
            } => self.step(&id, milestone, MilestoneStatus::Attested, |_| {
                Step::Attested {
                    by: actor,
                    at: event.at,
                    evidence: evidence.clone(),
                    late: *late,
                }
            }),
            CommitmentsEvent::MilestoneVerified { milestone, .. } => {
                self.step(&id, milestone, MilestoneStatus::Verified, |_| {
                    Step::Verified {
                        by: actor,
                        at: event.at,
                    }
                })
            }
            CommitmentsEvent::MilestoneNotVerified {
                milestone, reason, ..
            } => self.step(&id, milestone, MilestoneStatus::Open, |_| {
                Step::NotVerified {
                    by: actor,
                    at: event.at,
                    reason: reason.clone(),
                }
            }),
            CommitmentsEvent::MilestoneOverdue { milestone, due, .. } => {
                self.step(&id, milestone, MilestoneStatus::Open, |p| {
                    p.escalated_for = Some(*due);
                    Step::Overdue {
                        at: event.at,
                        due: *due,
                    }
                })
            }
        }
        self.watch(&id);
    }

    fn version_mut(&mut self, c: &CommitmentId, version: u32) -> Option<&mut CommitmentVersion> {
        self.commitments
            .get_mut(c)?
            .versions
            .get_mut((version as usize).checked_sub(1)?)
    }

    /// Records a step of milestone `m` and sets its status.
    fn step(
        &mut self,
        c: &CommitmentId,
        m: &MilestoneId,
        status: MilestoneStatus,
        make: impl FnOnce(&mut Progress) -> Step,
    ) {
        if let Some(c) = self.commitments.get_mut(c) {
            let p = c.progress.entry(m.clone()).or_default();
            let step = make(p);
            p.status = status;
            p.history.push(step);
        }
    }

    /// Puts the deadlines of commitment `id` in the timer's index as they now stand.
    fn watch(&mut self, id: &CommitmentId) {
        self.deadlines.retain(|(_, c, _)| c != id);
        if let Some(c) = self.commitments.get(id) {
            for (due, m) in c.watched() {
                self.deadlines.insert((due, id.clone(), m));
            }
        }
    }
}
