//! Zone entry and exit for position reports, with hysteresis.
//!
//! The indexed path keeps, per track, the zones near it and for each a movement budget: the
//! signed distance to a zone's boundary changes by at most the distance moved, so while a track
//! has moved less than `clearance ± H` from where a zone was last evaluated, its state for that
//! zone cannot change and the zone is not looked at. A track thus touches zone geometry only
//! when it nears a boundary or leaves the neighbourhood its zone list was drawn for. The
//! brute-force path evaluates every zone whose box holds the point, on every report; both give
//! the same events.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;

use compact_str::CompactString;
use geo::Coord;
use rustc_hash::FxHashMap;

use super::grid::{Cell, cell_of, f32_down, middle_latitude};
use super::{CandidateFilter, Deconfliction, ZoneEntry, slots::Slots};
use crate::coord::LocalScale;
use crate::position::{PositionError, PositionReport, ZoneEvent, ZoneEventKind};
use crate::time::Timestamp;

/// How far beyond the hysteresis margin clearances are measured, metres; it bounds the work of
/// one evaluation and the budget it can earn.
const CLEARANCE_REACH_M: f64 = 10_000.0;
/// Movement is overestimated, and distances to zone boxes underestimated, by this factor,
/// covering the drift of the local metric across a neighbourhood (a grid cell; its scale is
/// taken at the centre).
const MOVE_SAFETY: f64 = 1.01;

/// Reports taken together by [`Deconfliction::observe_all`]: their track states and the zone
/// data they will probably read are loaded for the whole group before any is processed, so the
/// memory waits of a group overlap instead of following one another.
const GROUP: usize = 16;

/// Every track's state in one vector, found by party and track id.
#[derive(Debug, Default)]
pub(super) struct Tracks {
    /// Positions in `states` by party and track id. Parties come from the configuration, so
    /// their map uses the fast `rustc-hash`; track ids are chosen by the parties, who are
    /// adversaries, so that map keeps the standard keyed SipHash, which a party cannot flood
    /// with colliding ids to slow every party's position checks.
    ids: FxHashMap<String, HashMap<CompactString, usize>>,
    states: Vec<TrackState>,
    /// The zones a track is inside after a report, rebuilt for each report that changes any.
    inside_now: Vec<u32>,
    /// Zones a report makes a track enter (`true`) or leave.
    flips: Vec<(u32, bool)>,
    spare: Spare,
}

impl Tracks {
    /// The position of `report`'s track in `states`, adding a new track.
    fn position_of(&mut self, report: &PositionReport) -> usize {
        let party = match self.ids.get_mut(report.party.as_str()) {
            Some(t) => t,
            None => self.ids.entry(report.party.clone()).or_default(),
        };
        if let Some(&i) = party.get(report.track.as_str()) {
            return i;
        }
        self.states.push(TrackState::new(report.time));
        party.insert(
            CompactString::from(report.track.as_str()),
            self.states.len() - 1,
        );
        self.states.len() - 1
    }

    /// Forgets every track.
    pub fn clear(&mut self) {
        self.ids.clear();
        self.states.clear();
    }

    /// Drops a removed zone from every track's inside list.
    pub fn forget_zone(&mut self, slot: u32) {
        for state in &mut self.states {
            if state.inside.contains(&slot) {
                state.inside = state
                    .inside
                    .iter()
                    .copied()
                    .filter(|&s| s != slot)
                    .collect();
            }
        }
    }
}

/// What [`Deconfliction::observe_all`] found: events and refusals, each with the position of
/// its report in the input, in input order.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Observed {
    /// Zone entries and exits.
    pub events: Vec<ObservedEvent>,
    /// Reports refused, with why; they changed nothing.
    pub refused: Vec<(usize, PositionError)>,
}

/// A zone entry or exit found by [`Deconfliction::observe_all`]. The party, track, time and
/// place are those of the report it names; [`ObservedEvent::to_zone_event`] puts them together.
#[derive(Debug, Clone, PartialEq)]
pub struct ObservedEvent {
    /// Position of the report in the input.
    pub report: usize,
    /// The zone's id.
    pub zone: Arc<str>,
    /// Entry or exit.
    pub kind: ZoneEventKind,
}

impl ObservedEvent {
    /// The full event, given the report it names.
    pub fn to_zone_event(&self, report: &PositionReport) -> ZoneEvent {
        zone_event(report, self.zone.to_string(), self.kind)
    }
}

