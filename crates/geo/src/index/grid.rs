//! Zones filed by grid cell, so that a track's neighbourhood is drawn with one lookup instead
//! of an R-tree walk: a track keeps the zones of the cell it is in until it leaves the cell.
//! The grid also keeps every zone's box in single precision, in one small array, so that a
//! distance bound for a zone near a track reads no zone data.

use geo::Coord;
use rstar::primitives::Rectangle;
use rustc_hash::FxHashMap;

/// Side of a cell, degrees: about 10 km, a minute or so of movement for a fast track, and
/// some 15 zones per cell in the benchmark's dense synthetic data.
const CELL_DEG: f64 = 0.1;

/// A zone covering more cells than this is kept in every neighbourhood instead of being filed
/// under each cell (a country-sized zone would otherwise fill millions of cells).
const MAX_CELLS: i64 = 4096;

/// A grid cell: longitude and latitude indices.
pub(super) type Cell = (i32, i32);

/// The cell holding `p`. Division by a positive constant and `floor` are both monotone, so a
/// point inside a box lies in a cell between those of the box's corners: filing a zone under
/// every cell between its corners' cells files it under every cell one of its points is in.
pub(super) fn cell_of(p: Coord<f64>) -> Cell {
    (index(p.x), index(p.y))
}

/// Latitude of the middle of `cell`'s row, degrees.
pub(super) fn middle_latitude(cell: Cell) -> f64 {
    (f64::from(cell.1) + 0.5) * CELL_DEG
}

fn index(v: f64) -> i32 {
    // Coordinates are validated lon/lat, so the index is within ±1,800. Truncation and a step
    // down for negatives is `floor` without the library call it is on baseline x86-64.
    let q = v / CELL_DEG;
    let t = q as i32;
    if f64::from(t) > q { t - 1 } else { t }
}

/// Zone slots by cell.
#[derive(Debug, Default)]
pub(super) struct ZoneGrid {
    /// Slots of the zones whose boxes meet each cell, sorted.
    cells: FxHashMap<Cell, Vec<u32>>,
    /// Zones too large to file by cell, sorted: near every track.
    wide: Vec<u32>,
    /// Each filed zone's bounding box `[lon0, lat0, lon1, lat1]` by slot, rounded outwards.
    boxes: Vec<[f32; 4]>,
}

/// `v` as the largest `f32` not above it.
pub(super) fn f32_down(v: f64) -> f32 {
    let r = v as f32;
    if f64::from(r) > v { r.next_down() } else { r }
}

/// `v` as the smallest `f32` not below it.
pub(super) fn f32_up(v: f64) -> f32 {
    let r = v as f32;
    if f64::from(r) < v { r.next_up() } else { r }
}

/// The cells a box covers, or `None` when they are more than [`MAX_CELLS`].
fn cells(rect: &Rectangle<[f64; 2]>) -> Option<impl Iterator<Item = Cell>> {
    let (lo, hi) = (rect.lower(), rect.upper());
    let (x0, y0) = (index(lo[0]), index(lo[1]));
    let (x1, y1) = (index(hi[0]), index(hi[1]));
    let count = (i64::from(x1) - i64::from(x0) + 1) * (i64::from(y1) - i64::from(y0) + 1);
    (count <= MAX_CELLS).then(|| (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y))))
}

impl ZoneGrid {
    /// Files the zone in `slot` whose box is `bbox`, and grown by the hysteresis margin `rect`.
    pub fn insert(&mut self, slot: u32, rect: &Rectangle<[f64; 2]>, bbox: geo::Rect<f64>) {
        let at = slot as usize;
        if self.boxes.len() <= at {
            self.boxes.resize(at + 1, [0.0; 4]);
        }
        self.boxes[at] = [
            f32_down(bbox.min().x),
            f32_down(bbox.min().y),
            f32_up(bbox.max().x),
            f32_up(bbox.max().y),
        ];
        let add = |list: &mut Vec<u32>| {
            if let Err(at) = list.binary_search(&slot) {
                list.insert(at, slot);
            }
        };
        match cells(rect) {
            Some(cells) => cells.for_each(|c| add(self.cells.entry(c).or_default())),
            None => add(&mut self.wide),
        }
    }

