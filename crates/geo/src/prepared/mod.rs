//! Areas prepared for repeated exact tests: every edge filed into horizontal slabs, and the
//! boundary cut into monotone chains (`chains.rs`).
//!
//! A point test then looks only at the edges of one slab, and a test whether two boundaries
//! meet only at the chains near their overlap, instead of every edge of the polygon. This is
//! the per-area precomputation that makes position checks and conflict queries cheap; geo's
//! `PreparedGeometry` answers full DE-9IM relations and costs far more per call than these
//! three predicates need.

mod chains;

use geo::{Coord, MultiPolygon, Rect};

use crate::coord::LocalScale;
use crate::segment::{crosses_ray, origin_segment_distance2, rects_intersect};
use chains::{Bounds, Chains};

/// Upper bound on slabs per area; beyond it slabs stop paying for their memory.
const MAX_SLABS: usize = 4096;

/// One edge as `[ax, ay, bx, by]` in lon/lat degrees.
type Edge = [f64; 4];

/// A `MultiPolygon` with its bounding box and a slab index over its edges.
///
/// Point containment uses the crossing-number rule over all rings at once, which is exact for
/// valid shapes (non-overlapping members, holes inside shells) and for buffer outputs.
#[derive(Debug, Clone)]
pub(crate) struct PreparedArea {
    bbox: Rect<f64>,
    /// Every edge, in monotone chains.
    chains: Chains,
    y0: f64,
    inv_h: f64,
    slabs: usize,
    /// The slab index in one allocation, so that a point test touches as few cache lines as
    /// possible: first `slabs + 1` offsets, packed four to an entry as exact integer-valued
    /// `f64`s, then each slab's edges, copied rather than referenced, one slab after another.
    slab_data: Vec<Edge>,
    /// One vertex of each member polygon's shell, to detect containment without crossings.
    anchors: Vec<Coord<f64>>,
}

