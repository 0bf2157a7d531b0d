//! Geodesic buffers: the areas within a distance in metres of a point, line or area.
//!
//! Method: project the source onto an azimuthal equidistant plane centred on it (exact
//! geodesic distance and azimuth from the centre, computed with Karney's algorithms through
//! `geo::Geodesic`), buffer there with `geo::Buffer`, and map the result back. Within
//! [`MAX_EXTENT_M`] of the centre the projection stretches distances by at most
//! `c / sin c - 1` (`c` the angular distance), about 0.2 %; arcs are drawn with chords off by
//! at most 0.08 %; source and result edges are densified so that a straight lon/lat edge (which
//! is what RFC 7946 means by an edge) and a straight projected edge stay within 0.05 % of each
//! other. The total stays inside the 0.5 % budget, which the tests check against
//! `geo::Geodesic` distances.

use geo::algorithm::buffer::{BufferStyle, LineCap, LineJoin};
use geo::{
    Area as _, Bearing, Buffer, Coord, Destination, Distance, Geodesic, LineString, MultiPolygon,
    Point, Polygon,
};
use thiserror::Error;

use crate::area::Area;
use crate::coord::{self, CoordError, LocalScale, LonLat};

/// Largest distance, source vertex to projection centre plus buffer distance, that keeps the
/// projection within 0.2 %.
pub const MAX_EXTENT_M: f64 = 700_000.0;

/// Largest number of vertices a buffer may be computed from or produce.
pub const MAX_BUFFER_VERTICES: usize = 200_000;

/// Angle, radians, between successive arc vertices: chord error `1 - cos(0.04)` = 0.08 %.
const ARC_STEP_RAD: f64 = 0.08;

/// Why a buffer could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BufferError {
    /// The distance is not finite, or below [`MIN_DISTANCE_M`] where it must be positive.
    #[error(
        "buffer distance {0} m is not usable (it must be finite, and at least 0.1 m for points and lines)"
    )]
    Distance(f64),
    /// A line with fewer than two positions.
    #[error("a line needs at least 2 positions, found {0}")]
    TooFewPoints(usize),
    /// A source position is out of range.
    #[error("vertex {vertex}: {source}")]
    Coordinate {
        /// Index of the position.
        vertex: usize,
        /// What is wrong with it.
        source: CoordError,
    },
    /// Too far from the centre for the projection's accuracy.
    #[error(
        "the shape reaches {extent_m:.0} m from its centre; buffers are limited to {max_m:.0} m"
    )]
    TooLarge {
        /// Distance reached, metres.
        extent_m: f64,
        /// The limit, metres.
        max_m: f64,
    },
    /// Too many vertices before or after buffering.
    #[error("the buffer would need {count} vertices; at most {max} are allowed")]
    TooManyVertices {
        /// Vertices needed.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// The result would straddle the antimeridian or a pole, which lon/lat polygons cannot hold.
    #[error("the buffer crosses the antimeridian or a pole")]
    CrossesAntimeridian,
}

/// The disc of geodesic radius `radius_m` around `center`.
pub fn circle(center: LonLat, radius_m: f64) -> Result<MultiPolygon<f64>, BufferError> {
    center
        .validate()
        .map_err(|source| BufferError::Coordinate { vertex: 0, source })?;
    positive(radius_m)?;
    let plane = Aeqd::new(&[center.to_coord()], radius_m)?;
    let disc = Point::new(0.0, 0.0).buffer_with_style(style(radius_m));
    plane.unproject(&clean(disc, radius_m), radius_m)
}

/// The area within `distance_m` of a lon/lat line (a corridor `2 * distance_m` wide with round
/// ends).
pub fn buffer_line(line: &[LonLat], distance_m: f64) -> Result<MultiPolygon<f64>, BufferError> {
    if line.len() < 2 {
        return Err(BufferError::TooFewPoints(line.len()));
    }
    for (vertex, p) in line.iter().enumerate() {
        p.validate()
            .map_err(|source| BufferError::Coordinate { vertex, source })?;
    }
    positive(distance_m)?;
    let coords: Vec<Coord<f64>> = line.iter().map(|p| p.to_coord()).collect();
    let dense = densify_lonlat(&coords, step(distance_m))?;
    let plane = Aeqd::new(&dense, distance_m)?;
    let projected = LineString(dense.iter().map(|&c| plane.project(c)).collect());
    let planar = clean(stroke(&projected, distance_m), distance_m);
    plane.unproject(&planar, distance_m)
}

