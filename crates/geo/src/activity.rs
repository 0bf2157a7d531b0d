//! Declared activities and their footprints.

use geo::MultiPolygon;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::area::Area;
use crate::buffer::{BufferError, buffer_line, circle};
use crate::coord::LonLat;
use crate::prepared::PreparedArea;
use crate::rules::{ActivityKind, Forces};
use crate::time::TimeWindow;

/// Where an activity takes place.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ActivityGeometry {
    /// Anywhere in an area.
    Area {
        /// The area.
        area: Area,
    },
    /// Along a line, within a corridor `width_m` wide centred on it (so `width_m / 2` each
    /// side), with round ends.
    Corridor {
        /// The centre line, at least two positions.
        line: Vec<LonLat>,
        /// Total corridor width, metres.
        width_m: f64,
    },
    /// Within `radius_m` of a point.
    Circle {
        /// The centre.
        center: LonLat,
        /// Radius, metres.
        radius_m: f64,
    },
}

impl ActivityGeometry {
    /// The area covered, as lon/lat polygons (geodesic buffers for corridors and circles).
    pub fn footprint(&self) -> Result<MultiPolygon<f64>, BufferError> {
        match self {
            ActivityGeometry::Area { area } => Ok(area.shape().clone()),
            ActivityGeometry::Corridor { line, width_m } => buffer_line(line, width_m / 2.0),
            ActivityGeometry::Circle { center, radius_m } => circle(*center, *radius_m),
        }
    }
}

/// A half-open altitude band `[lower_m, upper_m)`, metres above mean sea level.
///
/// Half-open so that stacked layers (0–3,000 m and 3,000–6,000 m), the usual way to separate
/// flights vertically, do not conflict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawBand", into = "RawBand")]
pub struct AltitudeBand {
    lower_m: f64,
    upper_m: f64,
}

/// Why an altitude band was refused.
#[derive(Debug, Clone, Copy, PartialEq, Error)]
pub enum AltitudeError {
    /// Bounds must be finite with `lower < upper`.
    #[error("altitude band [{lower_m}, {upper_m}) m is empty or not finite")]
    Invalid {
        /// Lower bound given.
        lower_m: f64,
        /// Upper bound given.
        upper_m: f64,
    },
}

impl AltitudeBand {
    /// Builds `[lower_m, upper_m)`.
    pub fn new(lower_m: f64, upper_m: f64) -> Result<Self, AltitudeError> {
        if lower_m.is_finite() && upper_m.is_finite() && lower_m < upper_m {
            Ok(AltitudeBand { lower_m, upper_m })
        } else {
            Err(AltitudeError::Invalid { lower_m, upper_m })
        }
    }

    /// Lowest altitude in the band, metres.
    pub fn lower_m(&self) -> f64 {
        self.lower_m
    }

    /// First altitude above the band, metres.
    pub fn upper_m(&self) -> f64 {
        self.upper_m
    }

    /// The common part of two bands, if any.
    pub fn intersection(&self, other: &AltitudeBand) -> Option<AltitudeBand> {
        let lower_m = self.lower_m.max(other.lower_m);
        let upper_m = self.upper_m.min(other.upper_m);
        (lower_m < upper_m).then_some(AltitudeBand { lower_m, upper_m })
    }
}

/// Overlap of two optional bands, where a missing band is the whole air column. Outer `None`:
/// no overlap; `Some(None)`: both are whole columns.
pub(crate) fn band_overlap(
    a: Option<&AltitudeBand>,
    b: Option<&AltitudeBand>,
) -> Option<Option<AltitudeBand>> {
    match (a, b) {
        (Some(a), Some(b)) => a.intersection(b).map(Some),
        (Some(x), None) | (None, Some(x)) => Some(Some(*x)),
        (None, None) => Some(None),
    }
}

#[derive(Serialize, Deserialize)]
struct RawBand {
    lower_m: f64,
    upper_m: f64,
}

impl TryFrom<RawBand> for AltitudeBand {
    type Error = AltitudeError;
    fn try_from(r: RawBand) -> Result<Self, Self::Error> {
        AltitudeBand::new(r.lower_m, r.upper_m)
    }
}

impl From<AltitudeBand> for RawBand {
    fn from(b: AltitudeBand) -> Self {
        RawBand {
            lower_m: b.lower_m,
            upper_m: b.upper_m,
        }
    }
}

/// A declared activity of one party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Stable identifier, unique among activities.
    pub id: String,
    /// The declaring party.
    pub party: String,
    /// What it is.
    pub kind: ActivityKind,
    /// Where it is.
    pub geometry: ActivityGeometry,
    /// Altitude band, mostly for air activities; `None` means the whole column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub altitude: Option<AltitudeBand>,
    /// When it is.
    pub window: TimeWindow,
    /// Forces declared for it.
    #[serde(default, skip_serializing_if = "Forces::is_empty")]
    pub forces: Forces,
}

