//! From position reports to zone entries and exits.
//!
//! A [`Tracker`] keeps, per track, which zones it is inside, in a [`Deconfliction`] index with
//! hysteresis: that per-report state is deliberately **not** in the record (see
//! [`super::crossing`]), so the tracker lives beside the cell's state, in memory, and only the
//! crossings it finds are recorded. It is pure: reports and the state come in, crossings go out.
//!
//! After a restart the tracker starts empty and its per-track state is rebuilt only
//! approximately, from the recorded crossings: on a track's first report, an entry the record
//! already holds is not repeated, and a zone the record has the track inside but the report lies
//! outside of is exited. A track last recorded inside a zone and now within the hysteresis
//! margin outside it stays inside until it enters and leaves again.

use std::collections::{BTreeSet, HashSet};

use fusioncell_geo::{
    ActivityKind, Config, Deconfliction, LonLat, PositionReport, Timestamp as GeoTimestamp,
    ZoneEventKind,
};

use super::config::DeescalationConfig;
use super::crossing::{Crossing, Inside, TrackCrossing, changes, update_inside};
use super::geometry::Coord7;
use super::ids::{PositionTrackId, ZoneId};
use super::state::DeescalationState;
use crate::error::DomainError;
use crate::ids::PartyId;
use crate::time::Timestamp;

/// One position report of a track, as a feed gives it.
#[derive(Clone, Debug, PartialEq)]
pub struct PositionFix {
    /// The track.
    pub track: PositionTrackId,
    /// When the position was observed.
    pub time: Timestamp,
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// Altitude, metres above mean sea level, if known.
    pub altitude_m: Option<f64>,
    /// What the track is doing; zone rules forbid kinds of activity.
    pub activity_kind: ActivityKind,
}

/// Zone state of every track seen since start, and the zones in force it was drawn against.
#[derive(Debug)]
pub struct Tracker {
    index: Deconfliction,
    /// Ids of the zones in the index.
    zones: BTreeSet<String>,
    /// The state's zone generation the index matches.
    generation: u64,
    /// Tracks seen since start (their first report reconciles with the record).
    seen: HashSet<(PartyId, PositionTrackId)>,
}

impl Tracker {
    /// An empty tracker with the cell's hysteresis.
    pub fn new(config: &DeescalationConfig) -> Tracker {
        let config = Config {
            hysteresis_m: f64::from(config.hysteresis_m),
            ..Config::default()
        };
        Tracker {
            // Validated with the cell configuration; the default is the fallback for a margin
            // beyond the geometry crate's limit, which validation refuses.
            index: Deconfliction::new(config).unwrap_or_default(),
            zones: BTreeSet::new(),
            generation: 0,
            seen: HashSet::new(),
        }
    }

    /// Takes `party`'s reports, in order, and returns the crossings that the record does not
    /// hold yet. A bad report refuses the whole batch, before any is taken, naming it.
    pub fn observe(
        &mut self,
        state: &DeescalationState,
        party: &PartyId,
        fixes: &[PositionFix],
    ) -> Result<Vec<TrackCrossing>, DomainError> {
        let reports: Vec<PositionReport> = fixes
            .iter()
            .map(|f| PositionReport {
                party: party.to_string(),
                track: f.track.to_string(),
                time: GeoTimestamp(f.time.0),
                position: LonLat {
                    lon: f.lon,
                    lat: f.lat,
                },
                altitude_m: f.altitude_m,
            })
            .collect();
        for (i, r) in reports.iter().enumerate() {
            r.validate()
                .map_err(|e| DomainError::invalid(&format!("positions[{i}]"), e.to_string()))?;
        }
        self.sync_zones(state);
        let mut inside: Inside = state
            .inside
            .get(party)
            .map(|tracks| [(party.clone(), tracks.clone())].into())
            .unwrap_or_default();
        let mut out = Vec::new();
        // Every report was validated above, so none is refused.
        let observed = self.index.observe_all(&reports);
        let mut events = observed.events.iter().peekable();
        for (i, (fix, report)) in fixes.iter().zip(&reports).enumerate() {
            let crossing = |zone: ZoneId| -> Option<Crossing> {
                Some(Crossing {
                    party: party.clone(),
                    track: fix.track.clone(),
                    activity_kind: fix.activity_kind,
                    zone_version: state.zones.get(&zone)?.in_force?,
                    zone,
                    at: fix.time,
                    position: Coord7::from_degrees("position", fix.lon, fix.lat).ok()?,
                    altitude_m: fix.altitude_m.map(|a| a.round() as i32),
                })
            };
            let mut found: Vec<TrackCrossing> =
                std::iter::from_fn(|| events.next_if(|e| e.report == i))
                    .filter_map(|e| {
                        let c = crossing(ZoneId::new(&e.zone)?)?;
                        Some(match e.kind {
                            ZoneEventKind::Enter => TrackCrossing::Entered(c),
                            ZoneEventKind::Exit => TrackCrossing::Exited(c),
                        })
                    })
                    .collect();
            if self.seen.insert((party.clone(), fix.track.clone())) {
                let here: BTreeSet<&str> = self
                    .index
                    .zones_at(report.position)
                    .into_iter()
                    .map(|z| z.id.as_str())
                    .collect();
                let recorded = inside
                    .get(party)
                    .and_then(|t| t.get(&fix.track))
                    .cloned()
                    .unwrap_or_default();
                found.extend(
                    recorded
                        .into_iter()
                        .filter(|z| !here.contains(z.as_str()))
                        .filter_map(|z| crossing(z).map(TrackCrossing::Exited)),
                );
            }
            for c in found {
                if changes(&inside, &c) {
                    update_inside(&mut inside, &c);
                    out.push(c);
                }
            }
        }
        Ok(out)
    }

    /// Loads the zones in force when they changed since the last batch.
    fn sync_zones(&mut self, state: &DeescalationState) {
        if self.generation == state.zone_generation {
            return;
        }
        let mut in_force = BTreeSet::new();
        for (id, record) in &state.zones {
            if let Some(zone) = record.current().and_then(|v| v.to_geo(id)) {
                in_force.insert(zone.id.clone());
                // Zone ids are checked slugs, never empty.
                let _ = self.index.upsert_zone(zone);
            }
        }
        for gone in self.zones.difference(&in_force) {
            self.index.remove_zone(gone);
        }
        self.zones = in_force;
        self.index.optimize();
        self.generation = state.zone_generation;
    }
}
