use std::collections::{BTreeMap, BTreeSet};

use super::*;
use crate::activity::{ActivityGeometry, AltitudeBand};
use crate::area::Area;
use crate::coord::{LocalScale, LonLat};
use crate::position::{PositionReport, ZoneEventKind};
use crate::rules::{ActivityKind, ForceCategory, Forces, PartyRules, limitation_zones_1974};
use crate::time::{TimeWindow, Timestamp};

const HOUR: i64 = 3_600_000;

fn window(from_h: f64, to_h: f64) -> TimeWindow {
    TimeWindow::new(
        Timestamp((from_h * HOUR as f64) as i64),
        Timestamp((to_h * HOUR as f64) as i64),
    )
    .unwrap()
}

fn circle(id: &str, party: &str, lon: f64, lat: f64, w: TimeWindow) -> Activity {
    Activity {
        id: id.into(),
        party: party.into(),
        kind: ActivityKind::Air,
        geometry: ActivityGeometry::Circle {
            center: LonLat { lon, lat },
            radius_m: 5_000.0,
        },
        altitude: None,
        window: w,
        forces: Forces::new(),
    }
}

fn band(lo: f64, hi: f64) -> Option<AltitudeBand> {
    Some(AltitudeBand::new(lo, hi).unwrap())
}

fn index(filter: CandidateFilter) -> Deconfliction {
    Deconfliction::new(Config {
        filter,
        ..Config::default()
    })
    .unwrap()
}

fn each_filter(test: impl Fn(CandidateFilter)) {
    test(CandidateFilter::RTree);
    test(CandidateFilter::LinearScan);
}

fn ids(conflicts: &[Conflict]) -> Vec<&str> {
    conflicts.iter().map(|c| c.activity.as_str()).collect()
}

#[test]
fn conflicts_need_space_time_and_altitude_overlap() {
    each_filter(|filter| {
        let mut idx = index(filter);
        let mut mine = circle("il-1", "IL", 35.80, 33.10, window(0.0, 1.0));
        mine.altitude = band(1_000.0, 3_000.0);
        let mut overlap = circle("sy-1", "SY", 35.85, 33.10, window(0.5, 2.0));
        overlap.altitude = band(2_000.0, 4_000.0);
        let mut above = circle("sy-2", "SY", 35.85, 33.10, window(0.0, 1.0));
        above.altitude = band(3_000.0, 5_000.0);
        let later = circle("sy-3", "SY", 35.85, 33.10, window(1.0, 2.0));
        let far = circle("sy-4", "SY", 36.50, 33.10, window(0.0, 1.0));
        let column = circle("us-1", "US", 35.80, 33.12, window(0.0, 1.0));
        let same_party = circle("il-2", "IL", 35.80, 33.10, window(0.0, 1.0));
        for a in [&overlap, &above, &later, &far, &column, &same_party] {
            assert_eq!(idx.upsert_activity(a.clone()).unwrap(), Change::Added);
        }
        let q = PreparedActivity::new(mine.clone()).unwrap();
        let found = idx.conflicts(&q);
        assert_eq!(ids(&found), ["sy-1", "us-1"]);
        assert_eq!(found[0].window, window(0.5, 1.0));
        assert_eq!(found[0].altitude, band(2_000.0, 3_000.0));
        assert_eq!(found[1].altitude, band(1_000.0, 3_000.0));
        assert_eq!(found[1].party, "US");

        // Stored under its own id, an activity does not conflict with itself.
        idx.upsert_activity(mine.clone()).unwrap();
        assert_eq!(
            ids(&idx.conflicts(idx.activity("il-1").unwrap())),
            ["sy-1", "us-1"]
        );
        // Moving sy-1 away clears the conflict.
        let mut moved = overlap.clone();
        moved.geometry = ActivityGeometry::Circle {
            center: LonLat {
                lon: 36.6,
                lat: 33.1,
            },
            radius_m: 5_000.0,
        };
        assert_eq!(
            idx.upsert_activity(moved).unwrap(),
            Change::Updated { previous: overlap }
        );
        assert_eq!(ids(&idx.conflicts(&q)), ["us-1"]);
        assert!(idx.remove_activity("us-1").is_some());
        assert!(idx.remove_activity("us-1").is_none());
        assert!(idx.conflicts(&q).is_empty());
        assert_eq!(idx.activity_count(), 6);
    });
}

