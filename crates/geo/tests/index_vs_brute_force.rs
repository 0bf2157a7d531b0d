//! Property tests: the indexed answers equal a brute-force reference built on `geo`'s own
//! predicates (linear scans, `Intersects`, `Contains`, Euclidean distance in a local metric).

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_geo::{
    Activity, ActivityGeometry, ActivityKind, AltitudeBand, Area, CandidateFilter, Config,
    Deconfliction, ForceCategory, Forces, LonLat, PartyRules, PositionReport, PreparedActivity,
    TimeWindow, Timestamp, WindingPolicy, Zone, ZoneEventKind,
};
use geo::{
    Contains, Coord, Distance, Euclidean, Intersects, LineString, MultiPolygon, Point, Polygon,
};
use proptest::prelude::*;

const PARTIES: [&str; 3] = ["IL", "SY", "US"];
const KINDS: [ActivityKind; 4] = [
    ActivityKind::Air,
    ActivityKind::Ground,
    ActivityKind::Exercise,
    ActivityKind::Humanitarian,
];

/// Metres per degree of longitude and latitude (WGS 84), written out again here so that the
/// reference does not borrow the crate's own helper.
fn metres_per_degree(lat: f64) -> (f64, f64) {
    let a = 6_378_137.0;
    let f = 1.0 / 298.257_223_563;
    let e2 = f * (2.0 - f);
    let (s, c) = lat.to_radians().sin_cos();
    let w = 1.0 - e2 * s * s;
    let rad = std::f64::consts::PI / 180.0;
    (
        a / w.sqrt() * c * rad,
        a * (1.0 - e2) / (w * w.sqrt()) * rad,
    )
}

fn star(c: (f64, f64), radius_m: f64, shape: &[(f64, f64)]) -> Option<Area> {
    let (kx, ky) = metres_per_degree(c.1);
    let n = shape.len() as f64;
    let mut ring: Vec<Coord<f64>> = shape
        .iter()
        .enumerate()
        .map(|(k, (jitter, scale))| {
            let angle = (k as f64 + jitter) / n * std::f64::consts::TAU;
            Coord {
                x: c.0 + radius_m * scale * angle.cos() / kx,
                y: c.1 + radius_m * scale * angle.sin() / ky,
            }
        })
        .collect();
    ring.push(ring[0]);
    let mp = MultiPolygon(vec![Polygon::new(LineString(ring), vec![])]);
    Area::from_multi_polygon(&mp, WindingPolicy::Normalize).ok()
}

/// A small region, so that shapes overlap often.
fn centre() -> impl Strategy<Value = (f64, f64)> {
    (35.15f64..35.35, 33.0f64..33.15)
}

fn star_area() -> impl Strategy<Value = Area> {
    (
        centre(),
        1_500.0f64..15_000.0,
        prop::collection::vec((0.1f64..0.9, 0.45f64..1.0), 5..12),
    )
        .prop_filter_map("degenerate star", |(c, r, shape)| star(c, r, &shape))
}

fn geometry() -> impl Strategy<Value = ActivityGeometry> {
    prop_oneof![
        (centre(), 500.0f64..10_000.0).prop_map(|(c, r)| ActivityGeometry::Circle {
            center: LonLat { lon: c.0, lat: c.1 },
            radius_m: r,
        }),
        (
            centre(),
            prop::collection::vec((-0.15f64..0.15, -0.15f64..0.15), 1..3),
            500.0f64..5_000.0
        )
            .prop_map(|(c, legs, width)| {
                let mut line = vec![LonLat { lon: c.0, lat: c.1 }];
                for (dx, dy) in legs {
                    let last = line[line.len() - 1];
                    line.push(LonLat {
                        lon: last.lon + dx + 0.01,
                        lat: last.lat + dy,
                    });
                }
                ActivityGeometry::Corridor {
                    line,
                    width_m: width,
                }
            }),
        star_area().prop_map(|area| ActivityGeometry::Area { area }),
    ]
}

