//! Geometry as the record keeps it: whole numbers only.
//!
//! Events are encoded canonically without floating-point numbers (see [`crate::event`]), so
//! positions are stored in units of 10⁻⁷ degree (about 1 cm, as OpenStreetMap does), distances
//! and altitudes in whole metres. Shapes are validated *after* rounding, and stored with the
//! winding RFC 7946 asks for, so that replaying an event rebuilds exactly the geometry that was
//! checked when it was decided.

use fusioncell_geo::{
    ActivityGeometry, AltitudeBand, Area, LonLat, TimeWindow, Timestamp as GeoTimestamp,
    WindingPolicy,
};
use geo::{Coord, LineString, MultiPolygon, Polygon};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::error::DomainError;
use crate::time::Timestamp;

/// Units of a stored coordinate per degree.
pub const UNITS_PER_DEGREE: f64 = 1e7;
/// Largest corridor width or circle radius, metres.
pub const MAX_DISTANCE_M: u32 = 500_000;
/// Most positions in a corridor's centre line.
pub const MAX_LINE_POSITIONS: usize = 1_000;

/// A position as `[longitude, latitude]` in units of 10⁻⁷ degree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Coord7(pub i32, pub i32);

impl Coord7 {
    /// Rounds a position given in degrees; refuses one that is not on Earth, naming `field`.
    pub fn from_degrees(field: &str, lon: f64, lat: f64) -> Result<Coord7, DomainError> {
        LonLat::new(lon, lat).map_err(|e| DomainError::invalid(field, e.to_string()))?;
        Ok(Coord7(to_units(lon), to_units(lat)))
    }

    /// Longitude in degrees.
    pub fn lon(self) -> f64 {
        f64::from(self.0) / UNITS_PER_DEGREE
    }

    /// Latitude in degrees.
    pub fn lat(self) -> f64 {
        f64::from(self.1) / UNITS_PER_DEGREE
    }

    /// The position for the geometry crate.
    pub fn to_lonlat(self) -> LonLat {
        LonLat {
            lon: self.lon(),
            lat: self.lat(),
        }
    }

    fn to_coord(self) -> Coord<f64> {
        Coord {
            x: self.lon(),
            y: self.lat(),
        }
    }
}

/// Degrees (already range-checked) to stored units.
fn to_units(degrees: f64) -> i32 {
    // |degrees| <= 180, so the product fits an i32 (±2.1e9).
    (degrees * UNITS_PER_DEGREE).round() as i32
}

/// A validated Polygon/MultiPolygon: polygons, each an exterior ring then holes, each ring
/// closed (first position repeated last).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Shape(pub Vec<Vec<Vec<Coord7>>>);

impl Shape {
    /// Reads GeoJSON text (a Polygon or MultiPolygon geometry, or a Feature holding one),
    /// validates it, rounds it to stored units and validates it again (rounding could make two
    /// rings touch). Errors name `field` and the polygon, ring and vertex at fault.
    pub fn from_geojson(field: &str, text: &str) -> Result<Shape, DomainError> {
        let area = Area::parse(text).map_err(|e| DomainError::invalid(field, e.to_string()))?;
        let rounded = Shape::from_multi_polygon(area.shape());
        let area = rounded.to_area(field)?;
        Ok(Shape::from_multi_polygon(area.shape()))
    }

    /// The validated area. Stored shapes were validated when decided, so for them this only
    /// fails if the validation rules of the geometry crate change.
    pub fn to_area(&self, field: &str) -> Result<Area, DomainError> {
        let polygons = self
            .0
            .iter()
            .map(|rings| {
                let mut rings = rings
                    .iter()
                    .map(|ring| LineString::new(ring.iter().map(|c| c.to_coord()).collect()));
                let exterior = rings.next().unwrap_or_else(|| LineString::new(vec![]));
                Polygon::new(exterior, rings.collect())
            })
            .collect();
        Area::from_multi_polygon(&MultiPolygon::new(polygons), WindingPolicy::Normalize)
            .map_err(|e| DomainError::invalid(field, e.to_string()))
    }

    fn from_multi_polygon(shape: &MultiPolygon<f64>) -> Shape {
        Shape(
            shape
                .0
                .iter()
                .map(|polygon| {
                    std::iter::once(polygon.exterior())
                        .chain(polygon.interiors())
                        .map(|ring| {
                            ring.0
                                .iter()
                                .map(|c| Coord7(to_units(c.x), to_units(c.y)))
                                .collect()
                        })
                        .collect()
                })
                .collect(),
        )
    }

    /// The shape as a GeoJSON MultiPolygon geometry, in degrees.
    pub fn to_geojson(&self) -> Value {
        let coordinates: Vec<Vec<Vec<[f64; 2]>>> = self
            .0
            .iter()
            .map(|rings| {
                rings
                    .iter()
                    .map(|ring| ring.iter().map(|c| [c.lon(), c.lat()]).collect())
                    .collect()
            })
            .collect();
        json!({"type": "MultiPolygon", "coordinates": coordinates})
    }
}

/// Where an activity takes place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Footprint {
    /// Anywhere in an area.
    Area {
        /// The area.
        area: Shape,
    },
    /// Along a line, within a corridor `width_m` wide centred on it.
    Corridor {
        /// The centre line.
        line: Vec<Coord7>,
        /// Total width, metres.
        width_m: u32,
    },
    /// Within `radius_m` of a point.
    Circle {
        /// The centre.
        center: Coord7,
        /// Radius, metres.
        radius_m: u32,
    },
}

