//! The space-time deconfliction index: zones, activities and tracks.
//!
//! Every query first asks an R-tree (`rstar`) for the entries whose bounding boxes meet the
//! query's, filters them on cheap attributes (party, time window, altitude band), and only then
//! runs the exact geometric test on the survivors. Activities sit in a space-time R-tree (lon,
//! lat and time), so that a query meets only the activities near it in both: a footprint's box
//! alone meets some 50 times more activities than also overlap it in time. The candidates'
//! stored data is loaded for all of them together before any is tested: with 100k activities it
//! is rarely in the cache, and loading it one candidate after another was most of a query's
//! time.
//!
//! Position reports take another path (`tracking.rs`): each track keeps the zones of the grid
//! cell it is in (`grid.rs`) with a movement budget per zone, so most reports touch no zone
//! geometry; [`Deconfliction::observe_all`] takes a batch and loads each group's track states
//! and zone data before checking them, so that their memory waits overlap.

mod grid;
mod query;
mod slots;
mod tracking;

use std::sync::Arc;

use geo::Rect;
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RStarInsertionStrategy, RTree, RTreeParams};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::activity::{Activity, ActivityError, PreparedActivity};
use crate::coord::degree_margin;
use crate::rules::Zone;
use crate::time::TimeWindow;
use grid::ZoneGrid;
pub use query::{Assessment, Conflict, ForceExcess, RuleViolation};
use slots::Slots;
use tracking::Tracks;
pub use tracking::{Observed, ObservedEvent};

/// Largest accepted hysteresis margin. Margins are measured in a local planar metric that is
/// accurate to well under 1 % at this size.
pub const MAX_HYSTERESIS_M: f64 = 50_000.0;

/// How candidates are found before the exact tests.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CandidateFilter {
    /// R-tree lookup on bounding boxes (the normal mode).
    #[default]
    RTree,
    /// Every stored entry: the brute-force baseline that benchmarks and tests compare against.
    /// Same answers, no index.
    LinearScan,
}

/// How declared forces are counted against a zone's caps.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForceAggregation {
    /// Each activity on its own.
    PerActivity,
    /// The activity plus the same party's other activities touching the zone, summed at the
    /// busiest instant of the activity's window (the default). Caps limit what a party has in an
    /// area at any one time, so this is what the 1974 limits mean; a sum over every overlapping
    /// activity would double-count activities that follow one another.
    #[default]
    ConcurrentSum,
}

/// Settings of a [`Deconfliction`] index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Config {
    /// Hysteresis margin for zone entry and exit, metres: a track enters a zone once inside it
    /// by more than this, and leaves once outside by more than this, so a track moving along a
    /// boundary does not flap.
    pub hysteresis_m: f64,
    /// Index or brute force.
    pub filter: CandidateFilter,
    /// Force counting rule.
    pub forces: ForceAggregation,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            hysteresis_m: 100.0,
            filter: CandidateFilter::RTree,
            forces: ForceAggregation::ConcurrentSum,
        }
    }
}

/// Why a configuration was refused.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum ConfigError {
    /// Hysteresis must be finite and in `[0, MAX_HYSTERESIS_M]`.
    #[error("hysteresis {0} m is outside [0, {MAX_HYSTERESIS_M}] m")]
    Hysteresis(f64),
}

/// Why a zone was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ZoneError {
    /// The id is empty.
    #[error("zone id is empty")]
    EmptyId,
}

/// What an upsert did, so callers notify only on real changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Change<T> {
    /// A new id.
    Added,
    /// An existing id got new content; `previous` is what it replaced.
    Updated {
        /// The replaced value.
        previous: T,
    },
    /// An existing id got identical content; nothing changed.
    Unchanged,
}

/// Zone R-tree entry: a bounding box and a slot number.
type Entry = GeomWithData<Rectangle<[f64; 2]>, u32>;

