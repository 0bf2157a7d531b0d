//! Validated areas read from RFC 7946 GeoJSON Polygon/MultiPolygon geometries.

mod error;
mod validate;

pub use error::ShapeError;
pub use validate::{MAX_VERTICES, WindingPolicy};

use geo::{Coord, Distance, Geodesic, MultiPolygon, Point, Rect};
use geojson::{GeoJson, Geometry, GeometryValue, Position};
use serde::{Deserialize, Serialize};

use crate::coord::{self, LonLat};
use crate::prepared::PreparedArea;
use validate::RawRings;

/// A validated WGS 84 area: one or more non-overlapping simple polygons with holes.
///
/// Guarantees, checked on every construction and on deserialisation: rings closed, at least four
/// positions, no repeated consecutive vertex, no ring crossing or touching itself or another
/// ring, holes inside their shell and not inside each other, MultiPolygon members not
/// overlapping, coordinates finite and in range, exterior rings counter-clockwise and holes
/// clockwise (see [`WindingPolicy`]). Edges are straight lines in lon/lat, as RFC 7946 §3.1.1
/// prescribes.
///
/// Serialises as a GeoJSON geometry (Polygon when there is one member, else MultiPolygon).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(try_from = "Geometry", into = "Geometry")]
pub struct Area {
    shape: MultiPolygon<f64>,
    /// Built once here because every area ends up in exact tests.
    prepared: PreparedArea,
}

/// Equality is on the polygons; the index is derived from them.
impl PartialEq for Area {
    fn eq(&self, other: &Self) -> bool {
        self.shape == other.shape
    }
}

impl Area {
    /// Parses GeoJSON text holding a Polygon or MultiPolygon geometry, or a Feature with one;
    /// wrongly wound rings are re-oriented.
    pub fn parse(text: &str) -> Result<Self, ShapeError> {
        Self::parse_with(text, WindingPolicy::Normalize)
    }

    /// As [`Area::parse`], with an explicit winding policy.
    pub fn parse_with(text: &str, policy: WindingPolicy) -> Result<Self, ShapeError> {
        let parsed: GeoJson =
            serde_json::from_str(text).map_err(|e| ShapeError::Json(e.to_string()))?;
        match parsed {
            GeoJson::Geometry(g) => Self::from_geometry(&g, policy),
            GeoJson::Feature(f) => match f.geometry {
                Some(g) => Self::from_geometry(&g, policy),
                None => Err(ShapeError::MissingGeometry),
            },
            GeoJson::FeatureCollection(_) => Err(ShapeError::WrongType("FeatureCollection".into())),
        }
    }

    /// Validates a parsed GeoJSON geometry.
    pub fn from_geometry(geometry: &Geometry, policy: WindingPolicy) -> Result<Self, ShapeError> {
        let polygons = match &geometry.value {
            GeometryValue::Polygon { coordinates } => vec![read_rings(0, coordinates)?],
            GeometryValue::MultiPolygon { coordinates } => coordinates
                .iter()
                .enumerate()
                .map(|(p, rings)| read_rings(p, rings))
                .collect::<Result<_, _>>()?,
            other => return Err(ShapeError::WrongType(other.type_name().into())),
        };
        Self::from_rings(polygons, policy)
    }

    /// Validates a `geo` MultiPolygon (for shapes computed in code, such as buffers).
    pub fn from_multi_polygon(
        shape: &MultiPolygon<f64>,
        policy: WindingPolicy,
    ) -> Result<Self, ShapeError> {
        let polygons: RawRings = shape
            .0
            .iter()
            .map(|poly| {
                std::iter::once(poly.exterior())
                    .chain(poly.interiors())
                    .map(|ring| ring.0.clone())
                    .collect()
            })
            .collect();
        for (p, rings) in polygons.iter().enumerate() {
            for (r, ring) in rings.iter().enumerate() {
                for (v, c) in ring.iter().enumerate() {
                    coord::check(c.x, c.y).map_err(|source| ShapeError::Coordinate {
                        polygon: p,
                        ring: r,
                        vertex: v,
                        source,
                    })?;
                }
            }
        }
        Self::from_rings(polygons, policy)
    }