impl PreparedArea {
    /// Indexes `shape`; `None` for an empty shape.
    pub fn new(shape: &MultiPolygon<f64>) -> Option<Self> {
        let rings = shape
            .0
            .iter()
            .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()));
        let chains = Chains::new(rings.map(|r| &r.0[..]));
        let edges = chains.edges();
        let anchors: Vec<Coord<f64>> = shape
            .0
            .iter()
            .filter_map(|p| p.exterior().0.first().copied())
            .collect();
        let first = *anchors.first()?;
        let (mut min, mut max) = (first, first);
        for e in edges {
            min.x = min.x.min(e[0]).min(e[2]);
            min.y = min.y.min(e[1]).min(e[3]);
            max.x = max.x.max(e[0]).max(e[2]);
            max.y = max.y.max(e[1]).max(e[3]);
        }
        let slabs = (edges.len() / 2).clamp(1, MAX_SLABS);
        let height = max.y - min.y;
        let inv_h = if height > 0.0 {
            slabs as f64 / height
        } else {
            0.0
        };
        let mut area = PreparedArea {
            bbox: Rect::new(min, max),
            chains,
            y0: min.y,
            inv_h,
            slabs,
            slab_data: Vec::new(),
            anchors,
        };
        area.fill_slabs();
        Some(area)
    }

    /// Files every edge under each slab its y-range touches (compressed row storage).
    fn fill_slabs(&mut self) {
        let mut counts = vec![0u32; self.slabs + 1];
        for e in self.chains.edges() {
            let (lo, hi) = self.slab_range(e[1].min(e[3]), e[1].max(e[3]));
            for c in &mut counts[lo..=hi] {
                *c += 1;
            }
        }
        let mut starts = Vec::with_capacity(self.slabs + 1);
        let mut total = 0u32;
        for c in &counts[..self.slabs] {
            starts.push(total);
            total += c;
        }
        starts.push(total);
        let head = self.head();
        let mut data = vec![[0.0; 4]; head + total as usize];
        for (s, &start) in starts.iter().enumerate() {
            data[s / 4][s % 4] = f64::from(start);
        }
        let mut next = starts;
        for e in self.chains.edges() {
            let (lo, hi) = self.slab_range(e[1].min(e[3]), e[1].max(e[3]));
            for s in lo..=hi {
                data[head + next[s] as usize] = *e;
                next[s] += 1;
            }
        }
        self.slab_data = data;
    }

    /// Slab of latitude `y`, clamped to the index. Monotone in `y`, so an edge spanning
    /// `[ymin, ymax]` is filed under every slab a point with `ymin <= y <= ymax` maps to.
    #[inline]
    fn slab_of(&self, y: f64) -> usize {
        // Truncation is the floor for positive values, and cheaper than `f64::floor` where
        // that is a library call; zero, negatives and NaN go to slab 0.
        let s = (y - self.y0) * self.inv_h;
        if s > 0.0 {
            (s as usize).min(self.slabs - 1)
        } else {
            0
        }
    }

    #[inline]
    fn slab_range(&self, ymin: f64, ymax: f64) -> (usize, usize) {
        (self.slab_of(ymin), self.slab_of(ymax))
    }

    /// Entries of `slab_data` holding offsets.
    #[inline]
    fn head(&self) -> usize {
        (self.slabs + 1).div_ceil(4)
    }

    /// Where slab `s`'s edges start in `slab_data` (and slab `s - 1`'s end); `s` may be
    /// `slabs`, for the end of the last.
    #[inline]
    fn slab_start(&self, s: usize) -> usize {
        self.head() + self.slab_data[s / 4][s % 4] as usize
    }

    #[inline]
    fn slab_edges(&self, s: usize) -> &[Edge] {
        &self.slab_data[self.slab_start(s)..self.slab_start(s + 1)]
    }

    /// The lon/lat bounding box.
    pub fn bbox(&self) -> Rect<f64> {
        self.bbox
    }

    /// True when `p` is in the bounding box (its edges included).
    #[inline]
    fn box_holds(&self, p: Coord<f64>) -> bool {
        p.x >= self.bbox.min().x
            && p.x <= self.bbox.max().x
            && p.y >= self.bbox.min().y
            && p.y <= self.bbox.max().y
    }

    /// True when `p` is inside (points exactly on the boundary may go either way).
    pub fn contains(&self, p: Coord<f64>) -> bool {
        if !self.box_holds(p) {
            return false;
        }
        let mut inside = false;
        for e in self.slab_edges(self.slab_of(p.y)) {
            inside ^= crosses_ray(Coord { x: e[0], y: e[1] }, Coord { x: e[2], y: e[3] }, p);
        }
        inside
    }

    /// Reads the offsets of `p`'s slab and returns one, so that a caller can load them ahead
    /// of a test at `p` (see [`PreparedArea::warm_edges`]).
    pub fn warm_offsets(&self, p: Coord<f64>) -> f64 {
        self.slab_data[self.slab_of(p.y) / 4][0]
    }

    /// Reads the edges of `p`'s slab and of the slabs on either side, one value per cache
    /// line, and returns their sum: with [`PreparedArea::warm_offsets`] first, what a test at
    /// `p` reads is then cached.
    pub fn warm_edges(&self, p: Coord<f64>) -> f64 {
        let s = self.slab_of(p.y);
        let from = self.slab_start(s.saturating_sub(1));
        let to = self.slab_start((s + 2).min(self.slabs));
        // Two edges of 32 bytes to a 64-byte line.
        self.slab_data[from..to]
            .iter()
            .step_by(2)
            .map(|e| e[0])
            .sum()
    }

    /// Reads the first cache line of each part of the area a test of intersection starts
    /// with (members' vertices, slab offsets, chain boxes and edges) and returns a sum of what
    /// it read, so that a caller can load several areas at once before testing any of them.
    pub fn warm(&self) -> f64 {
        self.anchors.first().map_or(0.0, |a| a.x) + self.slab_data[0][0] + self.chains.warm()
    }

    /// The common part of the two bounding boxes (empty boxes have min above max).
    fn overlap(&self, other: &PreparedArea) -> Bounds {
        let [a, b] = [self.bbox, other.bbox];
        [
            a.min().x.max(b.min().x),
            a.min().y.max(b.min().y),
            a.max().x.min(b.max().x),
            a.max().y.min(b.max().y),
        ]
    }

    /// Signed distance from `p` to the boundary, metres: positive inside, negative outside,
    /// with magnitude capped at `cap`. Distances use the local metric `scale` (see
    /// [`LocalScale`]), meant for caps of up to a few tens of kilometres around `p`.
    ///
    /// Slabs are searched outwards from `p`'s own, stopping once a slab is farther away than the
    /// nearest edge found, so the cost depends on the boundary near `p`, not on the cap.
    pub fn signed_clearance(&self, p: Coord<f64>, cap: f64, scale: LocalScale) -> f64 {
        let mut best2 = cap * cap;
        let gap2 = |lo: f64, hi: f64, v: f64, k: f64| {
            let d = (lo - v).max(v - hi).max(0.0) * k;
            d * d
        };
        let in_box = self.box_holds(p);
        if !in_box
            && gap2(self.bbox.min().x, self.bbox.max().x, p.x, scale.kx)
                + gap2(self.bbox.min().y, self.bbox.max().y, p.y, scale.ky)
                >= best2
        {
            return -cap;
        }
        let height = if self.inv_h > 0.0 {
            1.0 / self.inv_h
        } else {
            0.0
        };
        let slab_gap2 = |s: usize| {
            let lo = self.y0 + s as f64 * height;
            gap2(lo, lo + height, p.y, scale.ky)
        };
        let nearer = |e: &Edge, best2: &mut f64| {
            let lower = gap2(e[0].min(e[2]), e[0].max(e[2]), p.x, scale.kx)
                + gap2(e[1].min(e[3]), e[1].max(e[3]), p.y, scale.ky);
            if lower < *best2 {
                *best2 = best2.min(origin_segment_distance2(
                    (e[0] - p.x) * scale.kx,
                    (e[1] - p.y) * scale.ky,
                    (e[2] - p.x) * scale.kx,
                    (e[3] - p.y) * scale.ky,
                ));
            }
        };
        let scan = |slab: usize, best2: &mut f64| {
            for e in self.slab_edges(slab) {
                nearer(e, best2);
            }
        };
        // The home slab decides containment too, as in `contains`, in the same pass.
        let home = self.slab_of(p.y);
        let mut crossings = false;
        for e in self.slab_edges(home) {
            crossings ^= crosses_ray(Coord { x: e[0], y: e[1] }, Coord { x: e[2], y: e[3] }, p);
            nearer(e, &mut best2);
        }
        let sign = if in_box && crossings { 1.0 } else { -1.0 };
        for k in 1..self.slabs {
            let below = home.checked_sub(k).filter(|&s| slab_gap2(s) < best2);
            let above = Some(home + k).filter(|&s| s < self.slabs && slab_gap2(s) < best2);
            if below.is_none() && above.is_none() {
                // Slab gaps only grow with `k`, so no farther slab can do better.
                break;
            }
            for s in below.into_iter().chain(above) {
                scan(s, &mut best2);
            }
        }
        sign * best2.sqrt()
    }

    /// True when the two closed areas share a point (touching counts).
    pub fn intersects(&self, other: &PreparedArea) -> bool {
        if !rects_intersect(&self.bbox, &other.bbox) {
            return false;
        }
        // Without crossing boundaries, a member is either wholly inside the other area or
        // wholly outside it, so one vertex per member decides containment.
        if self.anchors.iter().any(|&a| other.contains(a))
            || other.anchors.iter().any(|&a| self.contains(a))
        {
            return true;
        }
        self.chains.meet(&other.chains, &self.overlap(other))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use geo::{Contains, Intersects, LineString, polygon};

    fn square(x: f64, y: f64, s: f64) -> MultiPolygon<f64> {
        MultiPolygon(vec![polygon![
            (x: x, y: y), (x: x + s, y: y), (x: x + s, y: y + s), (x: x, y: y + s)
        ]])
    }

    #[test]
    fn containment_matches_geo() {
        let ring = |r: f64| -> Vec<(f64, f64)> {
            (0..40)
                .map(|i| {
                    let t = i as f64 / 40.0 * std::f64::consts::TAU;
                    let k = if i % 2 == 0 { r } else { r * 0.4 };
                    (35.0 + k * t.cos(), 33.0 + k * t.sin())
                })
                .collect()
        };
        let star = MultiPolygon(vec![geo::Polygon::new(
            LineString::from(ring(1.0)),
            vec![LineString::from(ring(0.2))],
        )]);
        let prepared = PreparedArea::new(&star).unwrap();
        for i in 0..50 {
            for j in 0..50 {
                let p = Coord {
                    x: 33.9 + i as f64 * 0.0443,
                    y: 31.9 + j as f64 * 0.0443,
                };
                assert_eq!(prepared.contains(p), star.contains(&p), "{p:?}");
            }
        }
    }

    #[test]
    fn intersection_cases() {
        let a = PreparedArea::new(&square(0.0, 0.0, 2.0)).unwrap();
        let inside = PreparedArea::new(&square(0.5, 0.5, 0.5)).unwrap();
        let touching = PreparedArea::new(&square(2.0, 0.0, 1.0)).unwrap();
        let crossing = PreparedArea::new(&square(1.5, 1.5, 1.0)).unwrap();
        let apart = PreparedArea::new(&square(3.0, 3.0, 1.0)).unwrap();
        assert!(a.intersects(&inside) && inside.intersects(&a));
        assert!(a.intersects(&touching));
        assert!(a.intersects(&crossing));
        assert!(!a.intersects(&apart));
        assert!(square(0.0, 0.0, 2.0).intersects(&square(2.0, 0.0, 1.0)));
        assert!(PreparedArea::new(&MultiPolygon(vec![])).is_none());
    }

    #[test]
    fn intersection_matches_geo_on_grid_polygons() {
        // Vertices on a small integer grid make touching vertices, shared and collinear edges
        // common, the cases where an inexact test would go wrong.
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n) as f64
        };
        let mut polygon = || loop {
            let mut ring: Vec<(f64, f64)> = (0..3 + next(3) as usize)
                .map(|_| (next(7), next(7)))
                .collect();
            // Sorted by angle around the centroid, the vertices make a simple ring unless two
            // coincide or all are collinear, which the area checks then refuse.
            let n = ring.len() as f64;
            let (cx, cy) = ring
                .iter()
                .fold((0.0, 0.0), |(x, y), p| (x + p.0 / n, y + p.1 / n));
            ring.sort_by(|a, b| {
                (a.1 - cy)
                    .atan2(a.0 - cx)
                    .total_cmp(&(b.1 - cy).atan2(b.0 - cx))
            });
            ring.push(ring[0]);
            let shape = MultiPolygon(vec![geo::Polygon::new(LineString::from(ring), vec![])]);
            if crate::Area::from_multi_polygon(&shape, crate::WindingPolicy::Normalize).is_ok() {
                return shape;
            }
        };
        for _ in 0..3_000 {
            let (a, b) = (polygon(), polygon());
            let (pa, pb) = (
                PreparedArea::new(&a).unwrap(),
                PreparedArea::new(&b).unwrap(),
            );
            assert_eq!(pa.intersects(&pb), a.intersects(&b), "{a:?} {b:?}");
            assert_eq!(pb.intersects(&pa), a.intersects(&b), "{b:?} {a:?}");
        }
    }

    #[test]
    fn signed_clearance_in_metres() {
        // A square of about 11 km a side at the equator.
        let a = PreparedArea::new(&square(0.0, 0.0, 0.1)).unwrap();
        let scale = LocalScale::at(0.0);
        let centre = Coord { x: 0.05, y: 0.05 };
        let half = 0.05 * scale.kx.min(scale.ky);
        assert!((a.signed_clearance(centre, 10_000.0, scale) - half).abs() < 1.0);
        assert_eq!(a.signed_clearance(centre, 1_000.0, scale), 1_000.0);
        let outside = Coord { x: 0.11, y: 0.05 };
        let d = a.signed_clearance(outside, 5_000.0, scale);
        assert!((d + 0.01 * scale.kx).abs() < 1.0, "{d}");
        assert_eq!(
            a.signed_clearance(Coord { x: 5.0, y: 5.0 }, 1_000.0, scale),
            -1_000.0
        );
    }
}