#[test]
fn upserts_report_changes() {
    let mut idx = Deconfliction::default();
    let a = circle("a", "IL", 35.8, 33.1, window(0.0, 1.0));
    assert_eq!(idx.upsert_activity(a.clone()).unwrap(), Change::Added);
    assert_eq!(idx.upsert_activity(a.clone()).unwrap(), Change::Unchanged);
    let mut bad = a.clone();
    bad.geometry = ActivityGeometry::Circle {
        center: LonLat {
            lon: 35.8,
            lat: 33.1,
        },
        radius_m: 0.0,
    };
    assert!(idx.upsert_activity(bad).is_err());
    assert_eq!(
        idx.activity("a").unwrap().activity(),
        &a,
        "a failed update keeps the old one"
    );

    let zone = square_zone("z", 35.0, 33.0, 0.2, BTreeMap::new());
    assert_eq!(idx.upsert_zone(zone.clone()).unwrap(), Change::Added);
    assert_eq!(idx.upsert_zone(zone.clone()).unwrap(), Change::Unchanged);
    let mut renamed = zone.clone();
    renamed.name = "other".into();
    assert_eq!(
        idx.upsert_zone(renamed.clone()).unwrap(),
        Change::Updated { previous: zone }
    );
    assert_eq!(idx.zone("z"), Some(&renamed));
    assert_eq!(idx.zone_count(), 1);
    let mut nameless = renamed.clone();
    nameless.id.clear();
    assert_eq!(idx.upsert_zone(nameless), Err(ZoneError::EmptyId));
    assert_eq!(idx.remove_zone("z"), Some(renamed));
    assert_eq!(idx.remove_zone("z"), None);
}

#[test]
fn config_is_checked() {
    let bad = Config {
        hysteresis_m: -1.0,
        ..Config::default()
    };
    assert_eq!(
        Deconfliction::new(bad).unwrap_err(),
        ConfigError::Hysteresis(-1.0)
    );
    let nan = Config {
        hysteresis_m: f64::NAN,
        ..Config::default()
    };
    assert!(Deconfliction::new(nan).is_err());
    assert_eq!(Deconfliction::default().config().hysteresis_m, 100.0);
}

fn square_zone(
    id: &str,
    lon: f64,
    lat: f64,
    size: f64,
    rules: BTreeMap<String, PartyRules>,
) -> Zone {
    let text = format!(
        r#"{{"type":"Polygon","coordinates":[[[{lon},{lat}],[{},{lat}],[{},{}],[{lon},{}],[{lon},{lat}]]]}}"#,
        lon + size,
        lon + size,
        lat + size,
        lat + size
    );
    Zone {
        id: id.into(),
        name: id.into(),
        area: Area::parse(&text).unwrap(),
        rules,
    }
}

#[test]
fn forbidden_kinds_are_reported_for_the_party_only() {
    each_filter(|filter| {
        let mut idx = index(filter);
        let rules = BTreeMap::from([(
            "SY".to_owned(),
            PartyRules {
                forbidden_kinds: BTreeSet::from([ActivityKind::Exercise]),
                force_caps: Forces::new(),
            },
        )]);
        idx.upsert_zone(square_zone("z1", 35.7, 33.0, 0.2, rules.clone()))
            .unwrap();
        idx.upsert_zone(square_zone("z0", 35.9, 33.0, 0.2, rules))
            .unwrap();
        let mut ex = circle("e", "SY", 35.9, 33.1, window(0.0, 1.0));
        ex.kind = ActivityKind::Exercise;
        let v = idx.rule_violations(&PreparedActivity::new(ex.clone()).unwrap());
        assert_eq!(
            v,
            [
                RuleViolation {
                    zone: "z0".into(),
                    kind: ActivityKind::Exercise
                },
                RuleViolation {
                    zone: "z1".into(),
                    kind: ActivityKind::Exercise
                }
            ]
        );
        ex.party = "IL".into();
        assert!(
            idx.rule_violations(&PreparedActivity::new(ex.clone()).unwrap())
                .is_empty()
        );
        ex.party = "SY".into();
        ex.kind = ActivityKind::Humanitarian;
        assert!(
            idx.rule_violations(&PreparedActivity::new(ex).unwrap())
                .is_empty()
        );
        let mut far = circle("f", "SY", 36.5, 33.1, window(0.0, 1.0));
        far.kind = ActivityKind::Exercise;
        assert!(
            idx.rule_violations(&PreparedActivity::new(far).unwrap())
                .is_empty()
        );
    });
}

fn ground(id: &str, lon: f64, w: TimeWindow, forces: &[(ForceCategory, u32)]) -> Activity {
    Activity {
        kind: ActivityKind::Ground,
        forces: forces.iter().copied().collect(),
        ..circle(id, "SY", lon, 32.95, w)
    }
}