/// Activity R-tree entry: footprint box by time window (see [`space_time`]), with the slot and
/// the interned party, so the party filter needs nothing but the tree.
type ActivityItem = GeomWithData<Rectangle<[f64; 3]>, ActivityTag>;

/// What an activity's R-tree entry carries besides its box.
#[derive(Debug, Clone, Copy, PartialEq)]
struct ActivityTag {
    slot: u32,
    party: u32,
}

/// Milliseconds per unit of the time axis of the activity R-tree: a day, so that activity
/// windows (hours) and footprints (tenths of a degree) weigh alike in the tree's node shapes.
const MS_PER_TIME_UNIT: f64 = 86_400_000.0;

/// The space-time box of a footprint box and a window: `[lon, lat, days]`. The conversion to
/// days is monotone, so two windows that overlap give time intervals that meet: the tree never
/// loses a candidate, and the exact half-open test runs afterwards.
fn space_time(r: Rect<f64>, w: &TimeWindow) -> ([f64; 3], [f64; 3]) {
    let t = |t: crate::time::Timestamp| t.0 as f64 / MS_PER_TIME_UNIT;
    (
        [r.min().x, r.min().y, t(w.start())],
        [r.max().x, r.max().y, t(w.end())],
    )
}

/// Node sizes for the R-trees. Wider nodes than rstar's default (6) make trees shallower, and
/// scanning a node's contiguous child boxes is cheaper than chasing one more level of pointers.
struct TreeParams;

impl RTreeParams for TreeParams {
    const MIN_SIZE: usize = 6;
    const MAX_SIZE: usize = 16;
    const REINSERTION_COUNT: usize = 4;
    type DefaultInsertionStrategy = RStarInsertionStrategy;
}

type Tree = RTree<Entry, TreeParams>;
type ActivityTree = RTree<ActivityItem, TreeParams>;

#[derive(Debug)]
struct ActivityEntry {
    prepared: PreparedActivity,
    /// Footprint box, for the brute-force scan.
    rect: Rectangle<[f64; 2]>,
    /// The entry in the space-time tree.
    item: ActivityItem,
}

#[derive(Debug)]
struct ZoneEntry {
    zone: Zone,
    /// The zone's id, shared by the events [`Deconfliction::observe_all`] returns.
    id: Arc<str>,
    /// Bounding box grown by the hysteresis margin, so a track inside the zone that moves
    /// outside this box is certainly out by more than the margin.
    rect: Rectangle<[f64; 2]>,
}

/// The deconfliction index: zones, activities and the zone state of tracks.
///
/// ```
/// use fusioncell_geo::{
///     Activity, ActivityGeometry, ActivityKind, Area, Deconfliction, Forces, LonLat,
///     PositionReport, PreparedActivity, TimeWindow, Timestamp, Zone, ZoneEventKind,
/// };
///
/// let mut index = Deconfliction::default();
/// let area = Area::parse(
///     r#"{"type":"Polygon","coordinates":[[[35.7,32.9],[36.0,32.9],[36.0,33.2],[35.7,33.2],[35.7,32.9]]]}"#,
/// )?;
/// index.upsert_zone(Zone { id: "z1".into(), name: "Zone 1".into(), area, rules: Default::default() })?;
///
/// let hour = |h: i64| Timestamp(h * 3_600_000);
/// let flight = |id: &str, party: &str, lon: f64| Activity {
///     id: id.into(),
///     party: party.into(),
///     kind: ActivityKind::Air,
///     geometry: ActivityGeometry::Circle { center: LonLat { lon, lat: 33.0 }, radius_m: 5_000.0 },
///     altitude: None,
///     window: TimeWindow::new(hour(0), hour(2)).unwrap(),
///     forces: Forces::new(),
/// };
/// index.upsert_activity(flight("il-1", "IL", 35.80))?;
/// index.optimize();
///
/// let request = PreparedActivity::new(flight("sy-1", "SY", 35.85))?;
/// assert_eq!(index.conflicts(&request)[0].activity, "il-1");
///
/// let events = index.observe(&PositionReport {
///     party: "SY".into(),
///     track: "t1".into(),
///     time: hour(1),
///     position: LonLat { lon: 35.85, lat: 33.05 },
///     altitude_m: None,
/// })?;
/// assert_eq!(events[0].kind, ZoneEventKind::Enter);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Deconfliction {
    config: Config,
    activities: Slots<ActivityEntry>,
    zones: Slots<ZoneEntry>,
    activity_tree: ActivityTree,
    /// Party names to the small numbers the activity tree carries; never shrinks (parties are
    /// few).
    parties: FxHashMap<String, u32>,
    zone_tree: Tree,
    /// The same zones filed by grid cell, for drawing tracks' neighbourhoods.
    zone_grid: ZoneGrid,
    /// Every track's zone state.
    tracks: Tracks,
    /// Bumped on every zone change so tracks re-draw their cached neighbourhoods.
    zone_generation: u64,
}