/// Why an activity was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ActivityError {
    /// The id is empty.
    #[error("activity id is empty")]
    EmptyId,
    /// The party is empty.
    #[error("activity {0}: party is empty")]
    EmptyParty(String),
    /// The geometry has no usable footprint.
    #[error("activity {id}: geometry: {source}")]
    Geometry {
        /// The activity id.
        id: String,
        /// What is wrong.
        source: BufferError,
    },
    /// The geometry covers no area.
    #[error("activity {0}: geometry covers no area")]
    EmptyFootprint(String),
}

/// An activity with its footprint computed and indexed, ready for exact tests.
#[derive(Debug, Clone)]
pub struct PreparedActivity {
    activity: Activity,
    footprint: MultiPolygon<f64>,
    pub(crate) area: PreparedArea,
}

impl PreparedActivity {
    /// Checks the activity and computes its footprint.
    pub fn new(activity: Activity) -> Result<Self, ActivityError> {
        if activity.id.is_empty() {
            return Err(ActivityError::EmptyId);
        }
        if activity.party.is_empty() {
            return Err(ActivityError::EmptyParty(activity.id));
        }
        if let ActivityGeometry::Area { area } = &activity.geometry {
            // Already validated and indexed.
            return Ok(PreparedActivity {
                footprint: area.shape().clone(),
                area: area.prepared().clone(),
                activity,
            });
        }
        let footprint =
            activity
                .geometry
                .footprint()
                .map_err(|source| ActivityError::Geometry {
                    id: activity.id.clone(),
                    source,
                })?;
        // A buffer by a positive distance holds a disc, so this only trips if the buffer
        // code's guarantees break.
        let area = PreparedArea::new(&footprint)
            .ok_or_else(|| ActivityError::EmptyFootprint(activity.id.clone()))?;
        Ok(PreparedActivity {
            activity,
            footprint,
            area,
        })
    }

    /// The activity.
    pub fn activity(&self) -> &Activity {
        &self.activity
    }

    /// The lon/lat polygons it covers.
    pub fn footprint(&self) -> &MultiPolygon<f64> {
        &self.footprint
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::Timestamp;

    pub(crate) fn circle_activity(id: &str, party: &str, lon: f64, lat: f64) -> Activity {
        Activity {
            id: id.into(),
            party: party.into(),
            kind: ActivityKind::Air,
            geometry: ActivityGeometry::Circle {
                center: LonLat { lon, lat },
                radius_m: 5_000.0,
            },
            altitude: Some(AltitudeBand::new(1_000.0, 3_000.0).unwrap()),
            window: TimeWindow::new(Timestamp(0), Timestamp(3_600_000)).unwrap(),
            forces: Forces::new(),
        }
    }

    #[test]
    fn serde_shape_is_stable() {
        let a = circle_activity("a1", "IL", 35.8, 33.1);
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(
            json,
            r#"{"id":"a1","party":"IL","kind":"air","geometry":{"type":"circle","center":{"lon":35.8,"lat":33.1},"radius_m":5000.0},"altitude":{"lower_m":1000.0,"upper_m":3000.0},"window":{"start":0,"end":3600000}}"#
        );
        assert_eq!(serde_json::from_str::<Activity>(&json).unwrap(), a);
        let bad = json.replace("3000.0", "500.0");
        assert!(serde_json::from_str::<Activity>(&bad).is_err());
    }

    #[test]
    fn bands_overlap_half_open() {
        let low = AltitudeBand::new(0.0, 3_000.0).unwrap();
        let high = AltitudeBand::new(3_000.0, 6_000.0).unwrap();
        assert_eq!(band_overlap(Some(&low), Some(&high)), None);
        assert_eq!(band_overlap(Some(&low), None), Some(Some(low)));
        assert_eq!(band_overlap(None, None), Some(None));
        assert!(AltitudeBand::new(5.0, 5.0).is_err());
        assert!(AltitudeBand::new(f64::NAN, 5.0).is_err());
    }

    #[test]
    fn prepare_checks_fields_and_geometry() {
        let mut a = circle_activity("", "IL", 35.8, 33.1);
        assert_eq!(
            PreparedActivity::new(a.clone()).unwrap_err(),
            ActivityError::EmptyId
        );
        a.id = "a".into();
        a.party.clear();
        assert_eq!(
            PreparedActivity::new(a.clone()).unwrap_err(),
            ActivityError::EmptyParty("a".into())
        );
        a.party = "IL".into();
        a.geometry = ActivityGeometry::Corridor {
            line: vec![
                LonLat {
                    lon: 35.8,
                    lat: 33.1,
                },
                LonLat {
                    lon: 35.9,
                    lat: 33.2,
                },
            ],
            width_m: -3.0,
        };
        let err = PreparedActivity::new(a.clone()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "activity a: geometry: buffer distance -1.5 m is not usable (it must be finite, and at least 0.1 m for points and lines)"
        );
        a.geometry = ActivityGeometry::Corridor {
            line: vec![
                LonLat {
                    lon: 35.8,
                    lat: 33.1,
                },
                LonLat {
                    lon: 35.9,
                    lat: 33.2,
                },
            ],
            width_m: 2_000.0,
        };
        let p = PreparedActivity::new(a).unwrap();
        assert!(!p.footprint().0.is_empty());
        assert_eq!(p.activity().id, "a");
    }
}