fn zone_event(report: &PositionReport, zone: String, kind: ZoneEventKind) -> ZoneEvent {
    ZoneEvent {
        party: report.party.clone(),
        track: report.track.clone(),
        zone,
        kind,
        time: report.time,
        position: report.position,
    }
}

/// What the index remembers about one track: two cache lines, aligned so that a report
/// reads no third (`repr(C)` keeps the field order: the first line is what the free-movement
/// test reads).
#[derive(Debug, Clone)]
#[repr(C, align(64))]
pub(super) struct TrackState {
    /// Where the track was at the last pass over its zones: `free_m` and every zone's slack
    /// are measured from here.
    free_anchor: Coord<f64>,
    /// Distance the track may move from `free_anchor` with no zone budget spent, metres (the
    /// smallest slack); negative when unknown. Lets most reports skip the zone list.
    free_m: f64,
    /// Metric at the middle of the neighbourhood, for movement.
    scale: LocalScale,
    /// For each zone of `near`, in the same order, a lower bound on what is left of its
    /// budget measured from `free_anchor`: while the track stays closer than this to that
    /// point, the zone is skipped without computing anything. Kept apart from `near` so that a
    /// pass reads one or two cache lines, and visits a zone's details only when its slack is
    /// spent.
    slack: Vec<f64>,
    /// Time of the latest report taken into account.
    last: Timestamp,
    /// Zone generation the neighbourhood was drawn under; 0 for never.
    generation: u64,
    /// The grid cell the neighbourhood is.
    cell: Cell,
    /// Zones whose grown boxes meet the neighbourhood, by slot.
    near: Vec<NearZone>,
    /// Zone slots the track is inside, sorted; a boxed slice to keep the state in two lines.
    inside: Box<[u32]>,
}

/// A zone near a track, and how far the track may move before it must be looked at again.
///
/// Packed in 16 bytes, four to a cache line: the anchor is rounded to the nearest `f32`
/// (within half a metre) and budgets are stored [`ANCHOR_SLACK_M`] short to cover that; the
/// zone's box comes from the grid's table of boxes, not from here.
#[derive(Debug, Clone, Copy)]
pub(super) struct NearZone {
    /// The zone's slot, with [`INSIDE`] set when the track is inside the zone.
    slot_inside: u32,
    /// Metres the track may move from `anchor` before the zone is evaluated again; negative
    /// for never evaluated.
    budget_m: f32,
    anchor: [f32; 2],
}

/// The bit of [`NearZone::slot_inside`] that says the track is inside. Slots stay below it:
/// they number the zones stored, and 2^31 zones of hundreds of bytes each cannot fit in memory.
const INSIDE: u32 = 1 << 31;

/// Budget withheld to cover the rounding of anchors to `f32` (at most about 0.5 m).
const ANCHOR_SLACK_M: f64 = 1.0;

/// Metres from `p` to the box `[lon0, lat0, lon1, lat1]` (0 inside it), in the metric `scale`.
fn box_distance(bbox: &[f32; 4], p: Coord<f64>, scale: LocalScale) -> f64 {
    let [x0, y0, x1, y1] = bbox.map(f64::from);
    let dx = (x0 - p.x).max(p.x - x1).max(0.0) * scale.kx;
    let dy = (y0 - p.y).max(p.y - y1).max(0.0) * scale.ky;
    // Not `hypot`: a library call, and its extra accuracy is below `MOVE_SAFETY`.
    (dx * dx + dy * dy).sqrt()
}

impl NearZone {
    fn new(slot: u32, inside: bool) -> Self {
        let mut zone = NearZone {
            slot_inside: slot,
            budget_m: -1.0,
            anchor: [0.0, 0.0],
        };
        zone.set_inside(inside);
        zone
    }

    fn slot(&self) -> u32 {
        self.slot_inside & !INSIDE
    }

    /// Whether the track is inside the zone.
    fn inside(&self) -> bool {
        self.slot_inside & INSIDE != 0
    }

    fn set_inside(&mut self, inside: bool) {
        self.slot_inside = if inside {
            self.slot_inside | INSIDE
        } else {
            self.slot_inside & !INSIDE
        };
    }

    /// Metres moved from the anchor to `p`, overestimated by [`MOVE_SAFETY`].
    fn moved(&self, p: Coord<f64>, scale: LocalScale) -> f64 {
        let dx = (p.x - f64::from(self.anchor[0])) * scale.kx;
        let dy = (p.y - f64::from(self.anchor[1])) * scale.ky;
        (dx * dx + dy * dy).sqrt() * MOVE_SAFETY
    }