    fn from_rings(polygons: RawRings, policy: WindingPolicy) -> Result<Self, ShapeError> {
        let shape = validate::validate(polygons, policy)?;
        let prepared = PreparedArea::new(&shape).ok_or(ShapeError::Empty)?;
        Ok(Area { shape, prepared })
    }

    /// The polygons, wound per RFC 7946.
    pub fn shape(&self) -> &MultiPolygon<f64> {
        &self.shape
    }

    /// The lon/lat bounding box.
    pub fn bounding_rect(&self) -> Rect<f64> {
        self.prepared.bbox()
    }

    /// A circle holding the whole area: the middle of its bounding box, and the geodesic
    /// distance in metres from there to the farthest point of its boundary, rounded up. For
    /// formats that give a place as a point and a precision, such as STIX locations.
    pub fn covering_circle(&self) -> (LonLat, f64) {
        let b = self.bounding_rect();
        let centre = Point::new((b.min().x + b.max().x) / 2.0, (b.min().y + b.max().y) / 2.0);
        // In a plane the distance from a point is largest at one end of an edge; edges straight
        // in lon/lat bend slightly in metres, so points along them are measured too, and the
        // result gets a margin of 0.1% and a metre.
        const SAMPLES: usize = 16;
        let mut farthest: f64 = 0.0;
        for ring in self
            .shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
        {
            for w in ring.0.windows(2) {
                for k in 0..SAMPLES {
                    let t = k as f64 / SAMPLES as f64;
                    let p = Point::new(
                        w[0].x + (w[1].x - w[0].x) * t,
                        w[0].y + (w[1].y - w[0].y) * t,
                    );
                    farthest = farthest.max(Geodesic.distance(centre, p));
                }
            }
        }
        (
            LonLat {
                lon: centre.x(),
                lat: centre.y(),
            },
            (farthest * 1.001 + 1.0).ceil(),
        )
    }

    /// The slab-indexed form used for exact tests.
    pub(crate) fn prepared(&self) -> &PreparedArea {
        &self.prepared
    }

    /// The area as a GeoJSON geometry.
    pub fn to_geometry(&self) -> Geometry {
        Geometry::from(self.clone())
    }
}

/// Reads one polygon's rings, checking each position's arity and range.
fn read_rings(p: usize, rings: &[Vec<Position>]) -> Result<Vec<Vec<Coord<f64>>>, ShapeError> {
    rings
        .iter()
        .enumerate()
        .map(|(r, ring)| {
            ring.iter()
                .enumerate()
                .map(|(v, pos)| {
                    let s = pos.as_slice();
                    if s.len() < 2 {
                        return Err(ShapeError::ShortPosition {
                            polygon: p,
                            ring: r,
                            vertex: v,
                            count: s.len(),
                        });
                    }
                    coord::check(s[0], s[1]).map_err(|source| ShapeError::Coordinate {
                        polygon: p,
                        ring: r,
                        vertex: v,
                        source,
                    })?;
                    Ok(geo::coord! { x: s[0], y: s[1] })
                })
                .collect()
        })
        .collect()
}

impl TryFrom<Geometry> for Area {
    type Error = ShapeError;
    fn try_from(g: Geometry) -> Result<Self, Self::Error> {
        Area::from_geometry(&g, WindingPolicy::Normalize)
    }
}

impl From<Area> for Geometry {
    fn from(area: Area) -> Self {
        let rings = |poly: &geo::Polygon<f64>| -> Vec<Vec<Position>> {
            std::iter::once(poly.exterior())
                .chain(poly.interiors())
                .map(|ring| ring.0.iter().map(|c| Position::from([c.x, c.y])).collect())
                .collect()
        };
        let value = match area.shape.0.as_slice() {
            [single] => GeometryValue::Polygon {
                coordinates: rings(single),
            },
            many => GeometryValue::MultiPolygon {
                coordinates: many.iter().map(rings).collect(),
            },
        };
        Geometry::new(value)
    }
}

#[cfg(test)]
mod tests;
