//! Deconfliction alerts, and the deconfliction run on every new or changed notification.
//!
//! Audiences: a conflict between two parties' activities goes to those two parties and the
//! supervisor. A broken zone rule or an exceeded force cap concerns a zone every party agreed
//! to, and so does a track entering a zone its party may not enter: those go to every party.

use std::collections::BTreeSet;

use fusioncell_geo::{
    ActivityKind, ForceCategory, ForceExcess, PreparedActivity, RuleViolation, Zone,
};
use serde::{Deserialize, Serialize};

use super::crossing::Crossing;
use super::decide::Ctx;
use super::event::DeescalationEvent;
use super::geometry::{Band, Window};
use super::ids::{ActivityId, AlertId, ZoneId};
use crate::config::CellConfig;
use crate::event::{Audience, Event};
use crate::ids::PartyId;
use crate::state::CellState;
use crate::time::Timestamp;
use crate::visibility::{audience_of, everyone};

/// What an alert is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AlertCause {
    /// Two parties' activities meet in space, time and altitude.
    Conflict {
        /// The activity notified or changed.
        activity: ActivityId,
        /// Its version.
        version: u32,
        /// The other party's activity.
        other: ActivityId,
        /// The other activity's version.
        other_version: u32,
        /// The two parties.
        parties: BTreeSet<PartyId>,
        /// When both take place.
        window: Window,
        /// The shared altitude band; `None` when both use the whole column.
        altitude: Option<Band>,
    },
    /// An activity of a kind its party may not conduct in a zone it touches.
    ZoneRule {
        /// The activity.
        activity: ActivityId,
        /// Its version.
        version: u32,
        /// Its party.
        party: PartyId,
        /// The zone.
        zone: ZoneId,
        /// The zone version in force.
        zone_version: u32,
        /// The forbidden kind.
        activity_kind: ActivityKind,
    },
    /// Declared forces above a zone's cap for the party.
    ForceCap {
        /// The activity.
        activity: ActivityId,
        /// Its version.
        version: u32,
        /// Its party.
        party: PartyId,
        /// The zone.
        zone: ZoneId,
        /// The zone version in force.
        zone_version: u32,
        /// The category over its cap.
        category: ForceCategory,
        /// The cap.
        cap: u32,
        /// The peak total, counting the party's concurrent activities in the zone.
        total: u64,
        /// When the peak begins.
        at: Timestamp,
        /// The activities making up the peak.
        activities: Vec<ActivityId>,
    },
    /// A track entered a zone its party may not enter with that kind of activity.
    ZoneEntry {
        /// The entry.
        crossing: Crossing,
    },
}

impl AlertCause {
    /// The activities it concerns.
    pub fn activities(&self) -> Vec<&ActivityId> {
        match self {
            AlertCause::Conflict {
                activity, other, ..
            } => vec![activity, other],
            AlertCause::ZoneRule { activity, .. } | AlertCause::ForceCap { activity, .. } => {
                vec![activity]
            }
            AlertCause::ZoneEntry { .. } => vec![],
        }
    }

    /// The zone it concerns.
    pub fn zone(&self) -> Option<&ZoneId> {
        match self {
            AlertCause::Conflict { .. } => None,
            AlertCause::ZoneRule { zone, .. } | AlertCause::ForceCap { zone, .. } => Some(zone),
            AlertCause::ZoneEntry { crossing } => Some(&crossing.zone),
        }
    }
}

/// An alert as the state keeps it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Alert {
    /// Id (`al-` and its record index).
    pub id: AlertId,
    /// When it was raised.
    pub at: Timestamp,
    /// What it is about.
    pub cause: AlertCause,
    /// Who may see it.
    pub audience: Audience,
}

/// An alert about to be raised, with its audience.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    /// What.
    pub cause: AlertCause,
    /// To whom.
    pub audience: Audience,
}

