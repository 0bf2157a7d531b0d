//! The de-escalation part of the cell's state, and how each event changes it.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::activity::{Acknowledgement, ActivityRecord, ActivityVersion};
use super::alert::Alert;
use super::crossing::{CrossingRecord, Inside, TrackCrossing, update_inside};
use super::event::DeescalationEvent;
use super::ids::{ActivityId, IncidentId, ZoneId};
use super::incident::Incident;
use super::index::Index;
use super::zone::{Approval, ZoneRecord, ZoneVersion};
use crate::event::Event;
use crate::time::Timestamp;

/// Zones, activities, incidents, alerts and crossings, rebuilt from the record.
#[derive(Clone, Debug, Default, Serialize)]
pub struct DeescalationState {
    /// Zones by id.
    pub zones: BTreeMap<ZoneId, ZoneRecord>,
    /// Bumped whenever a zone version comes into force, so trackers know to reload zones.
    pub zone_generation: u64,
    /// Activities by id.
    pub activities: BTreeMap<ActivityId, ActivityRecord>,
    /// Activities awaiting acknowledgements, by deadline, for the timer.
    pub deadlines: BTreeSet<(Timestamp, ActivityId)>,
    /// Incidents by id.
    pub incidents: BTreeMap<IncidentId, Incident>,
    /// Alerts, oldest first.
    pub alerts: Vec<Alert>,
    /// Zone entries and exits, oldest first.
    pub crossings: Vec<CrossingRecord>,
    /// The zones each track is inside, by the recorded crossings.
    pub inside: Inside,
    /// Zones in force and live activities, for deconfliction (derived, not serialised).
    #[serde(skip)]
    pub index: Index,
}

impl DeescalationState {
    /// Activities whose acknowledgement deadline is at or before `now` with parties silent.
    pub fn overdue(&self, now: Timestamp) -> Vec<ActivityId> {
        self.deadlines
            .iter()
            .take_while(|(t, _)| *t <= now)
            .map(|(_, a)| a.clone())
            .collect()
    }