fn window() -> impl Strategy<Value = TimeWindow> {
    // Half-hour steps, so windows often share an end point.
    (0i64..20, 1i64..8).prop_map(|(s, d)| {
        let step = 30 * 60_000;
        TimeWindow::new(Timestamp(s * step), Timestamp((s + d) * step)).unwrap()
    })
}

fn band() -> impl Strategy<Value = Option<AltitudeBand>> {
    prop::option::of((0u32..6, 1u32..4).prop_map(|(lo, th)| {
        AltitudeBand::new(f64::from(lo) * 1_000.0, f64::from(lo + th) * 1_000.0).unwrap()
    }))
}

fn forces() -> impl Strategy<Value = Forces> {
    (0u32..3_000, 0u32..50, 0u32..3).prop_map(|(troops, tanks, heavy)| {
        [
            (ForceCategory::Troops, troops),
            (ForceCategory::Tanks, tanks),
            (ForceCategory::HeavyArtillery, heavy),
        ]
        .into_iter()
        .filter(|(_, n)| *n > 0)
        .collect()
    })
}

fn activity() -> impl Strategy<Value = Activity> {
    (0usize..3, 0usize..4, geometry(), band(), window(), forces()).prop_map(
        |(p, k, geometry, altitude, window, forces)| Activity {
            id: String::new(),
            party: PARTIES[p].into(),
            kind: KINDS[k],
            geometry,
            altitude,
            window,
            forces,
        },
    )
}

fn zone() -> impl Strategy<Value = Zone> {
    (
        star_area(),
        0usize..2,
        prop::collection::btree_set(0usize..4, 1..4),
        prop::option::of((1_000u32..6_000, 10u32..80)),
    )
        .prop_map(|(area, p, forbidden, caps)| {
            let mut force_caps = Forces::new();
            if let Some((troops, tanks)) = caps {
                force_caps.insert(ForceCategory::Troops, troops);
                force_caps.insert(ForceCategory::Tanks, tanks);
                force_caps.insert(ForceCategory::HeavyArtillery, 0);
            }
            Zone {
                id: String::new(),
                name: "z".into(),
                area,
                rules: BTreeMap::from([(
                    PARTIES[p].to_owned(),
                    PartyRules {
                        forbidden_kinds: forbidden.into_iter().map(|k| KINDS[k]).collect(),
                        force_caps,
                    },
                )]),
            }
        })
}

fn with_ids<T>(items: Vec<T>, prefix: &str, set: impl Fn(&mut T, String)) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, mut t)| {
            set(&mut t, format!("{prefix}{i:02}"));
            t
        })
        .collect()
}

fn bands_overlap(a: Option<&AltitudeBand>, b: Option<&AltitudeBand>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.lower_m() < b.upper_m() && b.lower_m() < a.upper_m(),
        _ => true,
    }
}

