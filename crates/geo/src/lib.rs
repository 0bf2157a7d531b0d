//! Pure geometry for the Fusion Cell: zones and their rules, declared activities, position
//! reports, and the space-time index that finds conflicts between parties.
//!
//! Nothing here does I/O or reads a clock: instants come in as [`Timestamp`]s. Coordinates are
//! WGS 84 longitude/latitude; edges are straight in lon/lat, as in RFC 7946 GeoJSON; distances
//! are metres, computed geodesically (buffers) or in a local metric accurate at the kilometre
//! scale (hysteresis margins). Public data types implement `serde` so they can be stored as JSON.

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
    ForceAggregation, ForceExcess, RuleViolation, ZoneError,
};
pub use position::{PositionError, PositionReport, ZoneEvent, ZoneEventKind};
pub use rules::{ActivityKind, ForceCategory, Forces, LimitationError, PartyRules, Zone};
pub use time::{TimeWindow, TimeWindowError, Timestamp};
