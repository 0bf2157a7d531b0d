//! SVG paths for the console's map: country outlines from GeoJSON and this crate's shapes,
//! all through one equirectangular projection.
//!
//! The projection scales longitude by the cosine of the view's middle latitude, so that at that
//! latitude a kilometre east and a kilometre north are equally long on screen; over a region the
//! size of the Levant the remaining distortion is a few percent, which is fine for a basemap.
//! Draw polygon paths with `fill-rule="evenodd"` so holes show.

use std::fmt::Write as _;

use geo::{Coord, LineString, MultiLineString, MultiPolygon, Polygon, Rect};
use geojson::{FeatureCollection, GeoJson, GeometryValue, Position};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::activity::PreparedActivity;
use crate::area::Area;
use crate::coord::{self, CoordError, LonLat};

/// Why outlines could not be read or a projection set up.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BasemapError {
    /// Not JSON, or not GeoJSON.
    #[error("not valid GeoJSON: {0}")]
    Json(String),
    /// GeoJSON, but not a FeatureCollection.
    #[error("expected a FeatureCollection, found a {0}")]
    NotFeatureCollection(&'static str),
    /// A feature whose geometry is not a Polygon or MultiPolygon.
    #[error(
        "feature {feature} ({name}) has a {found} geometry; outlines must be Polygon or MultiPolygon"
    )]
    Geometry {
        /// Feature index.
        feature: usize,
        /// Feature name.
        name: String,
        /// The geometry type found.
        found: &'static str,
    },
    /// A position with fewer than two numbers.
    #[error(
        "feature {feature} ({name}) polygon {polygon} ring {ring} vertex {vertex} has fewer than 2 numbers"
    )]
    ShortPosition {
        /// Feature index.
        feature: usize,
        /// Feature name.
        name: String,
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Vertex index.
        vertex: usize,
    },
    /// A position out of range.
    #[error("feature {feature} ({name}) polygon {polygon} ring {ring} vertex {vertex}: {source}")]
    Coordinate {
        /// Feature index.
        feature: usize,
        /// Feature name.
        name: String,
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Vertex index.
        vertex: usize,
        /// What is wrong.
        source: CoordError,
    },
    /// Bounds or width unusable for a projection.
    #[error("cannot project: {0}")]
    Projection(&'static str),
}

/// One named outline read from a FeatureCollection.
#[derive(Debug, Clone, PartialEq)]
pub struct Outline {
    /// `properties.name`, else the feature id, else `feature {index}`.
    pub name: String,
    /// The outline, rings as given (outlines are drawn, not validated).
    pub shape: MultiPolygon<f64>,
}

/// An SVG path for one outline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SvgFeature {
    /// The outline's name.
    pub name: String,
    /// The path's `d` attribute.
    pub d: String,
}

/// Equirectangular lon/lat to SVG pixels (x right, y down), fitted to a lon/lat box.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SvgProjection {
    lon_min: f64,
    lat_max: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    cos_mid: f64,
    width: f64,
    height: f64,
}

impl SvgProjection {
    /// Fits `bounds` (lon/lat) into `width_px`; the height follows from the aspect ratio.
    pub fn fit(bounds: Rect<f64>, width_px: f64) -> Result<Self, BasemapError> {
        let (min, max) = (bounds.min(), bounds.max());
        if ![min.x, min.y, max.x, max.y].iter().all(|v| v.is_finite())
            || coord::check(min.x, min.y).is_err()
            || coord::check(max.x, max.y).is_err()
        {
            return Err(BasemapError::Projection("bounds are not valid lon/lat"));
        }
        if !(width_px.is_finite() && width_px > 0.0) {
            return Err(BasemapError::Projection("width must be a positive number"));
        }
        let cos_mid = ((min.y + max.y) / 2.0).to_radians().cos();
        let span = (max.x - min.x) * cos_mid;
        if span <= 0.0 || max.y <= min.y {
            return Err(BasemapError::Projection("bounds have no extent"));
        }
        let scale = width_px / span;
        Ok(SvgProjection {
            lon_min: min.x,
            lat_max: max.y,
            scale,
            cos_mid,
            width: width_px,
            height: (max.y - min.y) * scale,
        })
    }

    /// Width of the drawing, pixels.
    pub fn width(&self) -> f64 {
        self.width
    }

    /// Height of the drawing, pixels.
    pub fn height(&self) -> f64 {
        self.height
    }

    /// Pixel position `(x, y)` of a lon/lat position.
    pub fn project(&self, p: LonLat) -> (f64, f64) {
        self.project_coord(p.to_coord())
    }

