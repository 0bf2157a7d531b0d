//! Zone entry and exit for position reports, with hysteresis.
//!
//! The indexed path keeps, per track, the zones near it and for each a movement budget: the
//! signed distance to a zone's boundary changes by at most the distance moved, so while a track
//! has moved less than `clearance ± H` from where a zone was last evaluated, its state for that
//! zone cannot change and the zone is not looked at. A track thus touches zone geometry only
//! when it nears a boundary or leaves the neighbourhood its zone list was drawn for. The
//! brute-force path evaluates every zone whose box holds the point, on every report; both give
//! the same events.

use geo::Coord;

use super::{CandidateFilter, Deconfliction, ZoneEntry, slots::Slots};
use crate::coord::{LocalScale, degree_margin};
use crate::position::{PositionError, PositionReport, ZoneEvent, ZoneEventKind};
use crate::time::Timestamp;

/// Radius of the neighbourhood whose zones a track keeps, metres. Larger means fewer R-tree
/// lookups but more zones carried per track.
const NEIGHBOURHOOD_M: f64 = 5_000.0;
/// How far beyond the hysteresis margin clearances are measured, metres; it bounds the work of
/// one evaluation and the budget it can earn.
const CLEARANCE_REACH_M: f64 = 10_000.0;
/// Movement is overestimated, and distances to zone boxes underestimated, by this factor,
/// covering the drift of the local metric across a neighbourhood (its scale is taken at the
/// centre).
const MOVE_SAFETY: f64 = 1.01;

/// What the index remembers about one track.
#[derive(Debug, Clone)]
pub(super) struct TrackState {
    /// Time of the latest report taken into account.
    last: Timestamp,
    /// Zone slots the track is inside, sorted.
    inside: Vec<u32>,
    /// Zone generation the neighbourhood was drawn under; 0 for never.
    generation: u64,
    /// Lon/lat box of the neighbourhood: `[lon0, lat0, lon1, lat1]`.
    bounds: [f64; 4],
    /// Metric at the neighbourhood's centre, for movement.
    scale: LocalScale,
    /// Zones whose grown boxes meet the neighbourhood, by slot.
    near: Vec<NearZone>,
    /// Where the track was at the last pass over `near`: `free_m` and every zone's slack are
    /// measured from here.
    free_anchor: Coord<f64>,
    /// Distance the track may move from `free_anchor` with no zone budget spent, metres (the
    /// smallest budget left); negative when unknown. Lets most reports skip the zone list.
    free_m: f64,
}

/// A zone near a track, and how far the track may move before it must be looked at again.
///
/// Packed into 40 bytes with `f32` fields because the list is read on every report: the
/// anchor is rounded to the nearest `f32` (within half a metre) and budgets are stored
/// [`ANCHOR_SLACK_M`] short to cover that; slack is rounded down and the box outwards.
#[derive(Debug, Clone, Copy)]
struct NearZone {
    slot: u32,
    /// Metres the track may move from `anchor` before the zone is evaluated again; negative
    /// for never evaluated.
    budget_m: f32,
    /// A lower bound on what is left of the budget, measured from where the track was at its
    /// last pass over this list ([`TrackState::free_anchor`]): while the track stays closer
    /// than this to that point, the zone is skipped without computing anything.
    slack_m: f32,
    /// Whether the track is inside the zone (kept here so a pass reads one list).
    inside: bool,
    anchor: [f32; 2],
    /// The zone's bounding box `[lon0, lat0, lon1, lat1]`, copied here so that the common
    /// case, a track outside the box, is settled without touching the zone.
    bbox: [f32; 4],
}

/// Budget withheld to cover the rounding of anchors to `f32` (at most about 0.5 m).
const ANCHOR_SLACK_M: f64 = 1.0;

/// `v` as the largest `f32` not above it.
fn f32_down(v: f64) -> f32 {
    let r = v as f32;
    if f64::from(r) > v { r.next_down() } else { r }
}

/// `v` as the smallest `f32` not below it.
fn f32_up(v: f64) -> f32 {
    let r = v as f32;
    if f64::from(r) < v { r.next_up() } else { r }
}

impl NearZone {
    fn new(slot: u32, inside: bool, bbox: geo::Rect<f64>) -> Self {
        NearZone {
            slot,
            budget_m: -1.0,
            slack_m: -1.0,
            inside,
            anchor: [0.0, 0.0],
            bbox: [
                f32_down(bbox.min().x),
                f32_down(bbox.min().y),
                f32_up(bbox.max().x),
                f32_up(bbox.max().y),
            ],
        }
    }

