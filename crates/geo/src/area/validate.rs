//! Structural validation of polygon rings: counts, closure, simplicity, winding, nesting.

use geo::kernels::Orientation;
use geo::{Coord, LineString, MultiPolygon, Polygon, Rect};
use rstar::primitives::{GeomWithData, Rectangle};
use rstar::{AABB, RTree};

use super::error::ShapeError;
use crate::segment::{orient, rects_intersect, ring_contains, segments_intersect};

/// Largest number of vertices accepted in one shape. Validation is about `n log n` for sane
/// shapes; the cap bounds memory and time for hostile input.
pub const MAX_VERTICES: usize = 200_000;

/// What to do with rings that break the RFC 7946 right-hand rule.
///
/// RFC 7946 §3.1.6 says exterior rings are counter-clockwise and holes clockwise, but also that
/// parsers "SHOULD NOT reject Polygons that do not follow the right-hand rule". The default
/// therefore re-orients such rings; `Reject` is for callers who want producers held to the rule.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WindingPolicy {
    /// Reverse wrongly wound rings (the default).
    #[default]
    Normalize,
    /// Refuse wrongly wound rings with [`ShapeError::WrongWinding`].
    Reject,
}

/// Rings as read: `polygons[p][r][v]`, positions already checked for range.
pub(crate) type RawRings = Vec<Vec<Vec<Coord<f64>>>>;

/// Validates raw rings and returns them as a `MultiPolygon` wound per RFC 7946.
pub(crate) fn validate(
    mut polygons: RawRings,
    policy: WindingPolicy,
) -> Result<MultiPolygon<f64>, ShapeError> {
    if polygons.is_empty() {
        return Err(ShapeError::Empty);
    }
    let mut count = 0usize;
    for (p, rings) in polygons.iter().enumerate() {
        if rings.is_empty() {
            return Err(ShapeError::NoRings { polygon: p });
        }
        for (r, ring) in rings.iter().enumerate() {
            check_ring_basics(p, r, ring)?;
            count += ring.len();
        }
    }
    if count > MAX_VERTICES {
        return Err(ShapeError::TooManyVertices {
            count,
            max: MAX_VERTICES,
        });
    }
    check_edges(&polygons)?;
    for (p, rings) in polygons.iter_mut().enumerate() {
        for (r, ring) in rings.iter_mut().enumerate() {
            orient_ring(p, r, ring, policy)?;
        }
    }
    check_holes(&polygons)?;
    check_polygon_overlap(&polygons)?;
    Ok(MultiPolygon(
        polygons
            .into_iter()
            .map(|mut rings| {
                let exterior = LineString(rings.remove(0));
                Polygon::new(exterior, rings.into_iter().map(LineString).collect())
            })
            .collect(),
    ))
}

/// Count, closure and repeated vertices of one ring.
fn check_ring_basics(p: usize, r: usize, ring: &[Coord<f64>]) -> Result<(), ShapeError> {
    if ring.len() < 4 {
        return Err(ShapeError::TooFewPositions {
            polygon: p,
            ring: r,
            count: ring.len(),
        });
    }
    if ring[0] != ring[ring.len() - 1] {
        return Err(ShapeError::NotClosed {
            polygon: p,
            ring: r,
            last: ring.len() - 1,
        });
    }
    if let Some(v) = (1..ring.len()).find(|&v| ring[v] == ring[v - 1]) {
        return Err(ShapeError::RepeatedVertex {
            polygon: p,
            ring: r,
            vertex: v,
        });
    }
    Ok(())
}

/// One edge of one ring, for the intersection search.
#[derive(Clone, Copy)]
struct EdgeRef {
    polygon: usize,
    ring: usize,
    /// Index of the edge's first vertex.
    vertex: usize,
    /// Number of edges in the ring, to recognise the wrap-around neighbour.
    ring_edges: usize,
}

/// Rejects any two edges that meet, other than neighbours sharing their common vertex.
///
/// Touching rings are refused too (stricter than OGC, which allows a hole to touch its shell at
/// a point): it keeps every later step, from parity tests to hysteresis, free of degenerate
/// topology, and a producer can always separate the rings.
fn check_edges(polygons: &RawRings) -> Result<(), ShapeError> {
    let mut entries = Vec::new();
    let mut edges = Vec::new();
    for (p, rings) in polygons.iter().enumerate() {
        for (r, ring) in rings.iter().enumerate() {
            let ring_edges = ring.len() - 1;
            for v in 0..ring_edges {
                let (a, b) = (ring[v], ring[v + 1]);
                entries.push(GeomWithData::new(
                    Rectangle::from_corners([a.x, a.y], [b.x, b.y]),
                    edges.len(),
                ));
                edges.push((
                    EdgeRef {
                        polygon: p,
                        ring: r,
                        vertex: v,
                        ring_edges,
                    },
                    a,
                    b,
                ));
            }
        }
    }
    let tree = RTree::bulk_load(entries);
    for (i, &(ei, a, b)) in edges.iter().enumerate() {
        let env = AABB::from_corners([a.x.min(b.x), a.y.min(b.y)], [a.x.max(b.x), a.y.max(b.y)]);
        for hit in tree.locate_in_envelope_intersecting(&env) {
            let j = hit.data;
            if j <= i {
                continue;
            }
            let (ej, c, d) = edges[j];
            let same_ring = ei.polygon == ej.polygon && ei.ring == ej.ring;
            if same_ring && ej.vertex == ei.vertex + 1 {
                check_spike(ei, ej.vertex, a, b, d)?;
            } else if same_ring && ei.vertex == 0 && ej.vertex + 1 == ei.ring_edges {
                check_spike(ei, 0, c, a, b)?;
            } else if segments_intersect(a, b, c, d) {
                return Err(if same_ring {
                    ShapeError::SelfIntersection {
                        polygon: ei.polygon,
                        ring: ei.ring,
                        vertex: ei.vertex,
                        other_vertex: ej.vertex,
                    }
                } else {
                    ShapeError::RingsIntersect {
                        polygon: ei.polygon,
                        ring: ei.ring,
                        vertex: ei.vertex,
                        other_polygon: ej.polygon,
                        other_ring: ej.ring,
                        other_vertex: ej.vertex,
                    }
                });
            }
        }
    }
    Ok(())
}

