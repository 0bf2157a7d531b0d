//! The de-escalation events of the record, carried by [`crate::EventBody::Deescalation`].

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::PartyRules;
use serde::{Deserialize, Serialize};

use super::activity::{ActivityDraft, Lead};
use super::alert::AlertCause;
use super::crossing::Crossing;
use super::geometry::Shape;
use super::ids::{ActivityId, AlertId, IncidentId, ZoneId};
use super::incident::IncidentReport;
use crate::ids::PartyId;
use crate::time::Timestamp;

/// What happened, in de-escalation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum DeescalationEvent {
    /// The supervisor proposed a zone, or a new version of one.
    #[serde(rename = "zone.proposed")]
    ZoneProposed {
        /// The zone.
        zone: ZoneId,
        /// Its version, from 1.
        version: u32,
        /// Name.
        name: String,
        /// What it is for, and whether it is illustrative.
        description: String,
        /// Where.
        area: Shape,
        /// Rules per party.
        rules: BTreeMap<PartyId, PartyRules>,
        /// Parties whose approval puts it in force.
        approvers: BTreeSet<PartyId>,
    },
    /// A party approved a proposed zone version.
    #[serde(rename = "zone.approved")]
    ZoneApproved {
        /// The zone.
        zone: ZoneId,
        /// The version approved.
        version: u32,
        /// The approving party.
        party: PartyId,
    },
    /// Every party approved: this version is now the zone in force.
    #[serde(rename = "zone.in_force")]
    ZoneInForce {
        /// The zone.
        zone: ZoneId,
        /// The version now in force.
        version: u32,
    },
    /// A party notified an activity.
    #[serde(rename = "activity.notified")]
    ActivityNotified {
        /// The activity.
        activity: ActivityId,
        /// What, where and when.
        draft: ActivityDraft,
        /// Notice given and required.
        lead: Lead,
        /// Parties that must acknowledge receipt.
        addressed: BTreeSet<PartyId>,
        /// When acknowledgements are due.
        deadline: Option<Timestamp>,
    },
    /// The notifying party changed an activity: a new version, acknowledged afresh.
    #[serde(rename = "activity.updated")]
    ActivityUpdated {
        /// The activity.
        activity: ActivityId,
        /// The new version, from 2.
        version: u32,
        /// What, where and when now.
        draft: ActivityDraft,
        /// Notice given (from this update) and required.
        lead: Lead,
        /// Parties that must acknowledge receipt.
        addressed: BTreeSet<PartyId>,
        /// When acknowledgements are due.
        deadline: Option<Timestamp>,
    },
    /// The notifying party called the activity off.
    #[serde(rename = "activity.cancelled")]
    ActivityCancelled {
        /// The activity.
        activity: ActivityId,
    },
    /// A party acknowledged receipt of a version (receipt, not approval).
    #[serde(rename = "activity.acknowledged")]
    ActivityAcknowledged {
        /// The activity.
        activity: ActivityId,
        /// The version acknowledged.
        version: u32,
        /// The acknowledging party.
        party: PartyId,
        /// Whether it came after the deadline.
        late: bool,
    },
    /// The acknowledgement deadline passed with parties silent: escalated to the supervisor.
    #[serde(rename = "activity.escalated")]
    ActivityEscalated {
        /// The activity.
        activity: ActivityId,
        /// The version.
        version: u32,
        /// Parties that had not acknowledged.
        missing: BTreeSet<PartyId>,
        /// The deadline that passed.
        deadline: Timestamp,
    },
    /// A party reported an incident.
    #[serde(rename = "incident.reported")]
    IncidentReported {
        /// The incident.
        incident: IncidentId,
        /// What, where and when.
        report: IncidentReport,
        /// The parties it is shared with, the reporter's included.
        parties: BTreeSet<PartyId>,
    },
    /// A position track entered an agreed zone.
    #[serde(rename = "zone.entered")]
    ZoneEntered {
        /// Which track, where and when.
        crossing: Crossing,
    },
    /// A position track left an agreed zone.
    #[serde(rename = "zone.exited")]
    ZoneExited {
        /// Which track, where and when.
        crossing: Crossing,
    },
    /// Deconfliction found a problem.
    #[serde(rename = "deconfliction.alert")]
    Alert {
        /// The alert.
        alert: AlertId,
        /// What was found.
        cause: AlertCause,
    },
}

impl DeescalationEvent {
    /// The event's type name, e.g. `activity.notified`.
    pub fn kind(&self) -> &'static str {
        match self {
            DeescalationEvent::ZoneProposed { .. } => "zone.proposed",
            DeescalationEvent::ZoneApproved { .. } => "zone.approved",
            DeescalationEvent::ZoneInForce { .. } => "zone.in_force",
            DeescalationEvent::ActivityNotified { .. } => "activity.notified",
            DeescalationEvent::ActivityUpdated { .. } => "activity.updated",
            DeescalationEvent::ActivityCancelled { .. } => "activity.cancelled",
            DeescalationEvent::ActivityAcknowledged { .. } => "activity.acknowledged",
            DeescalationEvent::ActivityEscalated { .. } => "activity.escalated",
            DeescalationEvent::IncidentReported { .. } => "incident.reported",
            DeescalationEvent::ZoneEntered { .. } => "zone.entered",
            DeescalationEvent::ZoneExited { .. } => "zone.exited",
            DeescalationEvent::Alert { .. } => "deconfliction.alert",
        }
    }
}