    /// Re-anchors at `p` with `budget` metres of free movement, and returns the budget kept.
    fn reset(&mut self, p: Coord<f64>, budget: f64) -> f64 {
        self.anchor = [p.x as f32, p.y as f32];
        self.budget_m = f32_down(budget - ANCHOR_SLACK_M);
        f64::from(self.budget_m)
    }
}

impl TrackState {
    fn new(last: Timestamp) -> Self {
        TrackState {
            last,
            inside: Box::default(),
            generation: 0,
            cell: (0, 0),
            scale: LocalScale::at(0.0),
            free_anchor: Coord { x: 0.0, y: 0.0 },
            free_m: -1.0,
            slack: Vec::new(),
            near: Vec::new(),
        }
    }

    /// Metres from `a` to `p` in the neighbourhood's metric, overestimated by [`MOVE_SAFETY`].
    fn moved(&self, a: Coord<f64>, p: Coord<f64>) -> f64 {
        let dx = (p.x - a.x) * self.scale.kx;
        let dy = (p.y - a.y) * self.scale.ky;
        (dx * dx + dy * dy).sqrt() * MOVE_SAFETY
    }

    /// True when a move of `shift` metres from the last pass is within every zone's slack, so
    /// that the report cannot change anything.
    fn within_free(&self, shift: f64) -> bool {
        self.free_m > 0.0 && shift < self.free_m
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
        let track = self.tracks.position_of(report);
        let mut changes = Vec::new();
        self.observe_track(track, report, &mut changes);
        Ok(changes
            .into_iter()
            .map(|(slot, kind)| {
                let zone = self.zones.get(slot).map(|z| z.zone.id.clone());
                zone_event(report, zone.unwrap_or_default(), kind)
            })
            .collect())
    }

    /// Takes reports in order, exactly as [`Deconfliction::observe`] one by one would, and
    /// returns every event with the position of the report that caused it; a report `observe`
    /// would refuse is listed in [`Observed::refused`] and the others are taken.
    ///
    /// Faster than one call per report: each group of reports has its track states and the
    /// zone data it will probably need loaded together, so that their memory latencies
    /// overlap. Reports from many tracks arriving in turn find those cold, and waiting for
    /// memory, not computing, is what a position check mostly costs.
    pub fn observe_all(&mut self, reports: &[PositionReport]) -> Observed {
        let mut out = Observed::default();
        let mut tracks = [usize::MAX; GROUP];
        let mut changes = Vec::new();
        for (g, group) in reports.chunks(GROUP).enumerate() {
            for (k, report) in group.iter().enumerate() {
                tracks[k] = match report.validate() {
                    Ok(()) => self.tracks.position_of(report),
                    Err(e) => {
                        out.refused.push((g * GROUP + k, e));
                        usize::MAX
                    }
                };
            }
            self.warm(group, &tracks[..group.len()]);
            for (k, report) in group.iter().enumerate() {
                if tracks[k] == usize::MAX {
                    continue;
                }
                changes.clear();
                self.observe_track(tracks[k], report, &mut changes);
                for &(slot, kind) in &changes {
                    if let Some(zone) = self.zones.get(slot) {
                        out.events.push(ObservedEvent {
                            report: g * GROUP + k,
                            zone: zone.id.clone(),
                            kind,
                        });
                    }
                }
            }
        }
        out
    }

