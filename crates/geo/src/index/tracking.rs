//! Zone entry and exit for position reports, with hysteresis.

use super::Deconfliction;
use crate::position::{PositionError, PositionReport, ZoneEvent, ZoneEventKind};
use crate::time::Timestamp;

/// What the index remembers about one track.
#[derive(Debug, Clone)]
pub(super) struct TrackState {
    /// Time of the latest report taken into account.
    last: Timestamp,
    /// Zone slots the track is inside, sorted.
    inside: Vec<u32>,
}

impl TrackState {
    pub fn forget_zone(&mut self, slot: u32) {
        self.inside.retain(|&s| s != slot);
    }
}

impl Deconfliction {
    /// Takes a position report and returns the zone entries and exits it causes (exits first,
    /// then entries, each by zone id).
    ///
    /// Hysteresis with margin `H` = [`Config::hysteresis_m`](super::Config::hysteresis_m): a
    /// track outside a zone enters it once it is inside by more than `H` (its distance to the
    /// boundary exceeds `H`); a track inside leaves once it is outside by more than `H`. In
    /// between nothing changes, so noise along a boundary produces no events. A track's first
    /// report starts it outside every zone, so it enters those it is well inside at once.
    ///
    /// Reports older than the track's latest are ignored (no events), keeping each track's
    /// event sequence in time order; equal times are taken.
    pub fn observe(&mut self, report: &PositionReport) -> Result<Vec<ZoneEvent>, PositionError> {
        report.validate()?;
        let p = report.position.to_coord();
        let h = self.config.hysteresis_m;
        let Deconfliction {
            zones,
            zone_tree,
            tracks,
            scratch,
            config,
            ..
        } = self;
        let party = match tracks.get_mut(report.party.as_str()) {
            Some(t) => t,
            None => tracks.entry(report.party.clone()).or_default(),
        };
        let state = match party.get_mut(report.track.as_str()) {
            Some(s) => s,
            None => party.entry(report.track.clone()).or_insert(TrackState {
                last: report.time,
                inside: Vec::new(),
            }),
        };
        if report.time < state.last {
            return Ok(Vec::new());
        }
        state.last = report.time;

        scratch.clear();
        Self::zone_candidates(
            zones,
            zone_tree,
            config.filter,
            geo::Rect::new(p, p),
            scratch,
        );
        // Keep only the zones the track is inside after this report.
        scratch.retain(|&slot| {
            let Some(zone) = zones.get(slot) else {
                return false;
            };
            let area = zone.zone.area.prepared();
            let was_inside = state.inside.binary_search(&slot).is_ok();
            if was_inside {
                area.contains(p) || area.boundary_within(p, h)
            } else {
                area.contains(p) && !area.boundary_within(p, h)
            }
        });
        scratch.sort_unstable();
        if *scratch == state.inside {
            return Ok(Vec::new());
        }

        let event = |slot: u32, kind| ZoneEvent {
            party: report.party.clone(),
            track: report.track.clone(),
            zone: zones
                .get(slot)
                .map_or_else(String::new, |z| z.zone.id.clone()),
            kind,
            time: report.time,
            position: report.position,
        };
        let mut exits: Vec<ZoneEvent> = state
            .inside
            .iter()
            .filter(|s| scratch.binary_search(s).is_err())
            .map(|&s| event(s, ZoneEventKind::Exit))
            .collect();
        let mut enters: Vec<ZoneEvent> = scratch
            .iter()
            .filter(|s| state.inside.binary_search(s).is_err())
            .map(|&s| event(s, ZoneEventKind::Enter))
            .collect();
        exits.sort_by(|a, b| a.zone.cmp(&b.zone));
        enters.sort_by(|a, b| a.zone.cmp(&b.zone));
        exits.append(&mut enters);
        state.inside.clone_from(scratch);
        Ok(exits)
    }
}