    /// Metres from `p` to the zone's bounding box (0 inside it), in the metric `scale`.
    fn box_distance(&self, p: Coord<f64>, scale: LocalScale) -> f64 {
        let [x0, y0, x1, y1] = self.bbox.map(f64::from);
        let dx = (x0 - p.x).max(p.x - x1).max(0.0) * scale.kx;
        let dy = (y0 - p.y).max(p.y - y1).max(0.0) * scale.ky;
        // Not `hypot`: a library call, and its extra accuracy is below `MOVE_SAFETY`.
        (dx * dx + dy * dy).sqrt()
    }

    /// Metres moved from the anchor to `p`, overestimated by [`MOVE_SAFETY`].
    fn moved(&self, p: Coord<f64>, scale: LocalScale) -> f64 {
        let dx = (p.x - f64::from(self.anchor[0])) * scale.kx;
        let dy = (p.y - f64::from(self.anchor[1])) * scale.ky;
        (dx * dx + dy * dy).sqrt() * MOVE_SAFETY
    }

    /// Re-anchors at `p` with `budget` metres of free movement.
    fn reset(&mut self, p: Coord<f64>, budget: f64) {
        self.anchor = [p.x as f32, p.y as f32];
        self.budget_m = f32_down(budget - ANCHOR_SLACK_M);
        self.slack_m = self.budget_m;
    }
}

impl TrackState {
    fn new(last: Timestamp) -> Self {
        TrackState {
            last,
            inside: Vec::new(),
            generation: 0,
            bounds: [0.0; 4],
            scale: LocalScale::at(0.0),
            near: Vec::new(),
            free_anchor: Coord { x: 0.0, y: 0.0 },
            free_m: -1.0,
        }
    }

    pub fn forget_zone(&mut self, slot: u32) {
        self.inside.retain(|&s| s != slot);
    }

    /// Metres from `a` to `p` in the neighbourhood's metric, overestimated by [`MOVE_SAFETY`].
    fn moved(&self, a: Coord<f64>, p: Coord<f64>) -> f64 {
        let dx = (p.x - a.x) * self.scale.kx;
        let dy = (p.y - a.y) * self.scale.ky;
        (dx * dx + dy * dy).sqrt() * MOVE_SAFETY
    }

    fn holds(&self, p: Coord<f64>) -> bool {
        let b = &self.bounds;
        p.x >= b[0] && p.x <= b[2] && p.y >= b[1] && p.y <= b[3]
    }
}

/// The hysteresis rule: inside stays inside until out by more than `h`; outside stays outside
/// until in by more than `h`.
fn inside_after(was_inside: bool, signed_m: f64, h: f64) -> bool {
    if was_inside {
        signed_m >= -h
    } else {
        signed_m > h
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
        let Deconfliction {
            zones,
            zone_tree,
            tracks,
            scratch,
            config,
            zone_generation,
            ..
        } = self;
        let party = match tracks.get_mut(report.party.as_str()) {
            Some(t) => t,
            None => tracks.entry(report.party.clone()).or_default(),
        };
        let state = match party.get_mut(report.track.as_str()) {
            Some(s) => s,
            None => party
                .entry(report.track.clone())
                .or_insert(TrackState::new(report.time)),
        };
        if report.time < state.last {
            return Ok(Vec::new());
        }
        state.last = report.time;

        let h = config.hysteresis_m;
        scratch.clear();
        match config.filter {
            CandidateFilter::RTree => {
                if state.generation != *zone_generation || !state.holds(p) {
                    redraw_neighbourhood(state, p, *zone_generation, zones, |rect, out| {
                        Self::zone_candidates(zones, zone_tree, config.filter, rect, out)
                    });
                }
                if state.free_m > 0.0 && state.moved(state.free_anchor, p) < state.free_m {
                    // Every zone's budget covers this move: nothing can have changed.
                    return Ok(Vec::new());
                }
                spend_budgets(state, zones, p, h, scratch);
            }
            CandidateFilter::LinearScan => {
                Self::zone_candidates(
                    zones,
                    zone_tree,
                    config.filter,
                    geo::Rect::new(p, p),
                    scratch,
                );
                let scale = LocalScale::at(p.y);
                scratch.retain(|&slot| {
                    zones.get(slot).is_some_and(|z| {
                        let s = z.zone.area.prepared().signed_clearance(p, h + 1.0, scale);
                        inside_after(state.inside.binary_search(&slot).is_ok(), s, h)
                    })
                });
                scratch.sort_unstable();
            }
        }
        if *scratch == state.inside {
            return Ok(Vec::new());
        }
        let events = diff_events(report, zones, &state.inside, scratch);
        state.inside.clone_from(scratch);
        Ok(events)
    }
}