    /// Applies `inner`, the body of `event` at record position `index`.
    pub fn apply(&mut self, index: u64, event: &Event, inner: &DeescalationEvent) {
        let actor = event.actor.clone().unwrap_or_else(crate::state::cell_user);
        match inner {
            DeescalationEvent::ZoneProposed {
                zone,
                version,
                name,
                description,
                area,
                rules,
                approvers,
            } => {
                let record = self
                    .zones
                    .entry(zone.clone())
                    .or_insert_with(|| ZoneRecord {
                        id: zone.clone(),
                        versions: Vec::new(),
                        in_force: None,
                        audience: event.audience.clone(),
                    });
                record.versions.push(ZoneVersion {
                    version: *version,
                    name: name.clone(),
                    description: description.clone(),
                    area: area.clone(),
                    rules: rules.clone(),
                    proposed_by: actor,
                    proposed_at: event.at,
                    approvers: approvers.clone(),
                    approvals: BTreeMap::new(),
                    in_force_at: None,
                });
            }
            DeescalationEvent::ZoneApproved {
                zone,
                version,
                party,
            } => {
                if let Some(v) = self.zone_version_mut(zone, *version) {
                    v.approvals.insert(
                        party.clone(),
                        Approval {
                            by: actor,
                            at: event.at,
                        },
                    );
                }
            }
            DeescalationEvent::ZoneInForce { zone, version } => {
                if let Some(v) = self.zone_version_mut(zone, *version) {
                    v.in_force_at = Some(event.at);
                    if let Some(geo) = v.to_geo(zone) {
                        self.index.put_zone(geo);
                    }
                }
                if let Some(record) = self.zones.get_mut(zone) {
                    record.in_force = Some(*version);
                }
                self.zone_generation += 1;
            }
            DeescalationEvent::ActivityNotified {
                activity,
                draft,
                lead,
                addressed,
                deadline,
            } => {
                let Some(party) = event.party.clone() else {
                    return;
                };
                let current = ActivityVersion {
                    version: 1,
                    by: actor,
                    at: event.at,
                    log_index: index,
                    draft: draft.clone(),
                    lead: *lead,
                    addressed: addressed.clone(),
                    deadline: *deadline,
                    acknowledgements: BTreeMap::new(),
                    escalated_at: None,
                };
                self.activities.insert(
                    activity.clone(),
                    ActivityRecord {
                        id: activity.clone(),
                        party,
                        current,
                        history: Vec::new(),
                        cancelled_at: None,
                        audience: event.audience.clone(),
                    },
                );
                self.start_tracking(activity);
            }
            DeescalationEvent::ActivityUpdated {
                activity,
                version,
                draft,
                lead,
                addressed,
                deadline,
            } => {
                self.stop_tracking(activity);
                let Some(record) = self.activities.get_mut(activity) else {
                    return;
                };
                let next = ActivityVersion {
                    version: *version,
                    by: actor,
                    at: event.at,
                    log_index: index,
                    draft: draft.clone(),
                    lead: *lead,
                    addressed: addressed.clone(),
                    deadline: *deadline,
                    acknowledgements: BTreeMap::new(),
                    escalated_at: None,
                };
                let previous = std::mem::replace(&mut record.current, next);
                record.history.push(previous);
                self.start_tracking(activity);
            }
            DeescalationEvent::ActivityCancelled { activity } => {
                self.stop_tracking(activity);
                self.index.remove_activity(activity.as_str());
                if let Some(record) = self.activities.get_mut(activity) {
                    record.cancelled_at = Some(event.at);
                }
            }
            DeescalationEvent::ActivityAcknowledged {
                activity,
                version,
                party,
                late,
            } => {
                if let Some(record) = self.activities.get_mut(activity)
                    && record.current.version == *version
                {
                    record.current.acknowledgements.insert(
                        party.clone(),
                        Acknowledgement {
                            by: actor,
                            at: event.at,
                            late: *late,
                        },
                    );
                    if record.current.unacknowledged().is_empty() {
                        self.stop_tracking(activity);
                    }
                }
            }
            DeescalationEvent::ActivityEscalated { activity, .. } => {
                self.stop_tracking(activity);
                if let Some(record) = self.activities.get_mut(activity) {
                    record.current.escalated_at = Some(event.at);
                }
            }
            DeescalationEvent::IncidentReported {
                incident,
                report,
                parties: _,
            } => {
                let Some(party) = event.party.clone() else {
                    return;
                };
                self.incidents.insert(
                    incident.clone(),
                    Incident {
                        id: incident.clone(),
                        party,
                        reported_by: actor,
                        reported_at: event.at,
                        report: report.clone(),
                        audience: event.audience.clone(),
                    },
                );
            }
            DeescalationEvent::ZoneEntered { crossing } => {
                self.cross(index, event, TrackCrossing::Entered(crossing.clone()))
            }
            DeescalationEvent::ZoneExited { crossing } => {
                self.cross(index, event, TrackCrossing::Exited(crossing.clone()))
            }
            DeescalationEvent::Alert { alert, cause } => self.alerts.push(Alert {
                id: alert.clone(),
                at: event.at,
                cause: cause.clone(),
                audience: event.audience.clone(),
            }),
        }
    }

    fn zone_version_mut(&mut self, zone: &ZoneId, version: u32) -> Option<&mut ZoneVersion> {
        self.zones
            .get_mut(zone)?
            .versions
            .get_mut((version as usize).checked_sub(1)?)
    }

    /// Puts the activity's current version in the index and its deadline in the timer's list.
    fn start_tracking(&mut self, id: &ActivityId) {
        let Some(record) = self.activities.get(id) else {
            return;
        };
        if let Some(d) = record.current.deadline {
            self.deadlines.insert((d, id.clone()));
        }
        // The draft was prepared when decided, and preparing is deterministic.
        if let Ok(prepared) = record.current.draft.prepare(id, &record.party) {
            self.index.put_activity(prepared.activity().clone());
        }
    }

    /// Takes the activity's current deadline off the timer's list.
    fn stop_tracking(&mut self, id: &ActivityId) {
        if let Some(d) = self.activities.get(id).and_then(|r| r.current.deadline) {
            self.deadlines.remove(&(d, id.clone()));
        }
    }

    fn cross(&mut self, index: u64, event: &Event, crossing: TrackCrossing) {
        update_inside(&mut self.inside, &crossing);
        self.crossings.push(CrossingRecord {
            crossing,
            log_index: index,
            audience: event.audience.clone(),
        });
    }
}
