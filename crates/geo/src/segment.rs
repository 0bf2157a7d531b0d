//! Exact segment predicates shared by validation and the prepared areas.

use geo::kernels::{Kernel, Orientation, RobustKernel};
use geo::{Coord, Rect};

/// Robust orientation of `r` relative to the directed line `p -> q`.
pub(crate) fn orient(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>) -> Orientation {
    RobustKernel::orient2d(p, q, r)
}

/// True when `r`, known to be collinear with `p`–`q`, lies on that closed segment.
fn within_box(p: Coord<f64>, q: Coord<f64>, r: Coord<f64>) -> bool {
    r.x >= p.x.min(q.x) && r.x <= p.x.max(q.x) && r.y >= p.y.min(q.y) && r.y <= p.y.max(q.y)
}

/// True when closed segments `a`–`b` and `c`–`d` share at least one point (touching counts).
///
/// Uses exact orientation tests so that touching and crossing are told apart reliably: the
/// deconfliction index treats touching areas as intersecting, and validation rejects rings that
/// touch.
pub(crate) fn segments_intersect(
    a: Coord<f64>,
    b: Coord<f64>,
    c: Coord<f64>,
    d: Coord<f64>,
) -> bool {
    use Orientation::{Clockwise as Cw, Collinear, CounterClockwise as Ccw};
    let d1 = orient(c, d, a);
    let d2 = orient(c, d, b);
    let d3 = orient(a, b, c);
    let d4 = orient(a, b, d);
    let straddles = |x, y| matches!((x, y), (Cw, Ccw) | (Ccw, Cw));
    if straddles(d1, d2) && straddles(d3, d4) {
        return true;
    }
    (d1 == Collinear && within_box(c, d, a))
        || (d2 == Collinear && within_box(c, d, b))
        || (d3 == Collinear && within_box(a, b, c))
        || (d4 == Collinear && within_box(a, b, d))
}

/// True when the bounding boxes of two segments (or any two rectangles) share a point.
pub(crate) fn rects_intersect(a: &Rect<f64>, b: &Rect<f64>) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// Crossing-number point-in-ring test. Points exactly on the ring may go either way; callers
/// either rule that out first or do not care (a boundary point has zero measure).
pub(crate) fn ring_contains(ring: &[Coord<f64>], p: Coord<f64>) -> bool {
    let mut inside = false;
    for w in ring.windows(2) {
        if crosses_ray(w[0], w[1], p) {
            inside = !inside;
        }
    }
    inside
}

/// True when edge `a`–`b` crosses the horizontal ray going east from `p` (half-open in y, so a
/// vertex on the ray is counted once).
#[inline]
pub(crate) fn crosses_ray(a: Coord<f64>, b: Coord<f64>, p: Coord<f64>) -> bool {
    // `&`, not `&&`: both sides are cheap, and a branch on which edges straddle the ray is
    // mispredicted about half the time. A horizontal edge divides by zero, but its first side
    // is false.
    ((a.y > p.y) != (b.y > p.y)) & (p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x)
}

/// Squared distance from the origin to segment `a`–`b` (planar).
#[inline]
pub(crate) fn origin_segment_distance2(ax: f64, ay: f64, bx: f64, by: f64) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (-(ax * dx + ay * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    let (x, y) = (ax + t * dx, ay + t * dy);
    x * x + y * y
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::coord;

    fn c(x: f64, y: f64) -> Coord<f64> {
        coord! { x: x, y: y }
    }

    #[test]
    fn crossing_touching_and_disjoint_segments() {
        assert!(segments_intersect(
            c(0., 0.),
            c(2., 2.),
            c(0., 2.),
            c(2., 0.)
        ));
        assert!(segments_intersect(
            c(0., 0.),
            c(2., 0.),
            c(1., 0.),
            c(1., 5.)
        ));
        assert!(segments_intersect(
            c(0., 0.),
            c(2., 0.),
            c(2., 0.),
            c(3., 1.)
        ));
        assert!(segments_intersect(
            c(0., 0.),
            c(2., 0.),
            c(1., 0.),
            c(3., 0.)
        ));
        assert!(!segments_intersect(
            c(0., 0.),
            c(2., 0.),
            c(3., 0.),
            c(4., 0.)
        ));
        assert!(!segments_intersect(
            c(0., 0.),
            c(2., 0.),
            c(0., 1.),
            c(2., 1.)
        ));
    }

    #[test]
    fn point_in_ring_and_distance() {
        let sq = [c(0., 0.), c(2., 0.), c(2., 2.), c(0., 2.), c(0., 0.)];
        assert!(ring_contains(&sq, c(1., 1.)));
        assert!(!ring_contains(&sq, c(3., 1.)));
        assert_eq!(origin_segment_distance2(-1., 2., 1., 2.), 4.0);
        assert_eq!(origin_segment_distance2(3., 4., 3., 4.), 25.0);
        assert_eq!(origin_segment_distance2(1., 0., 2., 0.), 1.0);
    }
}
