//! Position reports and the zone entry/exit events they produce.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::coord::{CoordError, LonLat};
use crate::time::Timestamp;

/// Where one track of one party was at one time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PositionReport {
    /// Reporting party.
    pub party: String,
    /// Track identifier, unique within the party.
    pub track: String,
    /// When the position was observed.
    pub time: Timestamp,
    /// Where.
    pub position: LonLat,
    /// Altitude, metres above mean sea level, if known. Zones are two-dimensional, so it is
    /// carried for the record and not used by zone checks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude_m: Option<f64>,
}

/// Why a position report was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum PositionError {
    /// Bad coordinates.
    #[error("track {track}: {source}")]
    Coordinate {
        /// The track.
        track: String,
        /// What is wrong.
        source: CoordError,
    },
    /// Altitude is NaN or infinite.
    #[error("track {track}: altitude {altitude_m} is not finite")]
    Altitude {
        /// The track.
        track: String,
        /// The altitude given.
        altitude_m: f64,
    },
}

impl PositionReport {
    /// Checks coordinates and altitude.
    pub fn validate(&self) -> Result<(), PositionError> {
        self.position
            .validate()
            .map_err(|source| PositionError::Coordinate {
                track: self.track.clone(),
                source,
            })?;
        match self.altitude_m {
            Some(a) if !a.is_finite() => Err(PositionError::Altitude {
                track: self.track.clone(),
                altitude_m: a,
            }),
            _ => Ok(()),
        }
    }
}

/// Entering or leaving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneEventKind {
    /// The track is now inside the zone.
    Enter,
    /// The track is now outside the zone.
    Exit,
}

/// A track entered or left a zone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ZoneEvent {
    /// The track's party.
    pub party: String,
    /// The track.
    pub track: String,
    /// The zone id.
    pub zone: String,
    /// Enter or exit.
    pub kind: ZoneEventKind,
    /// Time of the report that triggered it.
    pub time: Timestamp,
    /// Position of that report.
    pub position: LonLat,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation() {
        let mut r = PositionReport {
            party: "IL".into(),
            track: "t1".into(),
            time: Timestamp(5),
            position: LonLat {
                lon: 35.0,
                lat: 33.0,
            },
            altitude_m: Some(f64::INFINITY),
        };
        assert_eq!(
            r.validate().unwrap_err().to_string(),
            "track t1: altitude inf is not finite"
        );
        r.altitude_m = None;
        assert!(r.validate().is_ok());
        r.position.lat = 100.0;
        assert_eq!(
            r.validate().unwrap_err().to_string(),
            "track t1: latitude 100 is outside [-90, 90]"
        );
    }
}
