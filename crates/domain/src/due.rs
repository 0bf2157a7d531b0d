//! What a party owes, and by when: one list across every workflow, for the dashboard's "my
//! deadlines" panel and the calendar feed. Each workflow contributes its open obligations here,
//! so a new workflow with deadlines adds one arm to [`DueWhat`] and one contribution to
//! [`owed_by`].

use crate::commitments::{CommitmentId, MilestoneId, MilestoneStatus};
use crate::deescalation::ActivityId;
use crate::disputes::{DisputeId, Owed};
use crate::ids::{MessageId, PartyId};
use crate::intel::ReportId;
use crate::language::LangText;
use crate::state::CellState;
use crate::time::Timestamp;

/// The record an obligation is about, and what is owed on it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum DueWhat {
    /// Acknowledge a hotline message.
    MessageAcknowledgement(MessageId),
    /// Acknowledge receipt of an activity notification.
    ActivityAcknowledgement(ActivityId),
    /// Take the owed step of a dispute (acknowledge, answer, decide, reply, answer the ruling).
    DisputeStep(DisputeId, Owed),
    /// Acknowledge receipt of an intelligence report.
    ReportAcknowledgement(ReportId),
    /// Attest a milestone of a commitment done (its owner), before its due date.
    MilestoneAttestation(CommitmentId, MilestoneId),
}

/// One open obligation of a party.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    /// What is owed, on which record.
    pub what: DueWhat,
    /// The record's title as its author wrote it, to show beside the deadline.
    pub title: LangText,
    /// When it is due.
    pub due: Timestamp,
}

impl Due {
    /// Whether the deadline has passed at `now`.
    pub fn overdue(&self, now: Timestamp) -> bool {
        self.due <= now
    }
}

/// Everything `party` still owes that has a deadline, earliest first.
pub fn owed_by(state: &CellState, party: &PartyId) -> Vec<Due> {
    let mut list = Vec::new();
    for m in state.messages.values().filter(|m| m.awaits(party)) {
        if let (Some(due), Some(thread)) = (m.deadline, state.threads.get(&m.thread)) {
            list.push(Due {
                what: DueWhat::MessageAcknowledgement(m.id.clone()),
                title: thread.subject.clone(),
                due,
            });
        }
    }
    for a in state.deescalation.activities.values() {
        let v = &a.current;
        if a.cancelled_at.is_none()
            && v.addressed.contains(party)
            && !v.acknowledgements.contains_key(party)
            && let Some(due) = v.deadline
        {
            list.push(Due {
                what: DueWhat::ActivityAcknowledgement(a.id.clone()),
                title: v.draft.description.clone(),
                due,
            });
        }
    }
    for d in state.disputes.disputes.values() {
        for o in d.obligations.iter().filter(|o| &o.party == party) {
            list.push(Due {
                what: DueWhat::DisputeStep(d.id.clone(), o.owed),
                title: d.draft.title.clone(),
                due: o.due,
            });
        }
    }
    for r in state.intel.reports.values().filter(|r| r.awaits(party)) {
        if let (Some(due), Some(release)) = (r.deadline, r.current_release()) {
            list.push(Due {
                what: DueWhat::ReportAcknowledgement(r.id.clone()),
                title: release.content.title.clone(),
                due,
            });
        }
    }
    for c in state
        .commitments
        .commitments
        .values()
        .filter(|c| &c.owner == party)
    {
        for m in c.current().map_or(&[][..], |v| &v.milestones) {
            if c.milestone_status(&m.id) == MilestoneStatus::Open {
                list.push(Due {
                    what: DueWhat::MilestoneAttestation(c.id.clone(), m.id.clone()),
                    title: m.title.clone(),
                    due: m.due,
                });
            }
        }
    }
    list.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.what.cmp(&b.what)));
    list
}