/// Re-draws the zones near `p`, keeping budgets of zones that stay near under the same
/// generation, and dropping from `inside` the zones no longer near (which are outside by more
/// than the margin, being beyond their grown boxes).
fn redraw_neighbourhood(
    state: &mut TrackState,
    p: Coord<f64>,
    generation: u64,
    zones: &Slots<ZoneEntry>,
    candidates: impl FnOnce(geo::Rect<f64>, &mut Vec<u32>),
) {
    let (dlon, dlat) = degree_margin(NEIGHBOURHOOD_M, p.y, p.y);
    let lo = Coord {
        x: p.x - dlon,
        y: p.y - dlat,
    };
    let hi = Coord {
        x: p.x + dlon,
        y: p.y + dlat,
    };
    let mut slots = Vec::new();
    candidates(geo::Rect::new(lo, hi), &mut slots);
    slots.sort_unstable();
    let keep = state.generation == generation;
    let old = std::mem::take(&mut state.near);
    let inside = &state.inside;
    state.near = slots
        .into_iter()
        .filter_map(|slot| {
            let kept = keep
                .then(|| old.binary_search_by_key(&slot, |z| z.slot).ok())
                .flatten()
                .map(|i| old[i]);
            kept.or_else(|| {
                let b = zones.get(slot)?.zone.area.bounding_rect();
                Some(NearZone::new(slot, inside.binary_search(&slot).is_ok(), b))
            })
        })
        .collect();
    state.generation = generation;
    state.free_m = -1.0;
    state.bounds = [lo.x, lo.y, hi.x, hi.y];
    state.scale = LocalScale::at(p.y);
}

/// Fills `inside_now` with the zones the track is inside after moving to `p`, evaluating only
/// zones whose movement budget is spent.
fn spend_budgets(
    state: &mut TrackState,
    zones: &Slots<ZoneEntry>,
    p: Coord<f64>,
    h: f64,
    inside_now: &mut Vec<u32>,
) {
    // Every zone's slack is measured from `free_anchor`; from `p` at least `slack - shift` is
    // left (triangle inequality), so zones with more slack than `shift` need no look at all.
    let shift = state.moved(state.free_anchor, p);
    let mut scale_at_p = None;
    let mut free = f64::INFINITY;
    for near in &mut state.near {
        let slack = f64::from(near.slack_m);
        if slack > shift {
            near.slack_m = f32_down(slack - shift);
        } else {
            let moved = near.moved(p, state.scale);
            let budget = f64::from(near.budget_m);
            if moved < budget {
                near.slack_m = f32_down(budget - moved);
            } else if let Some(gap) =
                Some(near.box_distance(p, state.scale) / MOVE_SAFETY).filter(|&g| g > h)
            {
                // Outside the box by more than the margin: outside the zone by more too, and
                // for at least `gap` more metres, whatever the state was.
                near.reset(p, h + gap);
                near.inside = false;
            } else {
                let Some(zone) = zones.get(near.slot) else {
                    continue;
                };
                let scale = *scale_at_p.get_or_insert_with(|| LocalScale::at(p.y));
                let s = zone
                    .zone
                    .area
                    .prepared()
                    .signed_clearance(p, h + CLEARANCE_REACH_M, scale);
                let now = inside_after(near.inside, s, h);
                // The state can flip only once the signed distance crosses -h (inside) or +h
                // (outside), which takes at least this much movement.
                near.reset(p, if now { s + h } else { h - s });
                near.inside = now;
            }
        }
        free = free.min(f64::from(near.slack_m));
        if near.inside {
            inside_now.push(near.slot);
        }
    }
    // From `p`, any move shorter than every zone's slack changes nothing.
    state.free_anchor = p;
    state.free_m = free;
}

/// Exit events for zones left, then entry events for zones entered, each sorted by zone id.
fn diff_events(
    report: &PositionReport,
    zones: &Slots<ZoneEntry>,
    before: &[u32],
    after: &[u32],
) -> Vec<ZoneEvent> {
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
    let mut exits: Vec<ZoneEvent> = before
        .iter()
        .filter(|s| after.binary_search(s).is_err())
        .map(|&s| event(s, ZoneEventKind::Exit))
        .collect();
    let mut enters: Vec<ZoneEvent> = after
        .iter()
        .filter(|s| before.binary_search(s).is_err())
        .map(|&s| event(s, ZoneEventKind::Enter))
        .collect();
    exits.sort_by(|a, b| a.zone.cmp(&b.zone));
    enters.sort_by(|a, b| a.zone.cmp(&b.zone));
    exits.append(&mut enters);
    exits
}