    /// Reads, for a group of reports, each track's state and the zone data its check will
    /// probably look at, so that the misses are in flight together. Changes nothing: the reads
    /// only bring memory into the cache, and a wrong guess costs a wasted read.
    ///
    /// Each stage is a loop of independent reads with no branch on what they return: a branch
    /// on data still in flight would hold back every read after it. The next stage finds the
    /// previous one's data in the cache.
    fn warm(&self, group: &[PositionReport], tracks: &[usize]) {
        let states = &self.tracks.states;
        let state = |t: usize| states.get(t);
        let mut sink = 0.0;
        for state in tracks.iter().filter_map(|&t| state(t)) {
            sink += state.free_m + state.last.0 as f64;
        }
        for state in tracks.iter().filter_map(|&t| state(t)) {
            sink += state.slack.first().copied().unwrap_or_default();
            sink += state.slack.last().copied().unwrap_or_default();
        }
        // Zones whose slack the report spends, and where it is.
        let mut due: [(usize, usize, Coord<f64>); 8 * GROUP] = [(0, 0, Coord::zero()); 8 * GROUP];
        let mut count = 0;
        'reports: for (report, &t) in group.iter().zip(tracks) {
            let Some(state) = state(t) else {
                continue;
            };
            let p = report.position.to_coord();
            let shift = state.moved(state.free_anchor, p);
            if state.within_free(shift) {
                continue;
            }
            for (i, &slack) in state.slack.iter().enumerate() {
                if slack <= shift {
                    if count == due.len() {
                        break 'reports;
                    }
                    due[count] = (t, i, p);
                    count += 1;
                }
            }
        }
        let due = &due[..count];
        for &(t, i, _) in due {
            sink += f64::from(states[t].near[i].budget_m);
        }
        // Of those, the ones whose box is close enough for an exact evaluation.
        let reach = self.config.hysteresis_m * MOVE_SAFETY;
        let boxes = self.zone_grid.boxes();
        let mut probable: [(u32, Coord<f64>); 8 * GROUP] = [(0, Coord::zero()); 8 * GROUP];
        let mut evaluations = 0;
        for &(t, i, p) in due {
            let slot = states[t].near[i].slot();
            if box_distance(&boxes[slot as usize], p, states[t].scale) <= reach {
                probable[evaluations] = (slot, p);
                evaluations += 1;
            }
        }
        let areas = || {
            probable[..evaluations]
                .iter()
                .filter_map(|&(slot, p)| Some((self.zones.get(slot)?.zone.area.prepared(), p)))
        };
        for (area, _) in areas() {
            sink += area.bbox().min().x;
        }
        for (area, p) in areas() {
            sink += area.warm_offsets(p);
        }
        for (area, p) in areas() {
            sink += area.warm_edges(p);
        }
        black_box(sink);
    }

    /// Takes a valid report for the track at `track` in the track list, and adds the zones it
    /// makes the track leave, then those it makes it enter, each by zone id, to `changes`.
    fn observe_track(
        &mut self,
        track: usize,
        report: &PositionReport,
        changes: &mut Vec<(u32, ZoneEventKind)>,
    ) {
        let p = report.position.to_coord();
        let Deconfliction {
            zones,
            zone_tree,
            zone_grid,
            tracks,
            config,
            zone_generation,
            ..
        } = self;
        let Tracks {
            states,
            inside_now,
            flips,
            spare,
            ..
        } = tracks;
        let state = &mut states[track];
        if report.time < state.last {
            return;
        }
        state.last = report.time;

        let h = config.hysteresis_m;
        inside_now.clear();
        match config.filter {
            CandidateFilter::RTree => {
                flips.clear();
                let cell = cell_of(p);
                if state.generation != *zone_generation || state.cell != cell {
                    zone_grid.near(cell, inside_now);
                    redraw_neighbourhood(state, *zone_generation, inside_now, spare, flips);
                    state.cell = cell;
                    state.scale = LocalScale::at(middle_latitude(cell));
                }
                // After a re-draw `free_m` is unknown, so a pass is always due.
                let shift = state.moved(state.free_anchor, p);
                if state.within_free(shift) {
                    // Every zone's budget covers this move: nothing can have changed.
                    return;
                }
                spend_budgets(state, zones, zone_grid.boxes(), p, shift, h, flips);
                if flips.is_empty() {
                    return;
                }
                inside_now.clear();
                inside_now.extend_from_slice(&state.inside);
                for &(slot, now) in flips.iter() {
                    match (inside_now.binary_search(&slot), now) {
                        (Err(at), true) => inside_now.insert(at, slot),
                        (Ok(at), false) => {
                            inside_now.remove(at);
                        }
                        _ => {}
                    }
                }
            }
            CandidateFilter::LinearScan => {
                Self::zone_candidates(
                    zones,
                    zone_tree,
                    config.filter,
                    geo::Rect::new(p, p),
                    inside_now,
                );
                let scale = LocalScale::at(p.y);
                inside_now.retain(|&slot| {
                    zones.get(slot).is_some_and(|z| {
                        let s = z.zone.area.prepared().signed_clearance(p, h + 1.0, scale);
                        inside_after(state.inside.binary_search(&slot).is_ok(), s, h)
                    })
                });
                inside_now.sort_unstable();
            }
        }
        if inside_now[..] == state.inside[..] {
            return;
        }
        diff(zones, &state.inside, inside_now, changes);
        state.inside = inside_now[..].into();
    }
}

/// Lists reused from one re-drawn neighbourhood to the next, so that re-drawing allocates
/// nothing once tracks have settled.
#[derive(Debug, Default)]
pub(super) struct Spare {
    slack: Vec<f64>,
    near: Vec<NearZone>,
}

