//! Deterministic synthetic data over the Golan/Levant area, for benchmarks and load tests.
//!
//! Everything derives from one seed through a SplitMix64 generator, so the same configuration
//! gives the same zones, activities and reports on every machine; a later benchmark can load the
//! very same data elsewhere (into PostGIS, say) by serialising what [`generate`] returns.

use std::collections::{BTreeMap, BTreeSet};

use geo::{Coord, LineString, MultiPolygon, Polygon};

use crate::activity::{Activity, ActivityGeometry, AltitudeBand};
use crate::area::{Area, WindingPolicy};
use crate::coord::{LocalScale, LonLat};
use crate::position::PositionReport;
use crate::rules::{ActivityKind, ForceCategory, Forces, PartyRules, Zone};
use crate::time::{TimeWindow, Timestamp};

/// Longitude range of the generated data, degrees.
pub const LON_RANGE: (f64, f64) = (34.0, 39.0);
/// Latitude range of the generated data, degrees.
pub const LAT_RANGE: (f64, f64) = (29.0, 37.0);
/// Start of the generated time span: 2025-01-01T00:00:00Z.
pub const EPOCH: Timestamp = Timestamp(1_735_689_600_000);
/// Length of the generated time span: 30 days.
pub const SPAN_MS: i64 = 30 * 24 * HOUR_MS;
/// Parties used, with the mediator rarest.
pub const PARTIES: [&str; 3] = ["IL", "SY", "US"];

const MINUTE_MS: i64 = 60_000;
const HOUR_MS: i64 = 60 * MINUTE_MS;
/// Time between two reports of one track.
const REPORT_INTERVAL_MS: i64 = 10_000;

/// How much data to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyntheticConfig {
    /// Seed; equal seeds give equal data.
    pub seed: u64,
    /// Number of zones.
    pub zones: usize,
    /// Number of activities.
    pub activities: usize,
    /// Number of tracks reporting positions.
    pub tracks: usize,
    /// Number of position reports, spread round-robin over the tracks.
    pub reports: usize,
}

impl SyntheticConfig {
    /// The benchmark's size: 10k zones, 100k activities, 10k tracks, 1M reports.
    pub fn benchmark(seed: u64) -> Self {
        SyntheticConfig {
            seed,
            zones: 10_000,
            activities: 100_000,
            tracks: 10_000,
            reports: 1_000_000,
        }
    }
}

/// Generated data.
#[derive(Debug, Clone)]
pub struct Scenario {
    /// Zones with ids `z{n}`.
    pub zones: Vec<Zone>,
    /// Activities with ids `a{n}`.
    pub activities: Vec<Activity>,
    /// Reports in time order, tracks `t{n}`.
    pub reports: Vec<PositionReport>,
}

/// Generates a scenario. Zones, activities and reports come from independent streams, so
/// changing one count leaves the other kinds of data as they were.
pub fn generate(config: &SyntheticConfig) -> Scenario {
    let mut zr = Rng::new(config.seed ^ 0x5a0e);
    let mut ar = Rng::new(config.seed ^ 0xac71);
    let mut rr = Rng::new(config.seed ^ 0x7ac6);
    Scenario {
        zones: (0..config.zones).map(|i| zone(&mut zr, i)).collect(),
        activities: (0..config.activities)
            .map(|i| activity(&mut ar, &format!("a{i}")))
            .collect(),
        reports: reports(&mut rr, config.tracks, config.reports),
    }
}

/// `count` activities with ids `{prefix}{n}` from their own seed: queries for a benchmark that
/// are not among the stored activities.
pub fn activities(seed: u64, prefix: &str, count: usize) -> Vec<Activity> {
    let mut r = Rng::new(seed ^ 0x9e3e);
    (0..count)
        .map(|i| activity(&mut r, &format!("{prefix}{i}")))
        .collect()
}

