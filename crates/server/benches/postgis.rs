//! Deconfliction against PostGIS: the same synthetic data (10k zones, 100k activities) in the
//! index and in PostGIS with GiST indexes, the same questions asked of both, and the ratios.
//! Prints one JSON object, with the targets checked.
//!
//! `FUSIONCELL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo bench -p
//! fusioncell-server --bench postgis`; without the variable only the index is measured. Set
//! `FUSIONCELL_BENCH_SCALE` (default 1.0) to shrink the data for a quick run.
//!
//! Both sides run on one core: the index on this thread, PostGIS in its one backend process per
//! connection. PostGIS times are measured at the client over a local socket, since that is what
//! a server using it would wait for; point checks are also asked 1,000 to a statement, which
//! removes most of the round trips and is PostGIS at its best.

#[path = "../tests/postgis/mod.rs"]
mod postgis;

use std::hint::black_box;
use std::time::Instant;

use fusioncell_geo::synthetic::{self, SyntheticConfig};
use fusioncell_geo::{Deconfliction, PositionReport, PreparedActivity};
use postgis::{PostGis, Table};
use serde_json::{Value, json};

const SEED: u64 = 1974;
const QUERIES: usize = 2_000;
const PG_QUERIES: usize = 500;
const PG_POINTS: usize = 20_000;
const PG_BATCH: usize = 1_000;
const PG_BATCHED_POINTS: usize = 200_000;

