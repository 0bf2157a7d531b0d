//! Zone entries and exits of position tracks.
//!
//! Position reports are many (a track reports every few seconds) and nearly all of them change
//! nothing, so they are **not** recorded: a [`Tracker`](super::Tracker) turns them into entries
//! and exits, and only those reach the record, each one with its position and time. A track
//! entering a zone whose rules forbid its party that kind of activity also raises an alert.

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::ActivityKind;
use serde::{Deserialize, Serialize};

use super::alert::AlertCause;
use super::decide::Ctx;
use super::event::DeescalationEvent;
use super::geometry::Coord7;
use super::ids::{AlertId, PositionTrackId, ZoneId};
use crate::authz;
use crate::error::DomainError;
use crate::event::{Audience, Event};
use crate::ids::PartyId;
use crate::time::Timestamp;
use crate::visibility::{everyone, party_and_supervisor};

/// Most crossings recorded by one command.
pub const MAX_CROSSINGS: usize = 10_000;

/// A track of a party at a zone boundary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crossing {
    /// The track's party.
    pub party: PartyId,
    /// The track.
    pub track: PositionTrackId,
    /// What the track is doing, as its feed declares (zone rules forbid kinds).
    pub activity_kind: ActivityKind,
    /// The zone.
    pub zone: ZoneId,
    /// The zone version in force.
    pub zone_version: u32,
    /// Time of the position report that crossed.
    pub at: Timestamp,
    /// Its position.
    pub position: Coord7,
    /// Its altitude, metres, if reported.
    pub altitude_m: Option<i32>,
}

/// Entering or leaving.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "direction", content = "crossing", rename_all = "snake_case")]
pub enum TrackCrossing {
    /// The track is now inside the zone.
    Entered(Crossing),
    /// The track is now outside the zone.
    Exited(Crossing),
}

impl TrackCrossing {
    /// The crossing, whichever way.
    pub fn crossing(&self) -> &Crossing {
        match self {
            TrackCrossing::Entered(c) | TrackCrossing::Exited(c) => c,
        }
    }

    /// Whether it is an entry.
    pub fn is_entry(&self) -> bool {
        matches!(self, TrackCrossing::Entered(_))
    }
}

/// A recorded crossing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CrossingRecord {
    /// Which way, where and when.
    pub crossing: TrackCrossing,
    /// Its event's index in the record.
    pub log_index: u64,
    /// Who may see it: the track's party and the supervisor.
    pub audience: Audience,
}

/// Zones each track of each party is inside, by the record.
pub type Inside = BTreeMap<PartyId, BTreeMap<PositionTrackId, BTreeSet<ZoneId>>>;

/// Whether `c` would change what the record says about its track: an entry into a zone it is
/// not inside, or an exit from one it is.
pub fn changes(inside: &Inside, c: &TrackCrossing) -> bool {
    let x = c.crossing();
    let now_inside = inside
        .get(&x.party)
        .and_then(|t| t.get(&x.track))
        .is_some_and(|zones| zones.contains(&x.zone));
    now_inside != c.is_entry()
}

/// Applies `c` to `inside`.
pub fn update_inside(inside: &mut Inside, c: &TrackCrossing) {
    let x = c.crossing();
    let tracks = inside.entry(x.party.clone()).or_default();
    let zones = tracks.entry(x.track.clone()).or_default();
    if c.is_entry() {
        zones.insert(x.zone.clone());
    } else {
        zones.remove(&x.zone);
    }
    if zones.is_empty() {
        tracks.remove(&x.track);
    }
    if tracks.is_empty() {
        inside.remove(&x.party);
    }
}

/// Records the crossings of the actor's party's tracks. Crossings that change nothing (already
/// recorded) or concern a zone version no longer in force (the zone changed since they were
/// found) are dropped, so a feed may repeat itself safely.
pub(crate) fn record(
    ctx: &Ctx<'_>,
    crossings: &[TrackCrossing],
) -> Result<Vec<Event>, DomainError> {
    let user = ctx.acting_user()?;
    authz::require_report_positions(user)?;
    if crossings.len() > MAX_CROSSINGS {
        return Err(DomainError::invalid(
            "crossings",
            format!("at most {MAX_CROSSINGS} at a time"),
        ));
    }
    let mut inside = ctx.de().inside.clone();
    let mut events = Vec::new();
    for c in crossings {
        let x = c.crossing();
        if x.party != user.party {
            return Err(DomainError::Forbidden(
                "you record crossings of your own party's tracks only".into(),
            ));
        }
        let Some(zone) = ctx.de().zones.get(&x.zone) else {
            continue;
        };
        if zone.in_force != Some(x.zone_version) || !changes(&inside, c) {
            continue;
        }
        update_inside(&mut inside, c);
        let audience = party_and_supervisor(&x.party, ctx.config);
        events.push(ctx.event(
            audience,
            match c {
                TrackCrossing::Entered(x) => DeescalationEvent::ZoneEntered {
                    crossing: x.clone(),
                },
                TrackCrossing::Exited(x) => DeescalationEvent::ZoneExited {
                    crossing: x.clone(),
                },
            },
        ));
        let forbidden = zone
            .current()
            .and_then(|v| v.rules.get(&x.party))
            .is_some_and(|r| r.forbidden_kinds.contains(&x.activity_kind));
        if c.is_entry() && forbidden {
            let alert = AlertId::at_index(ctx.index_of(events.len()));
            events.push(ctx.event(
                everyone(ctx.config),
                DeescalationEvent::Alert {
                    alert,
                    cause: AlertCause::ZoneEntry {
                        crossing: x.clone(),
                    },
                },
            ));
        }
    }
    Ok(events)
}
