//! Errors for shapes read from GeoJSON, each naming the polygon, ring and vertex at fault.

use thiserror::Error;

use crate::coord::CoordError;

/// Why a Polygon/MultiPolygon was refused.
///
/// Indices follow the GeoJSON arrays: `polygon` is the index in a MultiPolygon's `coordinates`
/// (0 for a Polygon), `ring` is 0 for the exterior ring and 1.. for holes, `vertex` is the
/// position's index within its ring.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ShapeError {
    /// The text is not GeoJSON.
    #[error("not valid GeoJSON: {0}")]
    Json(String),
    /// A GeoJSON object of another kind than a Polygon or MultiPolygon geometry.
    #[error("expected a Polygon or MultiPolygon geometry, found {0}")]
    WrongType(String),
    /// A Feature without a geometry.
    #[error("the Feature has no geometry")]
    MissingGeometry,
    /// A MultiPolygon without polygons.
    #[error("the MultiPolygon has no polygons")]
    Empty,
    /// A polygon without any ring.
    #[error("polygon {polygon} has no rings")]
    NoRings {
        /// Polygon index.
        polygon: usize,
    },
    /// RFC 7946 §3.1.6: a linear ring has at least four positions.
    #[error("polygon {polygon} ring {ring} has {count} positions; a ring needs at least 4")]
    TooFewPositions {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Positions found.
        count: usize,
    },
    /// A position with fewer than two numbers.
    #[error(
        "polygon {polygon} ring {ring} vertex {vertex} has {count} numbers; a position needs longitude and latitude"
    )]
    ShortPosition {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Vertex index.
        vertex: usize,
        /// Numbers found.
        count: usize,
    },
    /// A position outside WGS 84 ranges or not finite.
    #[error("polygon {polygon} ring {ring} vertex {vertex}: {source}")]
    Coordinate {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Vertex index.
        vertex: usize,
        /// What is wrong with it.
        source: CoordError,
    },
    /// RFC 7946 §3.1.6: the first and last positions of a ring are equal.
    #[error("polygon {polygon} ring {ring} is not closed: vertex {last} differs from vertex 0")]
    NotClosed {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Index of the last vertex.
        last: usize,
    },
    /// Two consecutive positions are equal, giving a zero-length edge.
    #[error("polygon {polygon} ring {ring} vertex {vertex} repeats the vertex before it")]
    RepeatedVertex {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Index of the repeated vertex.
        vertex: usize,
    },
    /// The ring turns back on itself at a vertex (a zero-width spike).
    #[error("polygon {polygon} ring {ring} doubles back on itself at vertex {vertex}")]
    Spike {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// Vertex where the ring reverses.
        vertex: usize,
    },
    /// Two edges of the same ring cross or touch.
    #[error(
        "polygon {polygon} ring {ring} intersects itself: the edge from vertex {vertex} meets the edge from vertex {other_vertex}"
    )]
    SelfIntersection {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// First vertex of one edge.
        vertex: usize,
        /// First vertex of the other edge.
        other_vertex: usize,
    },
    /// Edges of two different rings cross or touch.
    #[error(
        "polygon {polygon} ring {ring} edge from vertex {vertex} meets polygon {other_polygon} ring {other_ring} edge from vertex {other_vertex}"
    )]
    RingsIntersect {
        /// Polygon index of the first edge.
        polygon: usize,
        /// Ring index of the first edge.
        ring: usize,
        /// First vertex of the first edge.
        vertex: usize,
        /// Polygon index of the second edge.
        other_polygon: usize,
        /// Ring index of the second edge.
        other_ring: usize,
        /// First vertex of the second edge.
        other_vertex: usize,
    },
    /// A ring whose enclosed area rounds to zero.
    #[error("polygon {polygon} ring {ring} encloses no area")]
    ZeroArea {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
    },
    /// RFC 7946 right-hand rule broken, refused under [`WindingPolicy::Reject`](crate::WindingPolicy::Reject).
    #[error(
        "polygon {polygon} ring {ring} winds {found}; RFC 7946 wants exterior rings counter-clockwise and holes clockwise"
    )]
    WrongWinding {
        /// Polygon index.
        polygon: usize,
        /// Ring index.
        ring: usize,
        /// `"clockwise"` or `"counter-clockwise"`.
        found: &'static str,
    },
    /// A hole lies outside its polygon's exterior ring.
    #[error("polygon {polygon} ring {ring} is a hole outside the polygon's exterior ring")]
    HoleOutsideShell {
        /// Polygon index.
        polygon: usize,
        /// Ring index of the hole.
        ring: usize,
    },
    /// A hole lies inside another hole of the same polygon.
    #[error("polygon {polygon} ring {ring} is a hole inside hole ring {other_ring}")]
    NestedHoles {
        /// Polygon index.
        polygon: usize,
        /// Ring index of the inner hole.
        ring: usize,
        /// Ring index of the outer hole.
        other_ring: usize,
    },
    /// Two polygons of a MultiPolygon overlap.
    #[error(
        "polygon {polygon} lies inside polygon {other_polygon}; MultiPolygon members must not overlap"
    )]
    PolygonsOverlap {
        /// The polygon found inside.
        polygon: usize,
        /// The polygon around it.
        other_polygon: usize,
    },
    /// Too many vertices to validate and index in bounded time.
    #[error("the shape has {count} vertices; at most {max} are accepted")]
    TooManyVertices {
        /// Vertices found.
        count: usize,
        /// The limit.
        max: usize,
    },
}