/// Re-draws the zones near the track from `candidates` (the sorted slots of the zones whose
/// grown boxes meet its new cell), keeping budgets of zones that stay near under the same
/// generation. Zones the track was inside that are no longer near go to `flips` as exits:
/// being beyond their grown boxes, the track is outside them by more than the margin. Reads
/// no zone data: the new zones' budgets start unknown.
fn redraw_neighbourhood(
    state: &mut TrackState,
    generation: u64,
    candidates: &[u32],
    spare: &mut Spare,
    flips: &mut Vec<(u32, bool)>,
) {
    let keep = state.generation == generation;
    let (slack, near) = (&mut spare.slack, &mut spare.near);
    slack.clear();
    near.clear();
    for &slot in candidates.iter() {
        let kept = keep
            .then(|| state.near.binary_search_by_key(&slot, NearZone::slot).ok())
            .flatten();
        if let Some(i) = kept {
            near.push(state.near[i]);
            slack.push(state.slack[i]);
        } else {
            let inside = state.inside.binary_search(&slot).is_ok();
            near.push(NearZone::new(slot, inside));
            slack.push(-1.0);
        }
    }
    for &slot in state.inside.iter() {
        if near.binary_search_by_key(&slot, NearZone::slot).is_err() {
            flips.push((slot, false));
        }
    }
    std::mem::swap(&mut state.near, near);
    std::mem::swap(&mut state.slack, slack);
    state.generation = generation;
    state.free_m = -1.0;
}

/// Spends the zones' slack on the move to `p`, `shift` metres from `free_anchor`, and looks
/// again at each zone whose slack is gone, recording in `flips` the zones the track enters or
/// leaves.
fn spend_budgets(
    state: &mut TrackState,
    zones: &Slots<ZoneEntry>,
    boxes: &[[f32; 4]],
    p: Coord<f64>,
    shift: f64,
    h: f64,
    flips: &mut Vec<(u32, bool)>,
) {
    // Every zone's slack is measured from `free_anchor`; from `p` at least `slack - shift` is
    // left (triangle inequality), so zones with slack left need no look at all.
    for slack in &mut state.slack {
        *slack -= shift;
    }
    let mut scale_at_p = None;
    for (slack, near) in state.slack.iter_mut().zip(&mut state.near) {
        if *slack > 0.0 {
            continue;
        }
        let moved = near.moved(p, state.scale);
        let budget = f64::from(near.budget_m);
        let now = if moved < budget {
            *slack = budget - moved;
            continue;
        } else if let Some(gap) =
            Some(box_distance(&boxes[near.slot() as usize], p, state.scale) / MOVE_SAFETY)
                .filter(|&g| g > h)
        {
            // Outside the box by more than the margin: outside the zone by more too, and
            // for at least `gap` more metres, whatever the state was.
            *slack = near.reset(p, h + gap);
            false
        } else {
            let Some(zone) = zones.get(near.slot()) else {
                continue;
            };
            let scale = *scale_at_p.get_or_insert_with(|| LocalScale::at(p.y));
            let s = zone
                .zone
                .area
                .prepared()
                .signed_clearance(p, h + CLEARANCE_REACH_M, scale);
            let now = inside_after(near.inside(), s, h);
            // The state can flip only once the signed distance crosses -h (inside) or +h
            // (outside), which takes at least this much movement.
            *slack = near.reset(p, if now { s + h } else { h - s });
            now
        };
        if now != near.inside() {
            near.set_inside(now);
            flips.push((near.slot(), now));
        }
    }
    // From `p`, any move shorter than every zone's slack changes nothing.
    state.free_anchor = p;
    state.free_m = state.slack.iter().copied().fold(f64::INFINITY, f64::min);
}

/// Adds the zones left, then the zones entered, each sorted by zone id, to `changes`.
fn diff(
    zones: &Slots<ZoneEntry>,
    before: &[u32],
    after: &[u32],
    changes: &mut Vec<(u32, ZoneEventKind)>,
) {
    let id = |&(slot, _): &(u32, ZoneEventKind)| zones.get(slot).map(|z| &z.id);
    let exits = before.iter().filter(|s| after.binary_search(s).is_err());
    let from = changes.len();
    changes.extend(exits.map(|&s| (s, ZoneEventKind::Exit)));
    changes[from..].sort_by(|a, b| id(a).cmp(&id(b)));
    let enters = after.iter().filter(|s| before.binary_search(s).is_err());
    let from = changes.len();
    changes.extend(enters.map(|&s| (s, ZoneEventKind::Enter)));
    changes[from..].sort_by(|a, b| id(a).cmp(&id(b)));
}