impl Default for Deconfliction {
    fn default() -> Self {
        Self::build(Config::default())
    }
}

fn to_rectangle(r: Rect<f64>) -> Rectangle<[f64; 2]> {
    Rectangle::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
}

fn to_aabb(r: Rect<f64>) -> AABB<[f64; 2]> {
    AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y])
}

impl Deconfliction {
    /// An empty index with `config`.
    pub fn new(config: Config) -> Result<Self, ConfigError> {
        let h = config.hysteresis_m;
        if !(0.0..=MAX_HYSTERESIS_M).contains(&h) {
            return Err(ConfigError::Hysteresis(h));
        }
        Ok(Self::build(config))
    }

    fn build(config: Config) -> Self {
        Deconfliction {
            config,
            activities: Slots::default(),
            zones: Slots::default(),
            activity_tree: RTree::new_with_params(),
            parties: FxHashMap::default(),
            zone_tree: RTree::new_with_params(),
            zone_grid: ZoneGrid::default(),
            tracks: Tracks::default(),
            zone_generation: 1,
        }
    }

    /// The settings.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Switches between the R-tree and the brute-force scan. The stored data stay as they are,
    /// so a benchmark can compare both on the same data.
    pub fn set_filter(&mut self, filter: CandidateFilter) {
        self.config.filter = filter;
    }

    /// Rebuilds both R-trees by bulk loading (sort-tile-recursive packing). Trees grown one
    /// insertion at a time answer correctly but have looser, more overlapping nodes; call this
    /// after loading many zones or activities.
    pub fn optimize(&mut self) {
        self.activity_tree =
            RTree::bulk_load_with_params(self.activities.iter().map(|(_, a)| a.item).collect());
        self.zone_tree = RTree::bulk_load_with_params(
            self.zones
                .iter()
                .map(|(slot, z)| Entry::new(z.rect, slot))
                .collect(),
        );
    }

    /// Forgets every track's zone state and last report time, as if no report had been seen.
    pub fn clear_tracks(&mut self) {
        self.tracks.clear();
    }

    /// Number of zones.
    pub fn zone_count(&self) -> usize {
        self.zones.len()
    }

    /// Number of activities.
    pub fn activity_count(&self) -> usize {
        self.activities.len()
    }

    /// A stored zone.
    pub fn zone(&self, id: &str) -> Option<&Zone> {
        self.zones.by_id(id).map(|z| &z.zone)
    }

    /// A stored activity with its footprint.
    pub fn activity(&self, id: &str) -> Option<&PreparedActivity> {
        self.activities.by_id(id).map(|a| &a.prepared)
    }

