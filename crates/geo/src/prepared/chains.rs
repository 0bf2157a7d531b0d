//! Boundaries cut into monotone chains: runs of consecutive edges along which latitude never
//! falls. Two boundaries share a point only where a chain of one meets a chain of the other, and
//! two chains are compared by one merge over the edges in their common latitude band, so a test
//! costs about the edges near the overlap instead of every edge of one area against the other.

use geo::Coord;

use super::Edge;
use crate::segment::segments_intersect;

/// Edges per chain at most: short chains have tight boxes that rule most pairs out at once,
/// while more chains cost more box tests.
const MAX_CHAIN: usize = 16;

/// A box as `[lon0, lat0, lon1, lat1]`.
pub(super) type Bounds = [f64; 4];

/// True when two boxes share a point.
#[inline]
pub(super) fn bounds_meet(a: &Bounds, b: &Bounds) -> bool {
    a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3]
}

/// One chain: a range of [`Chains::edges`] and its box.
#[derive(Debug, Clone, Copy)]
struct Chain {
    bounds: Bounds,
    start: u32,
    end: u32,
}

/// Every edge of a boundary, grouped in chains. Each edge runs from its lower to its upper end
/// (`e[1] <= e[3]`), and within a chain edges follow one another upwards, so both their lower
/// and their upper latitudes are sorted.
#[derive(Debug, Clone, Default)]
pub(super) struct Chains {
    edges: Vec<Edge>,
    chains: Vec<Chain>,
}

impl Chains {
    /// Cuts closed rings (first vertex repeated last) into chains.
    pub fn new<'a>(rings: impl IntoIterator<Item = &'a [Coord<f64>]>) -> Self {
        let mut out = Chains::default();
        for ring in rings {
            let mut from = 0;
            // Direction of the run from `from`: 1 up, -1 down, 0 not yet known (flat so far).
            let mut rising = 0.0;
            for k in 0..ring.len().saturating_sub(1) {
                let dy = ring[k + 1].y - ring[k].y;
                let turns = dy != 0.0 && rising != 0.0 && dy.signum() != rising;
                if turns || k - from == MAX_CHAIN {
                    out.push_run(&ring[from..=k], rising < 0.0);
                    from = k;
                    rising = 0.0;
                }
                if dy != 0.0 {
                    rising = dy.signum();
                }
            }
            if ring.len() > from + 1 {
                out.push_run(&ring[from..], rising < 0.0);
            }
        }
        out
    }

    /// Adds the edges between consecutive `vertices` as one chain, turned upwards if `falling`.
    fn push_run(&mut self, vertices: &[Coord<f64>], falling: bool) {
        let start = self.edges.len() as u32;
        let edge = |w: &[Coord<f64>]| [w[0].x, w[0].y, w[1].x, w[1].y];
        if falling {
            self.edges.extend(
                vertices
                    .windows(2)
                    .rev()
                    .map(|w| [w[1].x, w[1].y, w[0].x, w[0].y]),
            );
        } else {
            self.edges.extend(vertices.windows(2).map(edge));
        }
        let run = &self.edges[start as usize..];
        let mut bounds = [
            f64::INFINITY,
            run[0][1],
            f64::NEG_INFINITY,
            run[run.len() - 1][3],
        ];
        for e in run {
            bounds[0] = bounds[0].min(e[0]).min(e[2]);
            bounds[2] = bounds[2].max(e[0]).max(e[2]);
        }
        self.chains.push(Chain {
            bounds,
            start,
            end: self.edges.len() as u32,
        });
    }

    /// Reads every chain's box and the first edge, and returns a sum of what it read (see
    /// [`PreparedArea::warm`](super::PreparedArea::warm)): a test reads all the boxes.
    pub fn warm(&self) -> f64 {
        self.chains.iter().map(|c| c.bounds[0]).sum::<f64>()
            + self.edges.first().map_or(0.0, |e| e[0])
    }

    /// Every edge, chain after chain.
    pub fn edges(&self) -> &[Edge] {
        &self.edges
    }

    fn run(&self, c: &Chain) -> &[Edge] {
        &self.edges[c.start as usize..c.end as usize]
    }

    /// True when the two boundaries share a point inside `overlap` (the common part of their
    /// boxes; no shared point can lie outside it).
    pub fn meet(&self, other: &Chains, overlap: &Bounds) -> bool {
        let theirs = || other.chains.iter();
        self.chains
            .iter()
            .filter(|a| bounds_meet(&a.bounds, overlap))
            .any(|a| {
                theirs()
                    .filter(|b| bounds_meet(&a.bounds, &b.bounds))
                    .any(|b| runs_meet(self.run(a), other.run(b)))
            })
    }
}