    /// Takes out what [`ZoneGrid::insert`] filed with the same arguments.
    pub fn remove(&mut self, slot: u32, rect: &Rectangle<[f64; 2]>) {
        let take = |list: &mut Vec<u32>| {
            if let Ok(at) = list.binary_search(&slot) {
                list.remove(at);
            }
        };
        match cells(rect) {
            Some(cells) => cells.for_each(|c| {
                if let Some(list) = self.cells.get_mut(&c) {
                    take(list);
                    if list.is_empty() {
                        self.cells.remove(&c);
                    }
                }
            }),
            None => take(&mut self.wide),
        }
    }

    /// The box of each filed zone, by slot (see [`ZoneGrid::insert`]), rounded outwards.
    pub fn boxes(&self) -> &[[f32; 4]] {
        &self.boxes
    }

    /// Puts in `out`, sorted, the zones whose boxes may meet `cell`: no point of the cell is
    /// inside the box of a zone left out.
    pub fn near(&self, cell: Cell, out: &mut Vec<u32>) {
        out.clear();
        out.extend_from_slice(self.cells.get(&cell).map_or(&[][..], Vec::as_slice));
        if !self.wide.is_empty() {
            out.extend_from_slice(&self.wide);
            out.sort_unstable();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rect(x0: f64, y0: f64, x1: f64, y1: f64) -> Rectangle<[f64; 2]> {
        Rectangle::from_corners([x0, y0], [x1, y1])
    }

    #[test]
    fn zones_are_near_every_cell_their_boxes_meet_and_no_other() {
        let mut grid = ZoneGrid::default();
        let bbox = |r: &Rectangle<[f64; 2]>| {
            geo::Rect::new(
                Coord {
                    x: r.lower()[0],
                    y: r.lower()[1],
                },
                Coord {
                    x: r.upper()[0],
                    y: r.upper()[1],
                },
            )
        };
        for (slot, r) in [
            (3, rect(35.05, 33.05, 35.25, 33.12)),
            (1, rect(35.15, 33.0, 35.16, 33.01)),
            (7, rect(-180.0, -90.0, 180.0, 90.0)),
        ] {
            grid.insert(slot, &r, bbox(&r));
        }
        let b = grid.boxes()[3];
        assert!(
            f64::from(b[0]) <= 35.05 && f64::from(b[2]) >= 35.25,
            "rounded outwards"
        );
        assert!(
            f64::from(b[1]) <= 33.05 && f64::from(b[3]) >= 33.12,
            "rounded outwards"
        );
        let mut out = Vec::new();
        grid.near(cell_of(Coord { x: 35.2, y: 33.1 }), &mut out);
        assert_eq!(out, [3, 7]);
        grid.near(
            cell_of(Coord {
                x: 35.15,
                y: 33.005,
            }),
            &mut out,
        );
        assert_eq!(out, [1, 3, 7]);
        grid.near(cell_of(Coord { x: 36.0, y: 33.0 }), &mut out);
        assert_eq!(out, [7]);
        grid.remove(3, &rect(35.05, 33.05, 35.25, 33.12));
        grid.remove(7, &rect(-180.0, -90.0, 180.0, 90.0));
        grid.near(cell_of(Coord { x: 35.2, y: 33.1 }), &mut out);
        assert!(out.is_empty());
        assert_eq!(grid.cells.len(), 1, "emptied cells are dropped");
    }

    #[test]
    fn negative_coordinates_fall_in_the_cell_below() {
        assert_eq!(cell_of(Coord { x: -0.05, y: 0.05 }), (-1, 0));
        assert_eq!(
            cell_of(Coord {
                x: -180.0,
                y: -90.0
            }),
            (-1800, -900)
        );
    }
}