/// Neighbouring edges `prev -> at -> next` may only share `at` (vertex `vertex` of the ring);
/// they overlap exactly when the three points are collinear and the ring reverses at `at`.
fn check_spike(
    e: EdgeRef,
    vertex: usize,
    prev: Coord<f64>,
    at: Coord<f64>,
    next: Coord<f64>,
) -> Result<(), ShapeError> {
    let back = (at.x - prev.x) * (next.x - at.x) + (at.y - prev.y) * (next.y - at.y) < 0.0;
    if back && orient(prev, at, next) == Orientation::Collinear {
        return Err(ShapeError::Spike {
            polygon: e.polygon,
            ring: e.ring,
            vertex,
        });
    }
    Ok(())
}

/// Signed area (shoelace); positive for counter-clockwise rings in lon/lat axes.
fn signed_area(ring: &[Coord<f64>]) -> f64 {
    ring.windows(2)
        .map(|w| w[0].x * w[1].y - w[1].x * w[0].y)
        .sum::<f64>()
        / 2.0
}

/// Applies the RFC 7946 right-hand rule under `policy`.
fn orient_ring(
    p: usize,
    r: usize,
    ring: &mut [Coord<f64>],
    policy: WindingPolicy,
) -> Result<(), ShapeError> {
    let area = signed_area(ring);
    if area == 0.0 || !area.is_finite() {
        return Err(ShapeError::ZeroArea {
            polygon: p,
            ring: r,
        });
    }
    let want_ccw = r == 0;
    if (area > 0.0) == want_ccw {
        return Ok(());
    }
    match policy {
        WindingPolicy::Normalize => {
            ring.reverse();
            Ok(())
        }
        WindingPolicy::Reject => Err(ShapeError::WrongWinding {
            polygon: p,
            ring: r,
            found: if area > 0.0 {
                "counter-clockwise"
            } else {
                "clockwise"
            },
        }),
    }
}

fn ring_rect(ring: &[Coord<f64>]) -> Rect<f64> {
    let mut min = ring[0];
    let mut max = ring[0];
    for c in ring {
        min.x = min.x.min(c.x);
        min.y = min.y.min(c.y);
        max.x = max.x.max(c.x);
        max.y = max.y.max(c.y);
    }
    Rect::new(min, max)
}

/// Holes must lie in their shell and not in each other. Rings no longer meet (checked above),
/// so one vertex decides on which side a whole ring lies.
fn check_holes(polygons: &RawRings) -> Result<(), ShapeError> {
    for (p, rings) in polygons.iter().enumerate() {
        let shell = &rings[0];
        for (r, hole) in rings.iter().enumerate().skip(1) {
            if !ring_contains(shell, hole[0]) {
                return Err(ShapeError::HoleOutsideShell {
                    polygon: p,
                    ring: r,
                });
            }
        }
        let rects: Vec<Rect<f64>> = rings.iter().map(|r| ring_rect(r)).collect();
        for r in 1..rings.len() {
            for o in 1..rings.len() {
                if r != o
                    && rects_intersect(&rects[r], &rects[o])
                    && ring_contains(&rings[o], rings[r][0])
                {
                    return Err(ShapeError::NestedHoles {
                        polygon: p,
                        ring: r,
                        other_ring: o,
                    });
                }
            }
        }
    }
    Ok(())
}

/// True when `c` lies in the polygon's area (inside the shell, outside every hole).
fn polygon_contains(rings: &[Vec<Coord<f64>>], c: Coord<f64>) -> bool {
    ring_contains(&rings[0], c) && !rings[1..].iter().any(|h| ring_contains(h, c))
}

/// MultiPolygon members must not overlap. With no edges meeting, two members overlap exactly
/// when a shell vertex of one lies in the area of the other.
fn check_polygon_overlap(polygons: &RawRings) -> Result<(), ShapeError> {
    let mut order: Vec<(usize, Rect<f64>)> = polygons
        .iter()
        .enumerate()
        .map(|(i, rings)| (i, ring_rect(&rings[0])))
        .collect();
    order.sort_by(|a, b| a.1.min().x.total_cmp(&b.1.min().x));
    for (k, &(i, ri)) in order.iter().enumerate() {
        for &(j, rj) in order[k + 1..]
            .iter()
            .take_while(|(_, rj)| rj.min().x <= ri.max().x)
        {
            if !rects_intersect(&ri, &rj) {
                continue;
            }
            if polygon_contains(&polygons[j], polygons[i][0][0]) {
                return Err(ShapeError::PolygonsOverlap {
                    polygon: i,
                    other_polygon: j,
                });
            }
            if polygon_contains(&polygons[i], polygons[j][0][0]) {
                return Err(ShapeError::PolygonsOverlap {
                    polygon: j,
                    other_polygon: i,
                });
            }
        }
    }
    Ok(())
}