/// The area within `distance_m` of `area` (grown), or, for a negative distance, the part of
/// `area` farther than `-distance_m` from its boundary (shrunk; possibly empty).
pub fn buffer_area(area: &Area, distance_m: f64) -> Result<MultiPolygon<f64>, BufferError> {
    if !distance_m.is_finite() {
        return Err(BufferError::Distance(distance_m));
    }
    let reach = distance_m.abs();
    let step = step(reach);
    let mut dense_rings = Vec::new();
    for poly in &area.shape().0 {
        let mut rings = Vec::new();
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            rings.push(densify_lonlat(&ring.0, step)?);
        }
        dense_rings.push(rings);
    }
    let all: Vec<Coord<f64>> = dense_rings.iter().flatten().flatten().copied().collect();
    if all.len() > MAX_BUFFER_VERTICES {
        return Err(too_many(all.len()));
    }
    let plane = Aeqd::new(&all, reach)?;
    let projected = MultiPolygon(
        dense_rings
            .iter()
            .map(|rings| {
                let mut rings = rings
                    .iter()
                    .map(|r| LineString(r.iter().map(|&c| plane.project(c)).collect()));
                let exterior = rings.next().unwrap_or_else(|| LineString(vec![]));
                Polygon::new(exterior, rings.collect())
            })
            .collect(),
    );
    let planar = clean(stroke(&projected, distance_m), distance_m);
    plane.unproject(&planar, reach)
}

/// The planar buffer of `shape`, with self-intersections resolved: at bends of densified lines
/// the stroker can return an exterior ring that crosses itself in small loops (see the test
/// `bent_lines_buffer_to_valid_areas`), which validation rightly refuses. A union of the
/// output with itself re-nodes the rings and keeps the same covered area.
fn stroke<G: Buffer<Scalar = f64>>(shape: &G, distance: f64) -> MultiPolygon<f64> {
    geo::unary_union(&shape.buffer_with_style(style(distance)).0)
}

/// Drops the sub-metre slivers that the planar stroker leaves where the offsets of many short,
/// nearly collinear segments overlap (densification makes such segments).
///
/// A grown shape holds a disc of radius `d` around every source point, so a genuine part has at
/// least `π d²`; a genuine hole may be small, but one under `(d / 100)²` is dropped, which only
/// ever enlarges the buffer by that much. A shrunk shape's holes are the source's holes grown by
/// `|d|`, so they too have at least `π d²`.
fn clean(shape: MultiPolygon<f64>, d: f64) -> MultiPolygon<f64> {
    let whole = 0.5 * std::f64::consts::PI * d * d;
    let sliver = if d > 0.0 { 1e-4 * d * d } else { whole };
    MultiPolygon(
        shape
            .0
            .into_iter()
            .filter(|p| d < 0.0 || p.unsigned_area() >= whole)
            .map(|p| {
                let (exterior, holes) = p.into_inner();
                let holes = holes
                    .into_iter()
                    .filter(|h| Polygon::new(h.clone(), vec![]).unsigned_area() >= sliver)
                    .collect();
                Polygon::new(exterior, holes)
            })
            .collect(),
    )
}

/// Smallest distance buffered, metres: below GPS precision, and small enough to make the
/// planar buffering degenerate.
pub const MIN_DISTANCE_M: f64 = 0.1;

fn positive(d: f64) -> Result<(), BufferError> {
    if d.is_finite() && d >= MIN_DISTANCE_M {
        Ok(())
    } else {
        Err(BufferError::Distance(d))
    }
}

fn too_many(count: usize) -> BufferError {
    BufferError::TooManyVertices {
        count,
        max: MAX_BUFFER_VERTICES,
    }
}

fn style(distance: f64) -> BufferStyle<f64> {
    BufferStyle::new(distance)
        .line_join(LineJoin::Round(ARC_STEP_RAD))
        .line_cap(LineCap::Round(ARC_STEP_RAD))
}

/// Longest edge, metres, allowed before projecting or unprojecting. A straight lon/lat edge of
/// length `s` bows away from the projected straight line by about `s² tan(lat) / 8R`; with
/// `s² = 5000 d` that is under 0.03 % of `d` up to latitude 70°.
fn step(distance: f64) -> f64 {
    (5000.0 * distance).sqrt().clamp(10.0, 2000.0)
}

/// Splits lon/lat edges longer than `step` metres by linear interpolation in lon/lat, which is
/// what an RFC 7946 edge is.
fn densify_lonlat(coords: &[Coord<f64>], step: f64) -> Result<Vec<Coord<f64>>, BufferError> {
    let mut out = Vec::with_capacity(coords.len());
    for w in coords.windows(2) {
        let (a, b) = (w[0], w[1]);
        out.push(a);
        let s = LocalScale::at((a.y + b.y) / 2.0);
        let len = ((b.x - a.x) * s.kx).hypot((b.y - a.y) * s.ky);
        let pieces = (len / step).ceil();
        if out.len() as f64 + pieces > MAX_BUFFER_VERTICES as f64 {
            return Err(too_many(out.len() + pieces as usize));
        }
        for k in 1..pieces as usize {
            let t = k as f64 / pieces;
            out.push(Coord {
                x: a.x + (b.x - a.x) * t,
                y: a.y + (b.y - a.y) * t,
            });
        }
    }
    if let Some(&last) = coords.last() {
        out.push(last);
    }
    Ok(out)
}