/// Peak of `own` plus concurrent peers over `w`, by checking every instant a total can change.
fn brute_peak(w: &TimeWindow, own: u32, peers: &[(TimeWindow, u32)]) -> u64 {
    std::iter::once(w.start())
        .chain(peers.iter().map(|(pw, _)| pw.start()))
        .filter(|t| w.contains(*t))
        .map(|t| {
            u64::from(own)
                + peers
                    .iter()
                    .filter(|(pw, _)| pw.contains(t))
                    .map(|(_, n)| u64::from(*n))
                    .sum::<u64>()
        })
        .max()
        .unwrap_or(0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn activity_queries_match_brute_force(
        stored in prop::collection::vec(activity(), 1..30),
        queries in prop::collection::vec(activity(), 1..8),
        zones in prop::collection::vec(zone(), 0..6),
    ) {
        let stored = with_ids(stored, "a", |a, id| a.id = id);
        let queries = with_ids(queries, "q", |a, id| a.id = id);
        let zones = with_ids(zones, "z", |z, id| z.id = id);
        let prepared: Vec<PreparedActivity> =
            stored.iter().map(|a| PreparedActivity::new(a.clone()).unwrap()).collect();

        for filter in [CandidateFilter::RTree, CandidateFilter::LinearScan] {
            let mut index = Deconfliction::new(Config { filter, ..Config::default() }).unwrap();
            for z in &zones {
                index.upsert_zone(z.clone()).unwrap();
            }
            for a in &stored {
                index.upsert_activity(a.clone()).unwrap();
            }
            if filter == CandidateFilter::RTree {
                index.optimize();
            }
            for q in &queries {
                let pq = PreparedActivity::new(q.clone()).unwrap();
                let fq = pq.footprint();

                let want: Vec<String> = prepared
                    .iter()
                    .filter(|o| {
                        let a = o.activity();
                        a.party != q.party
                            && a.window.overlaps(&q.window)
                            && bands_overlap(a.altitude.as_ref(), q.altitude.as_ref())
                            && o.footprint().intersects(fq)
                    })
                    .map(|o| o.activity().id.clone())
                    .collect();
                let got: Vec<String> = index.conflicts(&pq).into_iter().map(|c| c.activity).collect();
                prop_assert_eq!(&got, &want, "conflicts of {}", q.id);

                let touched: Vec<&Zone> = zones
                    .iter()
                    .filter(|z| z.rules.contains_key(&q.party) && z.area.shape().intersects(fq))
                    .collect();
                let want: Vec<String> = touched
                    .iter()
                    .filter(|z| z.rules[&q.party].forbidden_kinds.contains(&q.kind))
                    .map(|z| z.id.clone())
                    .collect();
                let got: Vec<String> = index.rule_violations(&pq).into_iter().map(|v| v.zone).collect();
                prop_assert_eq!(&got, &want, "violations of {}", q.id);

                let mut want = BTreeSet::new();
                for z in &touched {
                    for (&cat, &cap) in &z.rules[&q.party].force_caps {
                        let own = q.forces.get(&cat).copied().unwrap_or(0);
                        if own == 0 {
                            continue;
                        }
                        let peers: Vec<(TimeWindow, u32)> = prepared
                            .iter()
                            .filter(|o| {
                                let a = o.activity();
                                a.party == q.party
                                    && a.window.overlaps(&q.window)
                                    && z.area.shape().intersects(o.footprint())
                            })
                            .map(|o| (o.activity().window, o.activity().forces.get(&cat).copied().unwrap_or(0)))
                            .collect();
                        let total = brute_peak(&q.window, own, &peers);
                        if total > u64::from(cap) {
                            want.insert((z.id.clone(), cat, total));
                        }
                    }
                }
                let got: BTreeSet<(String, ForceCategory, u64)> = index
                    .force_excesses(&pq)
                    .into_iter()
                    .map(|e| (e.zone, e.category, e.total))
                    .collect();
                prop_assert_eq!(&got, &want, "force excesses of {}", q.id);
            }
        }
    }

    #[test]
    fn zone_events_match_brute_force(
        zones in prop::collection::vec(star_area(), 1..6),
        walks in prop::collection::vec((centre(), prop::collection::vec((0.0f64..std::f64::consts::TAU, 0.0f64..900.0), 5..40)), 1..4),
        h in prop::sample::select(vec![0.0, 40.0, 300.0, 1_500.0]),
    ) {
        let mut zones: Vec<Zone> = zones
            .into_iter()
            .enumerate()
            .map(|(i, area)| Zone { id: format!("z{i}"), name: String::new(), area, rules: BTreeMap::new() })
            .collect();
        let mut indexes: Vec<Deconfliction> = [CandidateFilter::RTree, CandidateFilter::LinearScan]
            .into_iter()
            .map(|filter| {
                let mut d = Deconfliction::new(Config { filter, hysteresis_m: h, ..Config::default() }).unwrap();
                for z in &zones {
                    d.upsert_zone(z.clone()).unwrap();
                }
                d
            })
            .collect();
        // A third index takes each step's reports together, as the position feed does.
        let mut batched = Deconfliction::new(Config { hysteresis_m: h, ..Config::default() }).unwrap();
        for z in &zones {
            batched.upsert_zone(z.clone()).unwrap();
        }
        // Reference state: zones each track is inside.
        let mut inside: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        // Interleave the tracks' reports, as a server would receive them.
        let longest = walks.iter().map(|w| w.1.len()).max().unwrap_or(0);
        let mut positions: Vec<(f64, f64)> = walks.iter().map(|w| w.0).collect();
        for step in 0..longest {
            // Halfway, zone 0 takes the last zone's shape and the last zone goes away: tracks
            // keep their state for a changed zone and silently drop it for a removed one.
            if step == longest / 2 && zones.len() >= 2 {
                let last = zones.pop().unwrap();
                zones[0].area = last.area.clone();
                for index in indexes.iter_mut().chain([&mut batched]) {
                    index.upsert_zone(zones[0].clone()).unwrap();
                    prop_assert!(index.remove_zone(&last.id).is_some());
                }
                for state in inside.values_mut() {
                    state.remove(&last.id);
                }
            }
            let mut step_reports = Vec::new();
            let mut step_wants = Vec::new();
            for (t, (_, moves)) in walks.iter().enumerate() {
                let Some(&(heading, metres)) = moves.get(step) else { continue };
                let (kx, ky) = metres_per_degree(positions[t].1);
                positions[t].0 += metres * heading.cos() / kx;
                positions[t].1 += metres * heading.sin() / ky;
                let (lon, lat) = positions[t];
                let track = format!("t{t}");
                let report = PositionReport {
                    party: "IL".into(),
                    track: track.clone(),
                    time: Timestamp(step as i64),
                    position: LonLat { lon, lat },
                    altitude_m: None,
                };

                // Reference: signed distance in the local metric at the point.
                let (kx, ky) = metres_per_degree(lat);
                let scaled = |c: &Coord<f64>| Coord { x: (c.x - lon) * kx, y: (c.y - lat) * ky };
                let state = inside.entry(track.clone()).or_default();
                let mut want = Vec::new();
                let mut containing = Vec::new();
                for z in &zones {
                    let shape = z.area.shape();
                    let is_in = shape.contains(&Point::new(lon, lat));
                    if is_in {
                        containing.push(z.id.clone());
                    }
                    let dist = shape
                        .0
                        .iter()
                        .flat_map(|p| std::iter::once(p.exterior()).chain(p.interiors()))
                        .map(|ring| {
                            let local = LineString(ring.0.iter().map(scaled).collect());
                            Euclidean.distance(&Point::new(0.0, 0.0), &local)
                        })
                        .fold(f64::INFINITY, f64::min);
                    // Too close to a threshold to call either way in floating point.
                    prop_assume!((dist - h).abs() > 1e-3 && dist > 1e-6);
                    let s = if is_in { dist } else { -dist };
                    let was = state.contains(&z.id);
                    let now = if was { s >= -h } else { s > h };
                    if now != was {
                        want.push((z.id.clone(), if now { ZoneEventKind::Enter } else { ZoneEventKind::Exit }));
                        if now { state.insert(z.id.clone()); } else { state.remove(&z.id); }
                    }
                }
                want.sort_by(|a, b| (a.1 == ZoneEventKind::Enter, &a.0).cmp(&(b.1 == ZoneEventKind::Enter, &b.0)));
                for index in &mut indexes {
                    let at: Vec<String> =
                        index.zones_at(LonLat { lon, lat }).into_iter().map(|z| z.id.clone()).collect();
                    prop_assert_eq!(&at, &containing, "zones at track {} step {}", t, step);
                    let got: Vec<(String, ZoneEventKind)> = index
                        .observe(&report)
                        .unwrap()
                        .into_iter()
                        .map(|e| (e.zone, e.kind))
                        .collect();
                    prop_assert_eq!(&got, &want, "track {} step {}", t, step);
                }
                step_wants.extend(want.into_iter().map(|(zone, kind)| (step_reports.len(), zone, kind)));
                step_reports.push(report);
            }
            let observed = batched.observe_all(&step_reports);
            prop_assert!(observed.refused.is_empty());
            let got: Vec<(usize, String, ZoneEventKind)> = observed
                .events
                .iter()
                .map(|e| (e.report, e.zone.to_string(), e.kind))
                .collect();
            prop_assert_eq!(&got, &step_wants, "batched, step {}", step);
        }
    }
}
