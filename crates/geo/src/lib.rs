//! Pure geometry for the Fusion Cell: zones and their rules, declared activities, position
//! reports, and the space-time index that finds conflicts between parties.
//!
//! Nothing here does I/O or reads a clock: instants come in as [`Timestamp`]s (milliseconds
//! since the Unix epoch). Coordinates are WGS 84 longitude/latitude; edges are straight in
//! lon/lat, as in RFC 7946 GeoJSON; distances are metres, computed geodesically for buffers and
//! in a local metric accurate at the kilometre scale for hysteresis margins. Public data types
//! implement `serde` so the server can store them as JSON.
//!
//! # Map of the crate
//!
//! - [`area`]: [`Area`], a validated Polygon/MultiPolygon read from GeoJSON.
//! - [`buffer`]: geodesic buffers (circles, corridors, grown and shrunk areas).
//! - [`rules`]: [`Zone`]s with [`PartyRules`], and the 1974 areas of limitation.
//! - [`activity`]: declared [`Activity`]s and their footprints.
//! - [`position`]: [`PositionReport`]s and [`ZoneEvent`]s.
//! - [`index`]: [`Deconfliction`], the index answering every question: R-trees for zones and
//!   activities, a zone grid and per-track movement budgets for position reports.
//! - `prepared` (internal): areas prepared for exact tests, every edge filed in horizontal
//!   slabs (point tests, distances to the boundary) and the boundary cut into monotone chains
//!   (`prepared/chains.rs`: whether two boundaries meet).
//! - [`basemap`]: SVG paths for the console map.
//! - [`synthetic`]: seeded synthetic data for benchmarks.
//!
//! # Choices
//!
//! - **Winding.** RFC 7946 wants exterior rings counter-clockwise and holes clockwise but tells
//!   parsers not to reject other windings, so wrongly wound rings are re-oriented by default;
//!   [`WindingPolicy::Reject`] refuses them instead.
//! - **Touching.** Rings may not touch, even at a point (stricter than OGC). Shapes that touch
//!   each other do intersect: two activities sharing only a boundary point conflict, since for
//!   deconfliction erring towards a warning is the safe side.
//! - **Intervals.** Time windows `[start, end)` and altitude bands `[lower, upper)` are
//!   half-open, so back-to-back windows and stacked layers do not conflict; a missing band is
//!   the whole air column.
//! - **Forces.** By default ([`ForceAggregation::ConcurrentSum`]) an activity's declared forces
//!   are added to the same party's other activities that touch the zone, at the busiest instant
//!   of the activity's window; forces count in full in every zone a footprint touches, and an
//!   activity is flagged only for categories it declares.
//! - **Hysteresis.** A track enters a zone once inside it by more than `H` metres and leaves it
//!   once outside by more than `H` ([`Config::hysteresis_m`], default 100 m); a track starts
//!   outside every zone; reports older than a track's latest are ignored.

#![warn(missing_docs)]

pub mod activity;
pub mod area;
pub mod basemap;
pub mod buffer;
pub mod coord;
pub mod index;
pub mod position;
mod prepared;
pub mod rules;
mod segment;
pub mod synthetic;
pub mod time;

pub use activity::{
    Activity, ActivityError, ActivityGeometry, AltitudeBand, AltitudeError, PreparedActivity,
};
pub use area::{Area, ShapeError, WindingPolicy};
pub use buffer::BufferError;
pub use coord::{CoordError, LonLat};
pub use index::{
    Assessment, CandidateFilter, Change, Config, ConfigError, Conflict, Deconfliction,
    ForceAggregation, ForceExcess, Observed, ObservedEvent, RuleViolation, ZoneError,
};
pub use position::{PositionError, PositionReport, ZoneEvent, ZoneEventKind};
pub use rules::{ActivityKind, ForceCategory, Forces, LimitationError, PartyRules, Zone};
pub use time::{TimeWindow, TimeWindowError, Timestamp};