fn golan_index(forces: ForceAggregation, filter: CandidateFilter) -> Deconfliction {
    let mut idx = Deconfliction::new(Config {
        forces,
        filter,
        ..Config::default()
    })
    .unwrap();
    let (line, east) = crate::rules::tests::golan();
    for z in limitation_zones_1974("sy", "SY", &line, &east).unwrap() {
        idx.upsert_zone(z).unwrap();
    }
    idx
}

#[test]
fn force_caps_of_the_1974_areas() {
    use ForceCategory::*;
    each_filter(|filter| {
        let mut idx = golan_index(ForceAggregation::ConcurrentSum, filter);
        // 6 km east of the line: inside the 0-10 km area (the 5 km circle reaches 1 km of it).
        let lon = 35.95;
        idx.upsert_activity(ground("a", lon, window(0.0, 10.0), &[(Tanks, 50)]))
            .unwrap();
        idx.upsert_activity(ground("c", lon, window(10.0, 20.0), &[(Tanks, 30)]))
            .unwrap();
        // Another party's tanks do not count.
        let mut il = ground("il", lon, window(0.0, 20.0), &[(Tanks, 70)]);
        il.party = "IL".into();
        idx.upsert_activity(il).unwrap();

        let b = PreparedActivity::new(ground("b", lon, window(5.0, 15.0), &[(Tanks, 30)])).unwrap();
        let ex = idx.force_excesses(&b);
        assert_eq!(
            ex,
            [ForceExcess {
                zone: "sy-10km".into(),
                category: Tanks,
                cap: 75,
                total: 80,
                at: window(5.0, 6.0).start(),
                activities: vec!["a".into(), "b".into()],
            }]
        );
        // c follows a; with b gone, a and c never coexist: 50 and 30 stay under 75.
        let c = idx.activity("c").unwrap();
        assert!(idx.force_excesses(c).is_empty());

        // Heavy artillery is banned to 20 km, SAMs to 25 km.
        let arty = PreparedActivity::new(ground(
            "h",
            36.05,
            window(0.0, 1.0),
            &[
                (HeavyArtillery, 1),
                (SurfaceToAirMissiles, 2),
                (Troops, 100),
            ],
        ))
        .unwrap();
        let ex = idx.force_excesses(&arty);
        let got: Vec<(&str, ForceCategory)> =
            ex.iter().map(|e| (e.zone.as_str(), e.category)).collect();
        assert_eq!(
            got,
            [
                ("sy-20km", HeavyArtillery),
                ("sy-25km", SurfaceToAirMissiles)
            ]
        );
        assert_eq!(ids(&idx.assess(&arty).conflicts), ["il"]);
        assert!(!idx.assess(&arty).is_clear());

        let per = golan_index(ForceAggregation::PerActivity, filter);
        assert!(per.force_excesses(&b).is_empty());
        let big = PreparedActivity::new(ground("big", lon, window(0.0, 1.0), &[(Troops, 6_001)]))
            .unwrap();
        assert_eq!(per.force_excesses(&big)[0].total, 6_001);
    });
}

/// A point `metres` east (positive) or west of longitude `lon` at latitude `lat`.
fn east_of(lon: f64, lat: f64, metres: f64) -> LonLat {
    LonLat {
        lon: lon + metres / LocalScale::at(lat).kx,
        lat,
    }
}

fn report(track: &str, t: i64, at: LonLat) -> PositionReport {
    PositionReport {
        party: "SY".into(),
        track: track.into(),
        time: Timestamp(t),
        position: at,
        altitude_m: None,
    }
}

fn kinds(events: &[crate::position::ZoneEvent]) -> Vec<(String, ZoneEventKind)> {
    events.iter().map(|e| (e.zone.clone(), e.kind)).collect()
}

