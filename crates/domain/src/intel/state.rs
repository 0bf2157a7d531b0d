//! The intelligence part of the cell's state, and how each event changes it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::event::IntelEvent;
use super::ids::ReportId;
use super::report::{
    Acknowledgement, Corroboration, Feedback, ReportRecord, ReportStage, Sighting, Versioned,
    VetStep,
};
use crate::event::Event;
use crate::time::Timestamp;

/// Reports, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct IntelState {
    /// Reports by id.
    pub reports: BTreeMap<ReportId, ReportRecord>,
    /// Releases awaiting acknowledgements, by deadline, for the timer.
    pub deadlines: BTreeSet<(Timestamp, ReportId)>,
}

impl IntelState {
    /// Reports whose acknowledgement deadline is at or before `now` with recipients silent.
    pub fn overdue(&self, now: Timestamp) -> Vec<ReportId> {
        self.deadlines
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, r)| r.clone())
            .collect()
    }

    /// The earliest pending acknowledgement deadline.
    pub fn next_deadline(&self) -> Option<Timestamp> {
        self.deadlines.first().map(|(t, _)| *t)
    }

    fn settle(&mut self, id: &ReportId) {
        if let Some(r) = self.reports.get(id)
            && let Some(d) = r.deadline
            && (r.unacknowledged().is_empty()
                || r.escalated_at.is_some()
                || r.stage == ReportStage::Withdrawn)
        {
            self.deadlines.remove(&(d, id.clone()));
        }
    }

    /// Applies `inner`, the body of `event` at record position `index`.
    pub fn apply(&mut self, index: u64, event: &Event, inner: &IntelEvent) {
        let by = event.actor.clone().unwrap_or_else(crate::state::cell_user);
        let at = event.at;
        let audience = event.audience.clone();
        if let IntelEvent::Drafted {
            report,
            track,
            content,
            imported_from,
        } = inner
        {
            let Some(originator) = event.party.clone() else {
                return;
            };
            self.reports.insert(
                report.clone(),
                ReportRecord {
                    id: report.clone(),
                    track: track.clone(),
                    originator,
                    author: by.clone(),
                    created_at: at,
                    imported_from: imported_from.clone(),
                    stage: ReportStage::Draft,
                    versions: vec![Versioned {
                        version: 1,
                        content: content.clone(),
                        by,
                        at,
                        sanitized: false,
                        audience: audience.clone(),
                    }],
                    vetting: vec![],
                    released: vec![],
                    recipients: BTreeSet::new(),
                    acknowledgements: BTreeMap::new(),
                    deadline: None,
                    escalated_at: None,
                    feedback: vec![],
                    corroborations: vec![],
                    sightings: vec![],
                    withdrawn: None,
                    audience,
                    last_index: index,
                },
            );
            return;
        }
        let id = inner.report().clone();
        let Some(r) = self.reports.get_mut(&id) else {
            return;
        };
        r.last_index = index;
        match inner {
            IntelEvent::Drafted { .. } => {}
            IntelEvent::Edited {
                version, content, ..
            }
            | IntelEvent::Corrected {
                version, content, ..
            } => {
                r.versions.push(Versioned {
                    version: *version,
                    content: content.clone(),
                    by,
                    at,
                    sanitized: false,
                    audience: audience.clone(),
                });
                if matches!(inner, IntelEvent::Corrected { .. }) {
                    r.stage = ReportStage::Submitted;
                }
            }
            IntelEvent::Submitted { version, .. } => {
                r.stage = ReportStage::Submitted;
                if let Some(v) = r.versions.iter_mut().find(|v| v.version == *version) {
                    v.audience = audience.clone();
                }
                if r.released.is_empty() {
                    r.audience = audience;
                }
            }
            IntelEvent::Returned {
                version, comment, ..
            } => {
                r.stage = ReportStage::Returned;
                r.vetting.push(VetStep {
                    version: *version,
                    decision: "returned",
                    comment: Some(comment.clone()),
                    sanitized: None,
                    by,
                    at,
                    audience,
                });
            }
            IntelEvent::Approved {
                version,
                comment,
                sanitized,
                ..
            } => r.vetting.push(VetStep {
                version: *version,
                decision: if sanitized.is_some() {
                    "sanitized"
                } else {
                    "approved"
                },
                comment: comment.clone(),
                sanitized: sanitized.clone(),
                by,
                at,
                audience,
            }),
            IntelEvent::Released {
                version,
                content,
                sanitized,
                recipients,
                deadline,
                ..
            } => {
                if let Some(d) = r.deadline {
                    self.deadlines.remove(&(d, id.clone()));
                }
                r.stage = ReportStage::Released;
                r.released.push(Versioned {
                    version: *version,
                    content: content.clone(),
                    by,
                    at,
                    sanitized: *sanitized,
                    audience: audience.clone(),
                });
                r.recipients = recipients.clone();
                r.acknowledgements.clear();
                r.deadline = *deadline;
                r.escalated_at = None;
                r.audience = audience;
                if let Some(d) = deadline {
                    self.deadlines.insert((*d, id.clone()));
                }
            }
            IntelEvent::Acknowledged {
                version,
                party,
                late,
                ..
            } => {
                r.acknowledgements.insert(
                    party.clone(),
                    Acknowledgement {
                        version: *version,
                        by,
                        at,
                        late: *late,
                        audience,
                    },
                );
            }
            IntelEvent::FeedbackGiven {
                party,
                usefulness,
                comment,
                ..
            } => r.feedback.push(Feedback {
                party: party.clone(),
                by,
                at,
                usefulness: *usefulness,
                comment: comment.clone(),
                audience,
            }),
            IntelEvent::Corroborated {
                party,
                opinion,
                comment,
                ..
            } => r.corroborations.push(Corroboration {
                party: party.clone(),
                by,
                at,
                opinion: *opinion,
                comment: comment.clone(),
                audience,
            }),
            IntelEvent::Sighted {
                party, sighting, ..
            } => r.sightings.push(Sighting {
                party: party.clone(),
                by,
                at,
                sighting: sighting.clone(),
                audience,
            }),
            IntelEvent::Withdrawn { reason, .. } => {
                r.stage = ReportStage::Withdrawn;
                r.withdrawn = Some((at, reason.clone()));
            }
            IntelEvent::Escalated { .. } => r.escalated_at = Some(at),
        }
        self.settle(&id);
    }
}