    /// Adds or replaces a zone. Tracks keep their state for a replaced zone and are judged
    /// against the new shape from their next report on.
    pub fn upsert_zone(&mut self, zone: Zone) -> Result<Change<Zone>, ZoneError> {
        if zone.id.is_empty() {
            return Err(ZoneError::EmptyId);
        }
        if self.zone(&zone.id) == Some(&zone) {
            return Ok(Change::Unchanged);
        }
        self.zone_generation += 1;
        let b = zone.area.bounding_rect();
        let (dlon, dlat) =
            degree_margin(self.config.hysteresis_m, b.min().y - 1.0, b.max().y + 1.0);
        let grown = Rect::new(
            geo::coord! { x: b.min().x - dlon, y: b.min().y - dlat },
            geo::coord! { x: b.max().x + dlon, y: b.max().y + dlat },
        );
        let entry = ZoneEntry {
            rect: to_rectangle(grown),
            id: Arc::from(zone.id.as_str()),
            zone,
        };
        match self.zones.slot_of(&entry.zone.id) {
            Some(slot) => {
                self.zone_tree.insert(Entry::new(entry.rect, slot));
                let rect = entry.rect;
                let old = self.zones.replace(slot, entry).map(|old| {
                    self.zone_tree.remove(&Entry::new(old.rect, slot));
                    self.zone_grid.remove(slot, &old.rect);
                    old.zone
                });
                self.zone_grid.insert(slot, &rect, b);
                Ok(old.map_or(Change::Added, |previous| Change::Updated { previous }))
            }
            None => {
                let rect = entry.rect;
                let slot = self.zones.insert(entry.zone.id.clone(), entry);
                self.zone_tree.insert(Entry::new(rect, slot));
                self.zone_grid.insert(slot, &rect, b);
                Ok(Change::Added)
            }
        }
    }

    /// Removes a zone. Tracks inside it get no exit event: the zone is gone, not left.
    pub fn remove_zone(&mut self, id: &str) -> Option<Zone> {
        let (slot, entry) = self.zones.remove(id)?;
        self.zone_generation += 1;
        self.zone_tree.remove(&Entry::new(entry.rect, slot));
        self.zone_grid.remove(slot, &entry.rect);
        self.tracks.forget_zone(slot);
        Some(entry.zone)
    }

    /// Adds or replaces an activity (its footprint is computed here).
    pub fn upsert_activity(
        &mut self,
        activity: Activity,
    ) -> Result<Change<Activity>, ActivityError> {
        if self.activity(&activity.id).map(PreparedActivity::activity) == Some(&activity) {
            return Ok(Change::Unchanged);
        }
        Ok(self.upsert_prepared(PreparedActivity::new(activity)?))
    }

    /// Adds or replaces an activity whose footprint is already computed, e.g. one taken from
    /// another index, so the footprint (a geodesic buffer) is not computed again.
    pub fn upsert_prepared(&mut self, prepared: PreparedActivity) -> Change<Activity> {
        let me = prepared.activity();
        let id = me.id.clone();
        let next = u32::try_from(self.parties.len()).unwrap_or(u32::MAX);
        let party = *self.parties.entry(me.party.clone()).or_insert(next);
        let (lo, hi) = space_time(prepared.area.bbox(), &me.window);
        let slot = self.activities.slot_of(&id);
        let make = |slot: u32, prepared: PreparedActivity| ActivityEntry {
            rect: to_rectangle(prepared.area.bbox()),
            item: ActivityItem::new(Rectangle::from_corners(lo, hi), ActivityTag { slot, party }),
            prepared,
        };
        match slot {
            Some(slot) => {
                let entry = make(slot, prepared);
                self.activity_tree.insert(entry.item);
                let old = self.activities.replace(slot, entry).map(|old| {
                    self.activity_tree.remove(&old.item);
                    old.prepared.activity().clone()
                });
                old.map_or(Change::Added, |previous| Change::Updated { previous })
            }
            None => {
                let slot = self.activities.next_slot();
                let entry = make(slot, prepared);
                let item = entry.item;
                let inserted = self.activities.insert(id, entry);
                debug_assert_eq!(inserted, slot);
                self.activity_tree.insert(item);
                Change::Added
            }
        }
    }