/// True when an edge of chain `p` and an edge of chain `q` share a point. Every pair of edges
/// whose latitude ranges meet (closed) is tested, found by one merge of the two sorted runs.
fn runs_meet(p: &[Edge], q: &[Edge]) -> bool {
    let point = |x: f64, y: f64| Coord { x, y };
    // `q[below..]` are the edges not wholly below the current edge of `p`; as `p`'s edges rise,
    // the edges below stay below.
    let mut below = 0;
    for e in p {
        while below < q.len() && q[below][3] < e[1] {
            below += 1;
        }
        let (e0, e1) = (e[0].min(e[2]), e[0].max(e[2]));
        for f in q[below..].iter().take_while(|f| f[1] <= e[3]) {
            if f[0].max(f[2]) >= e0
                && f[0].min(f[2]) <= e1
                && segments_intersect(
                    point(e[0], e[1]),
                    point(e[2], e[3]),
                    point(f[0], f[1]),
                    point(f[2], f[3]),
                )
            {
                return true;
            }
        }
        if below == q.len() {
            break;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ring(points: &[(f64, f64)]) -> Vec<Coord<f64>> {
        points.iter().map(|&(x, y)| Coord { x, y }).collect()
    }

    #[test]
    fn chains_rise_and_keep_every_edge() {
        // A zigzag with a flat step: up, down, flat, up, back down to the start.
        let r = ring(&[(0., 0.), (1., 2.), (2., 1.), (3., 1.), (4., 3.), (0., 0.)]);
        let c = Chains::new([&r[..]]);
        assert_eq!(c.edges().len(), 5);
        for chain in &c.chains {
            let run = c.run(chain);
            for e in run {
                assert!(e[1] <= e[3], "{e:?}");
            }
            for w in run.windows(2) {
                assert_eq!((w[0][2], w[0][3]), (w[1][0], w[1][1]), "consecutive");
            }
        }
        // Up; down and flat; up; down.
        assert_eq!(c.chains.len(), 4);
        // The same edges, each with its ends in (lat, lon) order: a flat edge may run either way.
        let key = |e: &Edge| {
            let (a, b) = ((e[1], e[0]), (e[3], e[2]));
            let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
            [lo.0, lo.1, hi.0, hi.1].map(f64::to_bits)
        };
        let mut sorted: Vec<[u64; 4]> = c.edges().iter().map(key).collect();
        sorted.sort_unstable();
        let mut expected: Vec<[u64; 4]> = r
            .windows(2)
            .map(|w| key(&[w[0].x, w[0].y, w[1].x, w[1].y]))
            .collect();
        expected.sort_unstable();
        assert_eq!(sorted, expected);
    }

    #[test]
    fn long_runs_are_cut() {
        let r: Vec<Coord<f64>> = (0..=40)
            .map(|i| Coord {
                x: f64::from(i % 2),
                y: f64::from(i),
            })
            .chain(std::iter::once(Coord { x: 0.0, y: 0.0 }))
            .collect();
        let c = Chains::new([&r[..]]);
        assert!(
            c.chains
                .iter()
                .all(|ch| ch.end - ch.start <= MAX_CHAIN as u32)
        );
        assert_eq!(c.edges().len(), 41);
    }

    #[test]
    fn runs_meet_at_crossings_touches_and_flat_edges() {
        let up = |pts: &[(f64, f64)]| -> Vec<Edge> {
            pts.windows(2)
                .map(|w| [w[0].0, w[0].1, w[1].0, w[1].1])
                .collect()
        };
        let p = up(&[(0., 0.), (0., 1.), (0., 2.)]);
        assert!(runs_meet(&p, &up(&[(-1., 0.5), (1., 1.5)])));
        // Touching at a vertex.
        assert!(runs_meet(&p, &up(&[(1., 0.), (0., 1.)])));
        // A flat edge at the top of one chain reaching the other's vertex.
        assert!(runs_meet(&p, &up(&[(1., 1.), (2., 2.), (-1., 2.)])));
        assert!(!runs_meet(&p, &up(&[(0.5, 0.), (0.5, 3.)])));
        assert!(!runs_meet(&p, &up(&[(0., 2.5), (0., 3.)])));
    }
}