#[test]
fn entry_and_exit_with_hysteresis() {
    each_filter(|filter| {
        let mut idx = index(filter);
        // West edge of the square at lon 35.0; the track moves along latitude 33.1.
        idx.upsert_zone(square_zone("z", 35.0, 33.0, 0.2, BTreeMap::new()))
            .unwrap();
        let at = |m: f64| east_of(35.0, 33.1, m);
        let enter = vec![("z".to_owned(), ZoneEventKind::Enter)];
        let exit = vec![("z".to_owned(), ZoneEventKind::Exit)];
        let steps: [(f64, Vec<(String, ZoneEventKind)>); 8] = [
            (-5_000.0, vec![]),
            (50.0, vec![]), // inside, but by less than 100 m
            (150.0, enter.clone()),
            (50.0, vec![]),  // still counted inside
            (-50.0, vec![]), // outside by less than 100 m
            (-150.0, exit.clone()),
            (-50.0, vec![]),
            (9_000.0, enter.clone()),
        ];
        for (t, (m, want)) in steps.iter().enumerate() {
            let got = idx.observe(&report("t1", t as i64, at(*m))).unwrap();
            assert_eq!(kinds(&got), *want, "step {t} at {m} m");
        }
        // Stale reports are ignored.
        assert!(
            idx.observe(&report("t1", 0, at(-5_000.0)))
                .unwrap()
                .is_empty()
        );
        // Far away: exit without the zone being a candidate.
        let got = idx
            .observe(&report("t1", 10, east_of(40.0, 33.1, 0.0)))
            .unwrap();
        assert_eq!(kinds(&got), exit);
        assert_eq!(got[0].time, Timestamp(10));
        assert_eq!(got[0].track, "t1");

        // Removing a zone forgets the tracks in it; re-adding it lets them enter again.
        idx.observe(&report("t2", 0, at(1_000.0))).unwrap();
        let z = idx.remove_zone("z").unwrap();
        assert!(
            idx.observe(&report("t2", 1, at(1_000.0)))
                .unwrap()
                .is_empty()
        );
        idx.upsert_zone(z).unwrap();
        assert_eq!(
            kinds(&idx.observe(&report("t2", 2, at(1_000.0))).unwrap()),
            enter
        );
        // Bad positions are refused.
        assert!(
            idx.observe(&report(
                "t2",
                3,
                LonLat {
                    lon: 500.0,
                    lat: 0.0
                }
            ))
            .is_err()
        );
    });
}

#[test]
fn events_order_exits_before_entries() {
    let mut idx = Deconfliction::default();
    idx.upsert_zone(square_zone("b", 35.0, 33.0, 0.2, BTreeMap::new()))
        .unwrap();
    idx.upsert_zone(square_zone("a", 35.1, 33.0, 0.2, BTreeMap::new()))
        .unwrap();
    idx.upsert_zone(square_zone("c", 35.25, 33.0, 0.2, BTreeMap::new()))
        .unwrap();
    let p = |lon| LonLat { lon, lat: 33.1 };
    assert_eq!(
        kinds(&idx.observe(&report("t", 0, p(35.15))).unwrap()),
        [
            ("a".into(), ZoneEventKind::Enter),
            ("b".into(), ZoneEventKind::Enter)
        ]
    );
    assert_eq!(
        kinds(&idx.observe(&report("t", 1, p(35.27))).unwrap()),
        [
            ("b".into(), ZoneEventKind::Exit),
            ("c".into(), ZoneEventKind::Enter)
        ]
    );
}

#[test]
fn a_track_state_is_two_cache_lines_and_a_near_zone_a_quarter_of_one() {
    assert_eq!(std::mem::size_of::<tracking::TrackState>(), 128);
    assert_eq!(std::mem::align_of::<tracking::TrackState>(), 64);
    assert_eq!(std::mem::size_of::<tracking::NearZone>(), 16);
}

#[test]
fn a_batch_refuses_only_its_bad_reports_and_takes_the_rest_in_order() {
    let mut idx = Deconfliction::default();
    idx.upsert_zone(square_zone("z", 35.0, 33.0, 0.2, BTreeMap::new()))
        .unwrap();
    let at = |m: f64| east_of(35.0, 33.1, m);
    let bad = LonLat {
        lon: 500.0,
        lat: 0.0,
    };
    let batch = [
        report("t1", 0, at(-5_000.0)),
        report("t1", 1, at(1_000.0)),
        report("t2", 1, bad),
        report("t2", 2, at(2_000.0)),
        report("t1", 2, at(-1_000.0)),
        report("t1", 0, at(1_000.0)),
    ];
    let observed = idx.observe_all(&batch);
    assert_eq!(observed.refused.len(), 1);
    assert_eq!(observed.refused[0].0, 2);
    let got: Vec<(usize, &str, ZoneEventKind)> = observed
        .events
        .iter()
        .map(|e| (e.report, &*e.zone, e.kind))
        .collect();
    // The stale last report changes nothing.
    assert_eq!(
        got,
        [
            (1, "z", ZoneEventKind::Enter),
            (3, "z", ZoneEventKind::Enter),
            (4, "z", ZoneEventKind::Exit),
        ]
    );
    let full = observed.events[2].to_zone_event(&batch[4]);
    assert_eq!((full.track.as_str(), full.time), ("t1", Timestamp(2)));
}