/// The alerts `prepared` (version `version` of `id`) raises against the activities and zones in
/// force: conflicts with other parties' activities, then broken zone rules, then exceeded caps.
pub(crate) fn deconflict(
    state: &CellState,
    config: &CellConfig,
    id: &ActivityId,
    version: u32,
    prepared: &PreparedActivity,
) -> Vec<Finding> {
    let de = &state.deescalation;
    let party = PartyId::new(&prepared.activity().party);
    let Some(party) = party else { return vec![] };
    let assessment = de.index.assess(prepared);
    let zone_version = |zone: &str| {
        ZoneId::new(zone).and_then(|z| {
            let v = de.zones.get(&z)?.in_force?;
            Some((z, v))
        })
    };
    let mut out = Vec::new();
    for c in assessment.conflicts {
        let (Some(other), Some(other_party)) =
            (ActivityId::new(&c.activity), PartyId::new(&c.party))
        else {
            continue;
        };
        let other_version = de.activities.get(&other).map_or(1, |a| a.current.version);
        let parties: BTreeSet<PartyId> = [party.clone(), other_party].into();
        out.push(Finding {
            audience: audience_of(&parties, config),
            cause: AlertCause::Conflict {
                activity: id.clone(),
                version,
                other,
                other_version,
                parties,
                window: Window::from_geo(&c.window),
                altitude: c.altitude.as_ref().map(Band::from_geo),
            },
        });
    }
    out.extend(zone_findings(
        config,
        id,
        version,
        &party,
        assessment.violations,
        assessment.excesses,
        zone_version,
    ));
    out
}

/// The broken zone rules and exceeded caps of activity `id` (version `version`, of `party`) as
/// alerts to every party; `zone_version` names the version in force of a zone by its id.
fn zone_findings(
    config: &CellConfig,
    id: &ActivityId,
    version: u32,
    party: &PartyId,
    violations: Vec<RuleViolation>,
    excesses: Vec<ForceExcess>,
    zone_version: impl Fn(&str) -> Option<(ZoneId, u32)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for v in violations {
        let Some((zone, zone_version)) = zone_version(&v.zone) else {
            continue;
        };
        out.push(Finding {
            audience: everyone(config),
            cause: AlertCause::ZoneRule {
                activity: id.clone(),
                version,
                party: party.clone(),
                zone,
                zone_version,
                activity_kind: v.kind,
            },
        });
    }
    for e in excesses {
        let Some((zone, zone_version)) = zone_version(&e.zone) else {
            continue;
        };
        out.push(Finding {
            audience: everyone(config),
            cause: AlertCause::ForceCap {
                activity: id.clone(),
                version,
                party: party.clone(),
                zone,
                zone_version,
                category: e.category,
                cap: e.cap,
                total: e.total,
                at: Timestamp(e.at.0),
                activities: e
                    .activities
                    .iter()
                    .filter_map(|a| ActivityId::new(a))
                    .collect(),
            },
        });
    }
    out
}

/// The alerts raised when version `zone_version` of `zone` (as `area`, with its rules) comes into
/// force at `now`: every activity notified before and not yet over or called off is judged
/// against it. A cap exceeded by several activities together is raised once, on the first.
pub(crate) fn zone_in_force(
    state: &CellState,
    config: &CellConfig,
    zone: &ZoneId,
    zone_version: u32,
    area: Zone,
    now: Timestamp,
) -> Vec<Finding> {
    let de = &state.deescalation;
    let live = |id: &str| {
        ActivityId::new(id)
            .and_then(|a| de.activities.get(&a))
            .is_some_and(|a| a.cancelled_at.is_none() && a.current.draft.window.end > now)
    };
    let mut seen_peaks = BTreeSet::new();
    let mut out = Vec::new();
    for (activity, mut assessment) in de.index.assess_zone(area, live) {
        let Some(record) = ActivityId::new(&activity).and_then(|a| de.activities.get(&a)) else {
            continue;
        };
        assessment
            .excesses
            .retain(|e| seen_peaks.insert((e.category, e.at.0, e.activities.clone())));
        out.extend(zone_findings(
            config,
            &record.id,
            record.current.version,
            &record.party,
            assessment.violations,
            assessment.excesses,
            |z| (z == zone.as_str()).then(|| (zone.clone(), zone_version)),
        ));
    }
    out
}

/// `events` followed by one alert event per finding, each alert numbered by its place in the
/// record.
pub(crate) fn with_alerts(
    ctx: &Ctx<'_>,
    mut events: Vec<Event>,
    findings: Vec<Finding>,
) -> Vec<Event> {
    for f in findings {
        let alert = AlertId::at_index(ctx.index_of(events.len()));
        events.push(ctx.event(
            f.audience,
            DeescalationEvent::Alert {
                alert,
                cause: f.cause,
            },
        ));
    }
    events
}
