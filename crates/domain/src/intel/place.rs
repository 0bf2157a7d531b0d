//! Where a report is about: a GeoJSON Point or Polygon/MultiPolygon, kept in whole numbers like
//! every geometry of the record (the de-escalation [`Coord7`] and [`Shape`]).

use fusioncell_geo::LonLat;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::deescalation::{Coord7, Shape};
use crate::error::DomainError;

/// A report's place, validated after rounding to stored units.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Place {
    /// A point.
    Point {
        /// The position.
        at: Coord7,
    },
    /// An area.
    Area {
        /// The area.
        area: Shape,
    },
}

impl Place {
    /// Reads a GeoJSON geometry (Point, Polygon or MultiPolygon, or a Feature holding one);
    /// errors name `field`.
    pub fn from_geojson(field: &str, value: &Value) -> Result<Place, DomainError> {
        let geometry = match value.get("type").and_then(Value::as_str) {
            Some("Feature") => value.get("geometry").unwrap_or(&Value::Null),
            _ => value,
        };
        match geometry.get("type").and_then(Value::as_str) {
            Some("Point") => {
                let c = geometry
                    .get("coordinates")
                    .and_then(Value::as_array)
                    .filter(|c| c.len() == 2 || c.len() == 3)
                    .and_then(|c| Some((c[0].as_f64()?, c[1].as_f64()?)))
                    .ok_or_else(|| {
                        DomainError::invalid(
                            &format!("{field}.coordinates"),
                            "a Point needs [longitude, latitude] in degrees",
                        )
                    })?;
                Ok(Place::Point {
                    at: Coord7::from_degrees(field, c.0, c.1)?,
                })
            }
            Some("Polygon" | "MultiPolygon") => Ok(Place::Area {
                area: Shape::from_geojson(field, &geometry.to_string())?,
            }),
            _ => Err(DomainError::invalid(
                field,
                "must be a GeoJSON Point, Polygon or MultiPolygon",
            )),
        }
    }

    /// The place as a GeoJSON geometry, in degrees.
    pub fn to_geojson(&self) -> Value {
        match self {
            Place::Point { at } => json!({"type": "Point", "coordinates": [at.lon(), at.lat()]}),
            Place::Area { area } => area.to_geojson(),
        }
    }

    /// The place as a point and the distance in metres from it within which all of it lies:
    /// the point itself and no distance, or the middle of the area and the radius of a circle
    /// holding it (see `Area::covering_circle`).
    pub fn centre_and_reach(&self) -> Result<(LonLat, Option<f64>), DomainError> {
        match self {
            Place::Point { at } => Ok((at.to_lonlat(), None)),
            Place::Area { area } => {
                let (centre, radius) = area.to_area("place")?.covering_circle();
                Ok((centre, Some(radius)))
            }
        }
    }
}
