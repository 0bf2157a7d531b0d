//! The PostGIS oracle: on random data sets, the deconfliction index's conflict sets and zone
//! hits are exactly what PostGIS answers with `ST_Intersects` plus range overlap.
//!
//! Runs when `FUSIONCELL_TEST_DATABASE_URL` names a PostgreSQL server with PostGIS
//! (`.ci/run` sets it up); otherwise it says on stderr what it did not run.

mod postgis;

use std::collections::BTreeSet;

use fusioncell_geo::synthetic::{self, SyntheticConfig};
use fusioncell_geo::{Deconfliction, PreparedActivity};
use postgis::{PostGis, Table};

/// Data sets: (seed, zones, activities, queries, points).
const DATA_SETS: [(u64, usize, usize, usize, usize); 3] = [
    (1, 300, 3_000, 150, 3_000),
    (1974, 1_000, 6_000, 150, 3_000),
    (2026, 100, 10_000, 150, 2_000),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conflicts_and_zone_hits_match_postgis() {
    for (seed, zones, activities, queries, points) in DATA_SETS {
        let Some(mut db) = PostGis::create("the PostGIS oracle").await else {
            return;
        };
        let scenario = synthetic::generate(&SyntheticConfig {
            seed,
            zones,
            activities,
            tracks: 100,
            reports: points,
        });
        let mut index = Deconfliction::default();
        for z in &scenario.zones {
            index.upsert_zone(z.clone()).unwrap();
        }
        for a in &scenario.activities {
            index.upsert_activity(a.clone()).unwrap();
        }
        index.optimize();
        let stored: Vec<PreparedActivity> = scenario
            .activities
            .iter()
            .map(|a| PreparedActivity::new(a.clone()).unwrap())
            .collect();
        let asked: Vec<PreparedActivity> = synthetic::activities(seed + 1, "q", queries)
            .into_iter()
            .map(|a| PreparedActivity::new(a).unwrap())
            .collect();
        db.load_zones(&scenario.zones).await;
        db.load_activities(Table::Activities, &stored).await;
        db.load_activities(Table::Queries, &asked).await;
        db.index().await;

        let (mut conflicts, mut violations) = (0, 0);
        for q in &asked {
            let id = &q.activity().id;
            let ours: Vec<String> = index.conflicts(q).into_iter().map(|c| c.activity).collect();
            assert_eq!(
                ours,
                db.conflicts(id).await,
                "seed {seed}: conflicts of {id}"
            );
            conflicts += ours.len();
            let ours: Vec<String> = index
                .rule_violations(q)
                .into_iter()
                .map(|v| v.zone)
                .collect();
            assert_eq!(
                ours,
                db.violations(id).await,
                "seed {seed}: zones {id} breaks"
            );
            violations += ours.len();
        }
        let positions: Vec<(f64, f64)> = scenario
            .reports
            .iter()
            .map(|r| (r.position.lon, r.position.lat))
            .collect();
        let theirs: BTreeSet<(usize, String)> =
            db.zones_at_many(&positions).await.into_iter().collect();
        let ours: BTreeSet<(usize, String)> = scenario
            .reports
            .iter()
            .enumerate()
            .flat_map(|(i, r)| {
                index
                    .zones_at(r.position)
                    .into_iter()
                    .map(move |z| (i, z.id.clone()))
            })
            .collect();
        assert_eq!(ours, theirs, "seed {seed}: zone hits of points");
        // The data sets must exercise the comparison, not agree on nothing.
        assert!(
            conflicts > 0 && violations > 0 && !ours.is_empty(),
            "seed {seed}: {conflicts} conflicts, {violations} violations, {} hits",
            ours.len()
        );
        eprintln!(
            "seed {seed}: {conflicts} conflicts, {violations} rule violations and {} zone hits agree with PostGIS",
            ours.len()
        );
        db.drop_database().await;
    }
}
