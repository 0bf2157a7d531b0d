//! Deconfliction benchmark: conflict-query latency and position checks per second on one core,
//! with the brute-force scan on the same data for comparison. Prints one JSON object.
//!
//! `cargo bench -p fusioncell-geo --bench index`; set `FUSIONCELL_BENCH_SCALE` (default 1.0) to
//! shrink the data for a quick run, and `FUSIONCELL_BENCH_ONLY=positions` to time only the
//! position checks (best of five passes, one call per report and batched) or `=conflicts` only
//! the conflict queries (twenty passes).

use std::hint::black_box;
use std::time::Instant;

use fusioncell_geo::synthetic::{self, SyntheticConfig};
use fusioncell_geo::{CandidateFilter, Config, Deconfliction, PositionReport, PreparedActivity};
use serde_json::{Value, json};

const SEED: u64 = 1974;
const QUERIES: usize = 2_000;
const BASELINE_QUERIES: usize = 200;
const BASELINE_REPORTS: usize = 20_000;
/// Reports per `observe_all` call: a second of the feed from 10k tracks reporting every 10 s.
const BATCH: usize = 1_000;

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

    let t = Instant::now();
    let scenario = synthetic::generate(&config);
    let queries: Vec<PreparedActivity> = synthetic::activities(SEED + 1, "q", QUERIES)
        .into_iter()
        .map(|a| PreparedActivity::new(a).expect("synthetic activities are valid"))
        .collect();
    let generate_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut index = Deconfliction::new(Config::default()).expect("default config is valid");
    for z in scenario.zones {
        index.upsert_zone(z).expect("synthetic zones are valid");
    }
    for a in scenario.activities {
        index
            .upsert_activity(a)
            .expect("synthetic activities are valid");
    }
    let insert_s = t.elapsed().as_secs_f64();
    index.optimize();
    let build_s = t.elapsed().as_secs_f64();

    if std::env::var("FUSIONCELL_BENCH_ONLY").as_deref() == Ok("conflicts") {
        for _ in 0..20 {
            println!("{}", latency(&queries, |q| index.conflicts(q).len()));
        }
        return;
    }
    if std::env::var("FUSIONCELL_BENCH_ONLY").as_deref() == Ok("positions") {
        println!("{}", best_position_rates(&mut index, &scenario.reports));
        return;
    }
    let conflicts = latency(&queries, |q| index.conflicts(q).len());
    let assess = latency(&queries, |q| {
        let a = index.assess(q);
        a.conflicts.len() + a.violations.len() + a.excesses.len()
    });
    let positions = position_rate(&mut index, &scenario.reports, None);
    index.clear_tracks();
    let batched = position_rate(&mut index, &scenario.reports, Some(BATCH));
    let points = point_rate(&index, &scenario.reports);

    index.set_filter(CandidateFilter::LinearScan);
    index.clear_tracks();
    let base_conflicts = latency(&queries[..BASELINE_QUERIES], |q| index.conflicts(q).len());
    let base_reports = &scenario.reports[..BASELINE_REPORTS.min(scenario.reports.len())];
    let base_positions = position_rate(&mut index, base_reports, None);
    let base_points = point_rate(&index, base_reports);

    let ratio = |a: &Value, b: &Value, key: &str| {
        a[key].as_f64().unwrap_or(0.0) / b[key].as_f64().unwrap_or(f64::NAN)
    };
    let report = json!({
        "seed": SEED,
        "load_average_1m": load_average(),
        "zones": config.zones,
        "activities": config.activities,
        "tracks": config.tracks,
        "generate_s": generate_s,
        "build_s": build_s,
        "insert_s": insert_s,
        "index": {
            "conflict_query": conflicts,
            "assess_query": assess,
            "position_checks": positions,
            "position_checks_batched": batched,
            "point_checks": points,
        },
        "brute_force": {
            "conflict_query": base_conflicts,
            "position_checks": base_positions,
            "point_checks": base_points,
        },
        "speedup": {
            "conflict_p50": ratio(&base_conflicts, &conflicts, "p50_us"),
            "conflict_p99": ratio(&base_conflicts, &conflicts, "p99_us"),
            "position_checks": ratio(&positions, &base_positions, "per_cpu_second"),
            "position_checks_batched": ratio(&batched, &base_positions, "per_cpu_second"),
            "point_checks": ratio(&points, &base_points, "per_cpu_second"),
        },
    });
    println!(
        "{}",
        serde_json::to_string_pretty(&report).expect("JSON of plain values")
    );
}

