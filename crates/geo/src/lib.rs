//! Pure geometry for the Fusion Cell.

pub mod area;
pub mod coord;
mod segment;
pub mod time;

pub use area::{Area, ShapeError, WindingPolicy};
pub use coord::{CoordError, LonLat};
pub use time::{TimeWindow, TimeWindowError, Timestamp};
pub mod buffer;
mod prepared;