    fn project_coord(&self, c: Coord<f64>) -> (f64, f64) {
        (
            (c.x - self.lon_min) * self.cos_mid * self.scale,
            (self.lat_max - c.y) * self.scale,
        )
    }

    /// The `d` attribute of an SVG path drawing `shape`.
    pub fn path_d<S: SvgPath + ?Sized>(&self, shape: &S) -> String {
        let mut d = String::new();
        shape.write_path(self, &mut d);
        d
    }

    /// Appends one ring or line: `M x,y L x,y ...`, closed with `Z` when `closed`. Points that
    /// round to the previous one are dropped, which shrinks detailed outlines a lot.
    fn write_coords(&self, coords: &[Coord<f64>], closed: bool, out: &mut String) {
        let coords = match coords {
            [rest @ .., last] if closed && coords.len() > 1 && Some(last) == rest.first() => rest,
            all => all,
        };
        let mut previous = String::new();
        let mut point = String::new();
        for (i, c) in coords.iter().enumerate() {
            let (x, y) = self.project_coord(*c);
            point.clear();
            // Writing to a String cannot fail.
            let _ = write!(point, "{x:.2},{y:.2}");
            if point == previous {
                continue;
            }
            out.push(if i == 0 { 'M' } else { 'L' });
            out.push_str(&point);
            std::mem::swap(&mut point, &mut previous);
        }
        if closed && !coords.is_empty() {
            out.push('Z');
        }
    }
}

/// Shapes that can be drawn as an SVG path.
pub trait SvgPath {
    /// Appends this shape's path commands to `out`.
    fn write_path(&self, projection: &SvgProjection, out: &mut String);
}

impl SvgPath for LineString<f64> {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        projection.write_coords(&self.0, false, out);
    }
}

impl SvgPath for MultiLineString<f64> {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        self.0.iter().for_each(|l| l.write_path(projection, out));
    }
}

impl SvgPath for Polygon<f64> {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        for ring in std::iter::once(self.exterior()).chain(self.interiors()) {
            projection.write_coords(&ring.0, true, out);
        }
    }
}

impl SvgPath for MultiPolygon<f64> {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        self.0.iter().for_each(|p| p.write_path(projection, out));
    }
}

impl SvgPath for Area {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        self.shape().write_path(projection, out);
    }
}

/// A polyline through the positions, e.g. a corridor's centre line.
impl SvgPath for [LonLat] {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        let coords: Vec<Coord<f64>> = self.iter().map(|p| p.to_coord()).collect();
        projection.write_coords(&coords, false, out);
    }
}

/// An activity's footprint (circles and corridors as their buffers).
impl SvgPath for PreparedActivity {
    fn write_path(&self, projection: &SvgProjection, out: &mut String) {
        self.footprint().write_path(projection, out);
    }
}

/// Reads the Polygon/MultiPolygon features of a FeatureCollection. Features without geometry
/// are skipped: there is nothing to draw.
pub fn parse_outlines(text: &str) -> Result<Vec<Outline>, BasemapError> {
    let parsed: GeoJson =
        serde_json::from_str(text).map_err(|e| BasemapError::Json(e.to_string()))?;
    let collection: FeatureCollection = match parsed {
        GeoJson::FeatureCollection(fc) => fc,
        GeoJson::Feature(_) => return Err(BasemapError::NotFeatureCollection("Feature")),
        GeoJson::Geometry(_) => return Err(BasemapError::NotFeatureCollection("Geometry")),
    };
    let mut outlines = Vec::new();
    for (feature, f) in collection.features.iter().enumerate() {
        let name = f
            .property("name")
            .and_then(|v| v.as_str())
            .map(str::to_owned)
            .or_else(|| {
                f.id.as_ref().map(|id| match id {
                    geojson::feature::Id::String(s) => s.clone(),
                    geojson::feature::Id::Number(n) => n.to_string(),
                })
            })
            .unwrap_or_else(|| format!("feature {feature}"));
        let Some(geometry) = &f.geometry else {
            continue;
        };
        let polygons: Vec<&Vec<Vec<Position>>> = match &geometry.value {
            GeometryValue::Polygon { coordinates } => vec![coordinates],
            GeometryValue::MultiPolygon { coordinates } => coordinates.iter().collect(),
            other => {
                return Err(BasemapError::Geometry {
                    feature,
                    name,
                    found: other.type_name(),
                });
            }
        };
        let mut shape = Vec::with_capacity(polygons.len());
        for (polygon, rings) in polygons.into_iter().enumerate() {
            let mut read = Vec::with_capacity(rings.len());
            for (ring, positions) in rings.iter().enumerate() {
                let mut coords = Vec::with_capacity(positions.len());
                for (vertex, pos) in positions.iter().enumerate() {
                    let &[lon, lat, ..] = pos.as_slice() else {
                        return Err(BasemapError::ShortPosition {
                            feature,
                            name,
                            polygon,
                            ring,
                            vertex,
                        });
                    };
                    if let Err(source) = coord::check(lon, lat) {
                        return Err(BasemapError::Coordinate {
                            feature,
                            name,
                            polygon,
                            ring,
                            vertex,
                            source,
                        });
                    }
                    coords.push(Coord { x: lon, y: lat });
                }
                read.push(LineString(coords));
            }
            let mut rings = read.into_iter();
            if let Some(exterior) = rings.next() {
                shape.push(Polygon::new(exterior, rings.collect()));
            }
        }
        outlines.push(Outline {
            name,
            shape: MultiPolygon(shape),
        });
    }
    Ok(outlines)
}