fn main() {
    let scale: f64 = std::env::var("FUSIONCELL_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .filter(|s: &f64| *s > 0.0 && *s <= 1.0)
        .unwrap_or(1.0);
    let full = SyntheticConfig::benchmark(SEED);
    let sized = |n: usize| ((n as f64 * scale) as usize).max(1);
    let config = SyntheticConfig {
        zones: sized(full.zones),
        activities: sized(full.activities),
        tracks: sized(full.tracks),
        reports: sized(full.reports),
        ..full
    };
    let scenario = synthetic::generate(&config);
    let queries: Vec<PreparedActivity> = synthetic::activities(SEED + 1, "q", QUERIES)
        .into_iter()
        .map(|a| PreparedActivity::new(a).expect("synthetic activities are valid"))
        .collect();

    let mut index = Deconfliction::default();
    for z in &scenario.zones {
        index
            .upsert_zone(z.clone())
            .expect("synthetic zones are valid");
    }
    for a in &scenario.activities {
        index
            .upsert_activity(a.clone())
            .expect("synthetic activities are valid");
    }
    index.optimize();
    // From fresh track states, in the batches PostGIS is given points in.
    let batched = rate(scenario.reports.len(), || {
        scenario
            .reports
            .chunks(PG_BATCH)
            .map(|b| index.observe_all(b).events.len())
            .sum()
    });
    index.clear_tracks();
    let ours = json!({
        "conflict_query": latency(queries.iter().map(|q| {
            let t = Instant::now();
            black_box(index.conflicts(black_box(q)));
            t.elapsed().as_secs_f64()
        })),
        "position_checks": rate(scenario.reports.len(), || {
            scenario.reports.iter().map(|r| index.observe(r).map_or(0, |e| e.len())).sum()
        }),
        "position_checks_batched": batched,
        "point_checks": rate(scenario.reports.len(), || {
            scenario.reports.iter().map(|r| black_box(index.zones_at(r.position)).len()).sum()
        }),
    });

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let theirs = runtime.block_on(postgis(&scenario, &queries));
    let ratio = |a: &Value, b: &Value| match (a.as_f64(), b.as_f64()) {
        (Some(a), Some(b)) if b > 0.0 => json!(a / b),
        _ => Value::Null,
    };
    let p99_ms = ours["conflict_query"]["p99_us"]
        .as_f64()
        .unwrap_or(f64::NAN)
        / 1e3;
    let checks = ours["position_checks_batched"]["per_cpu_second"]
        .as_f64()
        .unwrap_or(0.0);
    let speedups = theirs.as_ref().map(|t| {
        json!({
            "conflict_p50": ratio(&t["conflict_query"]["p50_us"], &ours["conflict_query"]["p50_us"]),
            "conflict_p99": ratio(&t["conflict_query"]["p99_us"], &ours["conflict_query"]["p99_us"]),
            "point_checks_vs_one_query_each": ratio(&ours["point_checks"]["per_cpu_second"], &t["point_checks"]["per_second"]),
            "point_checks_vs_batched": ratio(&ours["point_checks"]["per_cpu_second"], &t["point_checks_batched"]["per_second"]),
            "position_checks_vs_batched": ratio(&ours["position_checks"]["per_cpu_second"], &t["point_checks_batched"]["per_second"]),
            "position_checks_batched_vs_batched": ratio(&ours["position_checks_batched"]["per_cpu_second"], &t["point_checks_batched"]["per_second"]),
        })
    });
    let at_least_20x = speedups.as_ref().map(|s| {
        [
            "conflict_p50",
            "conflict_p99",
            "position_checks_batched_vs_batched",
        ]
        .iter()
        .all(|k| s[k].as_f64().is_some_and(|r| r >= 20.0))
    });
    let report = json!({
        "seed": SEED,
        "scale": scale,
        "load_average_1m": load_average(),
        "zones": config.zones,
        "activities": config.activities,
        "reports": config.reports,
        "index": ours,
        "postgis": theirs.unwrap_or_else(|| json!(format!("not run: {} is not set", postgis::URL_VAR))),
        "speedup": speedups,
        "targets": {
            "position_checks_per_second_at_least_1m": checks >= 1e6,
            "conflict_p99_under_1ms": p99_ms < 1.0,
            "at_least_20x_postgis": at_least_20x,
        },
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("JSON of plain values")
    );
}

/// The same data and questions in PostGIS; `None` without a server.
async fn postgis(scenario: &synthetic::Scenario, queries: &[PreparedActivity]) -> Option<Value> {
    let mut db = PostGis::create("the PostGIS side of the benchmark").await?;
    let t = Instant::now();
    let stored: Vec<PreparedActivity> = scenario
        .activities
        .iter()
        .map(|a| PreparedActivity::new(a.clone()).expect("synthetic activities are valid"))
        .collect();
    db.load_zones(&scenario.zones).await;
    db.load_activities(Table::Activities, &stored).await;
    db.load_activities(Table::Queries, &queries[..PG_QUERIES.min(queries.len())])
        .await;
    let load_s = t.elapsed().as_secs_f64();
    let t = Instant::now();
    db.index().await;
    let index_s = t.elapsed().as_secs_f64();

    let mut times = Vec::new();
    for q in &queries[..PG_QUERIES.min(queries.len())] {
        let t = Instant::now();
        black_box(db.conflicts(&q.activity().id).await);
        times.push(t.elapsed().as_secs_f64());
    }
    let points: Vec<(f64, f64)> = scenario
        .reports
        .iter()
        .map(|r: &PositionReport| (r.position.lon, r.position.lat))
        .collect();
    let one = &points[..PG_POINTS.min(points.len())];
    let t = Instant::now();
    for &(lon, lat) in one {
        black_box(db.zones_at(lon, lat).await);
    }
    let one_s = t.elapsed().as_secs_f64();
    let batched = &points[..PG_BATCHED_POINTS.min(points.len())];
    let t = Instant::now();
    for chunk in batched.chunks(PG_BATCH) {
        black_box(db.zones_at_many(chunk).await);
    }
    let batched_s = t.elapsed().as_secs_f64();
    db.drop_database().await;
    Some(json!({
        "load_s": load_s,
        "index_s": index_s,
        "conflict_query": latency(times.into_iter()),
        "point_checks": {"points": one.len(), "seconds": one_s, "per_second": one.len() as f64 / one_s},
        "point_checks_batched": {
            "points": batched.len(), "per_statement": PG_BATCH, "seconds": batched_s,
            "per_second": batched.len() as f64 / batched_s,
        },
    }))
}

/// Percentiles (µs) of durations given in seconds.
fn latency(seconds: impl Iterator<Item = f64>) -> Value {
    let mut us: Vec<f64> = seconds.map(|s| s * 1e6).collect();
    us.sort_by(f64::total_cmp);
    let pct = |p: f64| us[((us.len() as f64 * p) as usize).min(us.len() - 1)];
    json!({
        "queries": us.len(),
        "p50_us": pct(0.50),
        "p99_us": pct(0.99),
        "max_us": us[us.len() - 1],
        "mean_us": us.iter().sum::<f64>() / us.len() as f64,
    })
}

/// Runs `work` (which does `n` checks and returns a count of results) and gives checks per
/// second by wall clock and by this thread's on-CPU time (the machine may be shared).
fn rate(n: usize, work: impl FnOnce() -> usize) -> Value {
    let cpu0 = thread_cpu_seconds();
    let t = Instant::now();
    let found = black_box(work());
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    json!({
        "checks": n,
        "seconds": secs,
        "per_second": n as f64 / secs,
        "cpu_seconds": cpu,
        "per_cpu_second": cpu.map(|c| n as f64 / c),
        "results": found,
    })
}

/// On-CPU time of this thread (Linux `schedstat`), if available.
fn thread_cpu_seconds() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = text.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// The 1-minute load average, to tell a quiet run from a contended one.
fn load_average() -> Option<f64> {
    std::fs::read_to_string("/proc/loadavg")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