    /// Removes an activity.
    pub fn remove_activity(&mut self, id: &str) -> Option<Activity> {
        let (_, entry) = self.activities.remove(id)?;
        self.activity_tree.remove(&entry.item);
        Some(entry.prepared.activity().clone())
    }

    /// Activities whose footprint boxes meet `rect` and whose windows may overlap `window`, by
    /// the configured filter, with their party numbers (`u32::MAX` in the brute-force scan,
    /// which leaves the party to the caller), as far as `keep` accepts them from their tags
    /// alone. Their stored data is loaded before they are returned (see
    /// [`Deconfliction::warm_activities`]).
    fn activity_candidates(
        &self,
        rect: Rect<f64>,
        window: &TimeWindow,
        keep: impl Fn(&ActivityTag) -> bool,
    ) -> Vec<ActivityTag> {
        let candidates: Vec<ActivityTag> = match self.config.filter {
            CandidateFilter::RTree => {
                let (lo, hi) = space_time(rect, window);
                self.activity_tree
                    .locate_in_envelope_intersecting(&AABB::from_corners(lo, hi))
                    .map(|e| e.data)
                    .filter(keep)
                    .collect()
            }
            CandidateFilter::LinearScan => {
                let env = to_aabb(rect);
                self.activities
                    .iter()
                    .filter(|(_, a)| a.rect.envelope_intersects(&env))
                    .map(|(slot, _)| ActivityTag {
                        slot,
                        party: u32::MAX,
                    })
                    .filter(keep)
                    .collect()
            }
        };
        self.warm_activities(&candidates);
        candidates
    }

    /// Reads, for the stored activities of `candidates`, the data an exact test starts with,
    /// in two stages of independent reads (the entries, then what they point to), so that
    /// their cache misses overlap instead of following one another: with 100k activities, the
    /// data of a query's candidates is rarely cached, and waiting for it is most of a query.
    fn warm_activities(&self, candidates: &[ActivityTag]) {
        let entries = || {
            candidates
                .iter()
                .filter_map(|c| self.activities.get(c.slot))
        };
        let mut sink = 0.0;
        for e in entries() {
            sink += e.prepared.activity().window.start().0 as f64 + e.prepared.area.bbox().min().x;
        }
        for e in entries() {
            sink += e.prepared.area.warm();
        }
        std::hint::black_box(sink);
    }

    /// The number of `party` in the activity tree, if any stored activity has ever had it.
    fn party_number(&self, party: &str) -> Option<u32> {
        self.parties.get(party).copied()
    }

    /// Slots of zones whose grown boxes meet `rect`, by the configured filter.
    fn zone_candidates(
        zones: &Slots<ZoneEntry>,
        tree: &Tree,
        filter: CandidateFilter,
        rect: Rect<f64>,
        out: &mut Vec<u32>,
    ) {
        let env = to_aabb(rect);
        match filter {
            CandidateFilter::RTree => {
                out.extend(tree.locate_in_envelope_intersecting(&env).map(|e| e.data))
            }
            CandidateFilter::LinearScan => out.extend(
                zones
                    .iter()
                    .filter(|(_, z)| z.rect.envelope_intersects(&env))
                    .map(|(s, _)| s),
            ),
        }
    }
}

/// Rectangle/envelope overlap without going through `RTreeObject` generics at call sites.
trait EnvelopeIntersects {
    fn envelope_intersects(&self, env: &AABB<[f64; 2]>) -> bool;
}

impl EnvelopeIntersects for Rectangle<[f64; 2]> {
    fn envelope_intersects(&self, env: &AABB<[f64; 2]>) -> bool {
        use rstar::{Envelope, RTreeObject};
        self.envelope().intersects(env)
    }
}

#[cfg(test)]
mod tests;