/// The lon/lat box around all outlines, to fit a projection to; `None` when there are none.
pub fn outline_bounds(outlines: &[Outline]) -> Option<Rect<f64>> {
    use geo::BoundingRect;
    outlines
        .iter()
        .filter_map(|o| o.shape.bounding_rect())
        .reduce(|a, b| {
            Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        })
}

/// Parses a FeatureCollection of outlines and returns one SVG path per feature, with its name.
pub fn basemap_paths(
    text: &str,
    projection: &SvgProjection,
) -> Result<Vec<SvgFeature>, BasemapError> {
    Ok(parse_outlines(text)?
        .into_iter()
        .map(|o| SvgFeature {
            d: projection.path_d(&o.shape),
            name: o.name,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Point};

    const LEVANT: &str = include_str!("../data/levant-borders.geojson");

    fn view() -> SvgProjection {
        let bounds = Rect::new(Coord { x: 34.0, y: 29.0 }, Coord { x: 39.0, y: 37.0 });
        SvgProjection::fit(bounds, 800.0).unwrap()
    }

    #[test]
    fn reads_the_levant_outlines() {
        let outlines = parse_outlines(LEVANT).unwrap();
        let names: Vec<&str> = outlines.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(outlines.len(), 11);
        for country in [
            "Israel",
            "Syria",
            "Lebanon",
            "Jordan",
            "Palestine",
            "Egypt",
            "N. Cyprus",
        ] {
            assert!(names.contains(&country), "{country} missing from {names:?}");
        }
        let by_name = |n: &str| &outlines.iter().find(|o| o.name == n).unwrap().shape;
        let damascus = Point::new(36.29, 33.51);
        let jerusalem_west = Point::new(35.20, 31.78);
        assert!(by_name("Syria").contains(&damascus));
        assert!(!by_name("Israel").contains(&damascus));
        assert!(by_name("Israel").contains(&jerusalem_west));
        let b = outline_bounds(&outlines).unwrap();
        assert!(b.min().x < 26.0 && b.max().x > 48.0, "{b:?}");
    }

    #[test]
    fn projects_to_svg_paths() {
        let p = view();
        let expected_height = 800.0 * 8.0 / (5.0 * 33.0f64.to_radians().cos());
        assert!((p.height() - expected_height).abs() < 1e-9);
        assert_eq!(p.width(), 800.0);
        assert_eq!(
            p.project(LonLat {
                lon: 34.0,
                lat: 37.0
            }),
            (0.0, 0.0)
        );
        let (x, y) = p.project(LonLat {
            lon: 39.0,
            lat: 29.0,
        });
        assert!((x - 800.0).abs() < 1e-9 && (y - expected_height).abs() < 1e-9);

        let paths = basemap_paths(LEVANT, &p).unwrap();
        assert_eq!(paths.len(), 11);
        let israel = paths.iter().find(|f| f.name == "Israel").unwrap();
        assert!(israel.d.starts_with('M') && israel.d.ends_with('Z'));
        // Every number of the path parses, and Israel lies inside the view.
        let numbers: Vec<f64> = israel
            .d
            .split(['M', 'L', 'Z', ','])
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        assert!(numbers.len() > 100 && numbers.len().is_multiple_of(2));
        for xy in numbers.chunks(2) {
            assert!((0.0..=800.0).contains(&xy[0]) && (0.0..=p.height()).contains(&xy[1]));
        }
        // Damascus is east of and north of Jerusalem on screen.
        let (dx, dy) = p.project(LonLat {
            lon: 36.29,
            lat: 33.51,
        });
        let (jx, jy) = p.project(LonLat {
            lon: 35.2,
            lat: 31.78,
        });
        assert!(dx > jx && dy < jy);
        let json = serde_json::to_string(&paths[0]).unwrap();
        assert!(json.starts_with(r#"{"name":"Cyprus","d":"M"#), "{json}");
    }

    #[test]
    fn crate_shapes_use_the_same_projection() {
        let p = view();
        let area = Area::parse(
            r#"{"type":"Polygon","coordinates":[[[35.0,33.0],[36.0,33.0],[36.0,34.0],[35.0,33.0]]]}"#,
        )
        .unwrap();
        let (x0, y0) = p.project(LonLat {
            lon: 35.0,
            lat: 33.0,
        });
        let (x1, y1) = p.project(LonLat {
            lon: 36.0,
            lat: 33.0,
        });
        let (x2, y2) = p.project(LonLat {
            lon: 36.0,
            lat: 34.0,
        });
        assert_eq!(
            p.path_d(&area),
            format!("M{x0:.2},{y0:.2}L{x1:.2},{y1:.2}L{x2:.2},{y2:.2}Z")
        );
        let line = [
            LonLat {
                lon: 35.0,
                lat: 33.0,
            },
            LonLat {
                lon: 36.0,
                lat: 33.0,
            },
        ];
        assert_eq!(
            p.path_d(&line[..]),
            format!("M{x0:.2},{y0:.2}L{x1:.2},{y1:.2}")
        );
        let activity = crate::activity::Activity {
            id: "a".into(),
            party: "IL".into(),
            kind: crate::rules::ActivityKind::Air,
            geometry: crate::activity::ActivityGeometry::Circle {
                center: LonLat {
                    lon: 35.5,
                    lat: 33.0,
                },
                radius_m: 5_000.0,
            },
            altitude: None,
            window: crate::time::TimeWindow::new(
                crate::time::Timestamp(0),
                crate::time::Timestamp(1),
            )
            .unwrap(),
            forces: Default::default(),
        };
        let d = p.path_d(&PreparedActivity::new(activity).unwrap());
        assert!(d.starts_with('M') && d.ends_with('Z') && d.matches('L').count() > 50);
        let mls = MultiLineString(vec![LineString::from(vec![(35.0, 33.0), (36.0, 33.0)])]);
        assert_eq!(p.path_d(&mls), format!("M{x0:.2},{y0:.2}L{x1:.2},{y1:.2}"));
    }

    #[test]
    fn errors_are_precise() {
        assert_eq!(
            parse_outlines(r#"{"type":"Point","coordinates":[1,2]}"#),
            Err(BasemapError::NotFeatureCollection("Geometry"))
        );
        assert!(matches!(parse_outlines("nope"), Err(BasemapError::Json(_))));
        let bad = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Polygon","coordinates":[[[1,2],[3,4],[5],[1,2]]]}}]}"#;
        assert_eq!(
            parse_outlines(bad).unwrap_err().to_string(),
            "feature 0 (X) polygon 0 ring 0 vertex 2 has fewer than 2 numbers"
        );
        let far = bad.replace("[5]", "[5,100]");
        assert_eq!(
            parse_outlines(&far).unwrap_err().to_string(),
            "feature 0 (X) polygon 0 ring 0 vertex 2: latitude 100 is outside [-90, 90]"
        );
        let line = r#"{"type":"FeatureCollection","features":[
            {"type":"Feature","id":7,"properties":null,"geometry":{"type":"LineString","coordinates":[[1,2],[3,4]]}},
            {"type":"Feature","properties":null,"geometry":null}]}"#;
        assert_eq!(
            parse_outlines(line).unwrap_err().to_string(),
            "feature 0 (7) has a LineString geometry; outlines must be Polygon or MultiPolygon"
        );
        let flat = Rect::new(Coord { x: 34.0, y: 30.0 }, Coord { x: 34.0, y: 31.0 });
        assert!(SvgProjection::fit(flat, 100.0).is_err());
        let ok = Rect::new(Coord { x: 34.0, y: 30.0 }, Coord { x: 35.0, y: 31.0 });
        assert!(SvgProjection::fit(ok, 0.0).is_err());
        assert!(
            SvgProjection::fit(
                Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1.0, y: 95.0 }),
                10.0
            )
            .is_err()
        );
        assert_eq!(outline_bounds(&[]), None);
    }
}