/// SplitMix64: tiny, fast and the same everywhere, which is all a generator of test data needs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[lo, hi)`.
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * unit
    }

    /// Uniform in `[0, n)`.
    fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.range(0.0, 1.0) < p
    }

    fn point(&mut self) -> LonLat {
        LonLat {
            lon: self.range(LON_RANGE.0, LON_RANGE.1),
            lat: self.range(LAT_RANGE.0, LAT_RANGE.1),
        }
    }
}

/// A star-shaped polygon around `c`: vertices at increasing angles, so it is always simple.
fn star(r: &mut Rng, c: LonLat, radius_m: f64, vertices: usize) -> Area {
    let s = LocalScale::at(c.lat);
    loop {
        let mut ring: Vec<Coord<f64>> = (0..vertices)
            .map(|k| {
                let angle =
                    (k as f64 + r.range(0.1, 0.9)) / vertices as f64 * std::f64::consts::TAU;
                let rad = radius_m * r.range(0.45, 1.0);
                Coord {
                    x: c.lon + rad * angle.cos() / s.kx,
                    y: c.lat + rad * angle.sin() / s.ky,
                }
            })
            .collect();
        ring.push(ring[0]);
        let shape = MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]);
        // Rounding can in principle make a sliver degenerate; draw again if so.
        if let Ok(area) = Area::from_multi_polygon(&shape, WindingPolicy::Normalize) {
            return area;
        }
    }
}

fn zone(r: &mut Rng, i: usize) -> Zone {
    let c = r.point();
    let vertices = 8 + r.below(17) as usize;
    let radius = r.range(2_000.0, 15_000.0);
    let area = star(r, c, radius, vertices);
    let mut rules = BTreeMap::new();
    for party in &PARTIES[..2] {
        if !r.chance(0.5) {
            continue;
        }
        let forbidden_kinds = (0..r.below(3))
            .map(|_| KINDS[r.below(KINDS.len() as u64) as usize])
            .collect::<BTreeSet<_>>();
        let mut force_caps = Forces::new();
        if r.chance(0.5) {
            force_caps.insert(ForceCategory::Troops, 500 + r.below(6_000) as u32);
            force_caps.insert(ForceCategory::Tanks, r.below(80) as u32);
        }
        if r.chance(0.3) {
            force_caps.insert(ForceCategory::HeavyArtillery, 0);
        }
        rules.insert(
            (*party).to_owned(),
            PartyRules {
                forbidden_kinds,
                force_caps,
            },
        );
    }
    Zone {
        id: format!("z{i}"),
        name: format!("Synthetic zone {i}"),
        area,
        rules,
    }
}

const KINDS: [ActivityKind; 7] = [
    ActivityKind::Air,
    ActivityKind::Ground,
    ActivityKind::Naval,
    ActivityKind::Exercise,
    ActivityKind::Movement,
    ActivityKind::Humanitarian,
    ActivityKind::Other,
];

fn activity(r: &mut Rng, id: &str) -> Activity {
    let c = r.point();
    let shape = r.range(0.0, 1.0);
    let geometry = if shape < 0.4 {
        ActivityGeometry::Circle {
            center: c,
            radius_m: r.range(1_000.0, 10_000.0),
        }
    } else if shape < 0.7 {
        let s = LocalScale::at(c.lat);
        let mut line = vec![c];
        for _ in 0..1 + r.below(3) {
            let last = line[line.len() - 1];
            let (len, dir) = (
                r.range(5_000.0, 30_000.0),
                r.range(0.0, std::f64::consts::TAU),
            );
            line.push(LonLat {
                lon: last.lon + len * dir.cos() / s.kx,
                lat: last.lat + len * dir.sin() / s.ky,
            });
        }
        ActivityGeometry::Corridor {
            line,
            width_m: r.range(1_000.0, 5_000.0),
        }
    } else {
        let vertices = 6 + r.below(11) as usize;
        let radius = r.range(3_000.0, 20_000.0);
        ActivityGeometry::Area {
            area: star(r, c, radius, vertices),
        }
    };
    let kind = KINDS[r.below(KINDS.len() as u64) as usize];
    let party = match r.below(20) {
        0..=8 => PARTIES[0],
        9..=17 => PARTIES[1],
        _ => PARTIES[2],
    };
    let start = EPOCH.0 + r.below((SPAN_MS / MINUTE_MS) as u64) as i64 * MINUTE_MS;
    let length = (1 + r.below(12) as i64) * HOUR_MS;
    let window = TimeWindow::new(Timestamp(start), Timestamp(start + length))
        .expect("a window of at least one hour is never empty");
    let altitude = (kind == ActivityKind::Air).then(|| {
        let lower = 500.0 * r.below(18) as f64;
        let thickness = 500.0 * (1 + r.below(8)) as f64;
        AltitudeBand::new(lower, lower + thickness).expect("a band of positive thickness is valid")
    });
    let mut forces = Forces::new();
    if matches!(
        kind,
        ActivityKind::Ground | ActivityKind::Exercise | ActivityKind::Movement
    ) {
        forces.insert(ForceCategory::Troops, 50 + r.below(2_000) as u32);
        if r.chance(0.5) {
            forces.insert(ForceCategory::Tanks, 1 + r.below(40) as u32);
        }
        if r.chance(0.2) {
            forces.insert(ForceCategory::HeavyArtillery, 1 + r.below(6) as u32);
        }
    }
    Activity {
        id: id.to_owned(),
        party: party.to_owned(),
        kind,
        geometry,
        altitude,
        window,
        forces,
    }
}