impl Footprint {
    /// The geometry for the geometry crate, with the distance limits checked.
    pub fn to_geometry(&self, field: &str) -> Result<ActivityGeometry, DomainError> {
        let distance = |name: &str, d: u32| {
            if d == 0 || d > MAX_DISTANCE_M {
                Err(DomainError::invalid(
                    &format!("{field}.{name}"),
                    format!("must be 1 to {MAX_DISTANCE_M} metres"),
                ))
            } else {
                Ok(f64::from(d))
            }
        };
        Ok(match self {
            Footprint::Area { area } => ActivityGeometry::Area {
                area: area.to_area(&format!("{field}.area"))?,
            },
            Footprint::Corridor { line, width_m } => {
                if line.len() < 2 || line.len() > MAX_LINE_POSITIONS {
                    return Err(DomainError::invalid(
                        &format!("{field}.line"),
                        format!("needs 2 to {MAX_LINE_POSITIONS} positions"),
                    ));
                }
                ActivityGeometry::Corridor {
                    line: line.iter().map(|c| c.to_lonlat()).collect(),
                    width_m: distance("width_m", *width_m)?,
                }
            }
            Footprint::Circle { center, radius_m } => ActivityGeometry::Circle {
                center: center.to_lonlat(),
                radius_m: distance("radius_m", *radius_m)?,
            },
        })
    }

    /// The footprint in degrees, for views: a GeoJSON geometry for areas, a line with its width,
    /// or a centre with its radius.
    pub fn to_json(&self) -> Value {
        let point = |c: &Coord7| [c.lon(), c.lat()];
        match self {
            Footprint::Area { area } => json!({"type": "area", "area": area.to_geojson()}),
            Footprint::Corridor { line, width_m } => json!({
                "type": "corridor",
                "line": line.iter().map(point).collect::<Vec<_>>(),
                "width_m": width_m,
            }),
            Footprint::Circle { center, radius_m } => json!({
                "type": "circle",
                "center": point(center),
                "radius_m": radius_m,
            }),
        }
    }
}

/// A half-open altitude band `[lower_m, upper_m)`, metres above mean sea level.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest altitude in the band.
    pub lower_m: i32,
    /// First altitude above the band.
    pub upper_m: i32,
}

impl Band {
    /// The band for the geometry crate; refuses an empty one.
    pub fn to_geo(self, field: &str) -> Result<AltitudeBand, DomainError> {
        AltitudeBand::new(f64::from(self.lower_m), f64::from(self.upper_m))
            .map_err(|e| DomainError::invalid(field, e.to_string()))
    }

    /// A band computed by the geometry crate from stored bands, whose bounds are whole metres.
    pub fn from_geo(band: &AltitudeBand) -> Band {
        Band {
            lower_m: band.lower_m().round() as i32,
            upper_m: band.upper_m().round() as i32,
        }
    }
}

/// A half-open time window `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Window {
    /// First instant.
    pub start: Timestamp,
    /// First instant after.
    pub end: Timestamp,
}

impl Window {
    /// The window for the geometry crate; refuses an empty one.
    pub fn to_geo(self, field: &str) -> Result<TimeWindow, DomainError> {
        TimeWindow::new(GeoTimestamp(self.start.0), GeoTimestamp(self.end.0))
            .map_err(|e| DomainError::invalid(field, e.to_string()))
    }

    /// A window computed by the geometry crate.
    pub fn from_geo(window: &TimeWindow) -> Window {
        Window {
            start: Timestamp(window.start().0),
            end: Timestamp(window.end().0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = r#"{"type":"Polygon","coordinates":[[[35.8,33.0],[35.9,33.0],[35.9,33.1],[35.8,33.1],[35.8,33.0]]]}"#;

    #[test]
    fn shapes_round_trip_in_whole_units() {
        let shape = Shape::from_geojson("area", SQUARE).unwrap();
        assert_eq!(shape.0[0][0][0], Coord7(358_000_000, 330_000_000));
        let json = serde_json::to_string(&shape).unwrap();
        assert!(!json.contains('.'), "no floats in the record: {json}");
        let back: Shape = serde_json::from_str(&json).unwrap();
        assert_eq!(back.to_area("area").unwrap().shape().0.len(), 1);
        assert_eq!(
            back.to_geojson()["coordinates"][0][0][1],
            json!([35.9, 33.0])
        );
    }

    #[test]
    fn bad_shapes_name_the_field_ring_and_vertex() {
        let open = r#"{"type":"Polygon","coordinates":[[[35.8,33.0],[35.9,33.0],[35.9,33.1],[35.8,33.1]]]}"#;
        let e = Shape::from_geojson("area", open).unwrap_err();
        assert_eq!(e.code(), "invalid_field");
        assert!(e.to_string().starts_with("area "), "{e}");
        assert!(e.to_string().contains("ring 0"), "{e}");
        let bowtie = r#"{"type":"Polygon","coordinates":[[[35.8,33.0],[35.9,33.1],[35.9,33.0],[35.8,33.1],[35.8,33.0]]]}"#;
        let e = Shape::from_geojson("area", bowtie).unwrap_err();
        assert!(e.to_string().contains("vertex"), "{e}");
    }

    #[test]
    fn footprint_limits() {
        let circle = Footprint::Circle {
            center: Coord7(358_000_000, 330_000_000),
            radius_m: 0,
        };
        let e = circle.to_geometry("footprint").unwrap_err();
        assert_eq!(
            e.to_string(),
            "footprint.radius_m must be 1 to 500000 metres"
        );
        let corridor = Footprint::Corridor {
            line: vec![Coord7(358_000_000, 330_000_000)],
            width_m: 1000,
        };
        let e = corridor.to_geometry("footprint").unwrap_err();
        assert!(e.to_string().starts_with("footprint.line"), "{e}");
        assert!(Coord7::from_degrees("at", 200.0, 0.0).is_err());
        assert!(
            Band {
                lower_m: 5,
                upper_m: 5
            }
            .to_geo("altitude")
            .is_err()
        );
    }
}
