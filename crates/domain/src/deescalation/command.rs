//! What an actor asks of de-escalation, carried by [`crate::Command::Deescalation`].

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::PartyRules;
use serde::{Deserialize, Serialize};

use super::activity::ActivityDraft;
use super::crossing::TrackCrossing;
use super::geometry::Shape;
use super::ids::{ActivityId, IncidentId, ZoneId};
use super::incident::IncidentReport;
use crate::ids::PartyId;

/// A de-escalation command.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeescalationCommand {
    /// Propose a zone, or a new version of an existing one (the supervisor).
    ProposeZone {
        /// The zone's id; an existing id proposes its next version.
        zone: ZoneId,
        /// Name.
        name: String,
        /// What it is for.
        description: String,
        /// Where.
        area: Shape,
        /// Rules per party; parties without rules are unconstrained there.
        rules: BTreeMap<PartyId, PartyRules>,
    },
    /// Approve a proposed zone version for the actor's party.
    ApproveZone {
        /// The zone.
        zone: ZoneId,
        /// The version approved (so that nobody approves a version they have not seen).
        version: u32,
    },
    /// Notify an activity of the actor's party.
    NotifyActivity {
        /// A fresh random id, made at the edge.
        activity: ActivityId,
        /// What, where and when.
        draft: ActivityDraft,
    },
    /// Change a notified activity of the actor's party.
    UpdateActivity {
        /// The activity.
        activity: ActivityId,
        /// What, where and when now.
        draft: ActivityDraft,
    },
    /// Call off a notified activity of the actor's party.
    CancelActivity {
        /// The activity.
        activity: ActivityId,
    },
    /// Acknowledge receipt of an activity's current version for the actor's party.
    AcknowledgeActivity {
        /// The activity.
        activity: ActivityId,
    },
    /// Escalate an activity whose acknowledgement deadline has passed (the cell's timer).
    EscalateActivity {
        /// The activity.
        activity: ActivityId,
    },
    /// Report an incident.
    ReportIncident {
        /// A fresh random id, made at the edge.
        incident: IncidentId,
        /// What, where and when.
        report: IncidentReport,
        /// The other parties to share it with (the supervisor sees every shared report).
        shared_with: BTreeSet<PartyId>,
    },
    /// Record zone entries and exits of the actor's party's tracks, as found by a
    /// [`Tracker`](super::Tracker) from position reports.
    RecordCrossings {
        /// Entries and exits in the order they happened.
        crossings: Vec<TrackCrossing>,
    },
}