/// Tracks wander at up to about 70 m/s, one report every 10 s, round-robin over the tracks;
/// they bounce off the edges of the area.
fn reports(r: &mut Rng, tracks: usize, count: usize) -> Vec<PositionReport> {
    if tracks == 0 {
        return Vec::new();
    }
    let mut state: Vec<(String, &str, LonLat, f64)> = (0..tracks)
        .map(|i| {
            let party = PARTIES[i % PARTIES.len()];
            (
                format!("t{i}"),
                party,
                r.point(),
                r.range(0.0, std::f64::consts::TAU),
            )
        })
        .collect();
    (0..count)
        .map(|n| {
            let (track, party, pos, heading) = &mut state[n % tracks];
            *heading += r.range(-0.3, 0.3);
            let step = r.range(0.0, 700.0);
            let s = LocalScale::at(pos.lat);
            pos.lon = (pos.lon + step * heading.cos() / s.kx).clamp(LON_RANGE.0, LON_RANGE.1);
            pos.lat = (pos.lat + step * heading.sin() / s.ky).clamp(LAT_RANGE.0, LAT_RANGE.1);
            if pos.lon <= LON_RANGE.0
                || pos.lon >= LON_RANGE.1
                || pos.lat <= LAT_RANGE.0
                || pos.lat >= LAT_RANGE.1
            {
                *heading += std::f64::consts::PI;
            }
            PositionReport {
                party: (*party).to_owned(),
                track: track.clone(),
                time: Timestamp(EPOCH.0 + (n / tracks) as i64 * REPORT_INTERVAL_MS),
                position: *pos,
                altitude_m: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_and_in_bounds() {
        let config = SyntheticConfig {
            seed: 7,
            zones: 20,
            activities: 50,
            tracks: 5,
            reports: 100,
        };
        let a = generate(&config);
        let b = generate(&config);
        assert_eq!(a.zones, b.zones);
        assert_eq!(a.activities, b.activities);
        assert_eq!(a.reports, b.reports);
        assert_eq!(
            (a.zones.len(), a.activities.len(), a.reports.len()),
            (20, 50, 100)
        );
        for r in &a.reports {
            assert!(r.validate().is_ok());
            assert!((LON_RANGE.0..=LON_RANGE.1).contains(&r.position.lon));
        }
        for act in &a.activities {
            assert!(
                crate::activity::PreparedActivity::new(act.clone()).is_ok(),
                "{act:?}"
            );
        }
        let other = generate(&SyntheticConfig { seed: 8, ..config });
        assert_ne!(other.activities, a.activities);
        assert_eq!(activities(1, "q", 3)[2].id, "q2");
        assert_eq!(SyntheticConfig::benchmark(1).activities, 100_000);
    }
}