/// An azimuthal equidistant projection on the WGS 84 ellipsoid: x east, y north, metres.
struct Aeqd {
    center: Point<f64>,
}

impl Aeqd {
    /// Centres the plane on the bounding-box centre of `coords` and checks that everything,
    /// grown by `reach` metres, stays within [`MAX_EXTENT_M`].
    fn new(coords: &[Coord<f64>], reach: f64) -> Result<Self, BufferError> {
        let (mut min, mut max) = (coords[0], coords[0]);
        for c in coords {
            min.x = min.x.min(c.x);
            min.y = min.y.min(c.y);
            max.x = max.x.max(c.x);
            max.y = max.y.max(c.y);
        }
        let center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
        let extent = coords
            .iter()
            .map(|&c| Geodesic.distance(center, c.into()))
            .fold(0.0, f64::max)
            + reach;
        if extent > MAX_EXTENT_M {
            return Err(BufferError::TooLarge {
                extent_m: extent,
                max_m: MAX_EXTENT_M,
            });
        }
        Ok(Aeqd { center })
    }

    fn project(&self, c: Coord<f64>) -> Coord<f64> {
        let p: Point<f64> = c.into();
        let s = Geodesic.distance(self.center, p);
        if s == 0.0 {
            return Coord { x: 0.0, y: 0.0 };
        }
        let (sin, cos) = Geodesic.bearing(self.center, p).to_radians().sin_cos();
        Coord {
            x: s * sin,
            y: s * cos,
        }
    }

    fn unproject_coord(&self, c: Coord<f64>) -> Coord<f64> {
        let s = c.x.hypot(c.y);
        if s == 0.0 {
            return self.center.into();
        }
        let bearing = c.x.atan2(c.y).to_degrees();
        Geodesic.destination(self.center, bearing, s).into()
    }

    /// Maps a planar result back to lon/lat, splitting long edges first (see [`step`]).
    fn unproject(
        &self,
        shape: &MultiPolygon<f64>,
        reach: f64,
    ) -> Result<MultiPolygon<f64>, BufferError> {
        let step = step(reach);
        let mut count = 0usize;
        let mut ring = |r: &LineString<f64>| -> Result<LineString<f64>, BufferError> {
            let mut out = Vec::with_capacity(r.0.len());
            for w in r.0.windows(2) {
                let (a, b) = (w[0], w[1]);
                let pieces = ((b.x - a.x).hypot(b.y - a.y) / step).ceil().max(1.0);
                count += pieces as usize;
                if count > MAX_BUFFER_VERTICES {
                    return Err(too_many(count));
                }
                for k in 0..pieces as usize {
                    let t = k as f64 / pieces;
                    let p = Coord {
                        x: a.x + (b.x - a.x) * t,
                        y: a.y + (b.y - a.y) * t,
                    };
                    out.push(self.unproject_coord(p));
                }
            }
            if let Some(&first) = out.first() {
                out.push(first);
            }
            Ok(LineString(out))
        };
        let mut polygons = Vec::with_capacity(shape.0.len());
        for poly in &shape.0 {
            let exterior = ring(poly.exterior())?;
            let holes = poly
                .interiors()
                .iter()
                .map(&mut ring)
                .collect::<Result<_, _>>()?;
            polygons.push(Polygon::new(exterior, holes));
        }
        // Edges are straight in lon/lat, not in the plane, so two edges that nearly meet in
        // the plane may cross once unprojected; a union re-nodes them (see the test
        // `bent_lines_buffer_to_valid_areas`).
        let result = geo::unary_union(&polygons);
        check_lonlat(&result)?;
        Ok(result)
    }
}

/// A lon/lat polygon jumping across ±180° or circling a pole is not what it looks like.
fn check_lonlat(shape: &MultiPolygon<f64>) -> Result<(), BufferError> {
    for poly in &shape.0 {
        for ring in std::iter::once(poly.exterior()).chain(poly.interiors()) {
            for w in ring.0.windows(2) {
                if (w[1].x - w[0].x).abs() > 180.0 || coord::check(w[1].x, w[1].y).is_err() {
                    return Err(BufferError::CrossesAntimeridian);
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