/// Runs `f` once per query and returns latency percentiles (µs) and the mean of its results.
fn latency(queries: &[PreparedActivity], mut f: impl FnMut(&PreparedActivity) -> usize) -> Value {
    let mut times = Vec::with_capacity(queries.len());
    let mut found = 0usize;
    for q in queries {
        let t = Instant::now();
        found += black_box(f(black_box(q)));
        times.push(t.elapsed().as_secs_f64() * 1e6);
    }
    times.sort_by(f64::total_cmp);
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    json!({
        "queries": queries.len(),
        "p50_us": pct(0.50),
        "p99_us": pct(0.99),
        "max_us": times[times.len() - 1],
        "mean_us": times.iter().sum::<f64>() / times.len() as f64,
        "mean_results": found as f64 / queries.len() as f64,
    })
}

/// Feeds every report through the index, one `observe` call each or, with `batch`, through
/// `observe_all` that many at a time as the position feed does, and returns checks per second
/// by wall clock and by this thread's on-CPU time (the machine may be shared, and waiting for
/// a core is not work).
fn position_rate(
    index: &mut Deconfliction,
    reports: &[PositionReport],
    batch: Option<usize>,
) -> Value {
    let cpu0 = thread_cpu_seconds();
    let t = Instant::now();
    let events: usize = match batch {
        None => reports
            .iter()
            .map(|r| index.observe(r).map_or(0, |e| e.len()))
            .sum(),
        Some(n) => reports
            .chunks(n)
            .map(|b| index.observe_all(b).events.len())
            .sum(),
    };
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    json!({
        "reports": reports.len(),
        "batch": batch,
        "seconds": secs,
        "per_second": reports.len() as f64 / secs,
        "cpu_seconds": cpu,
        "per_cpu_second": cpu.map(|c| reports.len() as f64 / c),
        "events": events,
    })
}

/// Position checks only, one call per report and batched, each the best of five passes from
/// fresh track states: the least disturbed figure on a shared machine, for comparing changes.
fn best_position_rates(index: &mut Deconfliction, reports: &[PositionReport]) -> Value {
    let rate = |v: Value| v["per_cpu_second"].as_f64().unwrap_or(0.0);
    let (mut single, mut batched) = (0.0f64, 0.0f64);
    for _ in 0..5 {
        index.clear_tracks();
        single = single.max(rate(position_rate(index, reports, None)));
        index.clear_tracks();
        batched = batched.max(rate(position_rate(index, reports, Some(BATCH))));
    }
    json!({
        "load_average_1m": load_average(),
        "best_of": 5,
        "position_checks_per_cpu_second": single,
        "position_checks_batched_per_cpu_second": batched,
    })
}

/// Asks which zones hold each report's position (no tracks, no hysteresis) and returns checks
/// per second.
fn point_rate(index: &Deconfliction, reports: &[PositionReport]) -> Value {
    let cpu0 = thread_cpu_seconds();
    let t = Instant::now();
    let mut hits = 0usize;
    for r in reports {
        hits += black_box(index.zones_at(black_box(r.position))).len();
    }
    let secs = t.elapsed().as_secs_f64();
    let cpu = thread_cpu_seconds().zip(cpu0).map(|(b, a)| b - a);
    json!({
        "points": reports.len(),
        "seconds": secs,
        "per_second": reports.len() as f64 / secs,
        "cpu_seconds": cpu,
        "per_cpu_second": cpu.map(|c| reports.len() as f64 / c),
        "mean_zones": hits as f64 / reports.len().max(1) as f64,
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
