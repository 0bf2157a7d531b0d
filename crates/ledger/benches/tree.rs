//! Ledger benchmark: appends, checkpoints and proofs on a large tree, against this machine's
//! raw SHA-256 rate.
//!
//! Run with `cargo bench -p fusioncell-ledger --bench tree`; prints one JSON object per line.
//! `FUSIONCELL_BENCH_ENTRIES` sets the tree size (default 10 000 000).
//!
//! The append bound: an append costs one leaf hash (33-byte input) and, amortised, one node hash
//! (65 bytes), which is less than two 65-byte hashes; so appends cannot beat half the 65-byte
//! hashing rate, and `append_vs_bound` says how close they get.

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fusioncell_ledger::{
    Checkpoint, MerkleTree, NoteSigner, entry_commitment, leaf_hash, verify_consistency,
    verify_inclusion,
};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// Counts live heap bytes, so the tree's real memory (allocator view) can be reported.
struct CountingAlloc;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: defers to the system allocator and only adds bookkeeping.
unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE_BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// SplitMix64: a tiny deterministic generator for sample positions (no crypto needed here).
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform-enough value in `1..=n`.
    fn size_up_to(&mut self, n: u64) -> u64 {
        1 + self.next() % n
    }
}

fn emit(value: Value) {
    println!("{value}");
}

/// Mean, median and 99th percentile of per-operation latencies in nanoseconds.
fn latency_stats(mut samples: Vec<u64>) -> Value {
    samples.sort_unstable();
    let mean = samples.iter().sum::<u64>() as f64 / samples.len() as f64;
    let pick = |q: f64| samples[((samples.len() - 1) as f64 * q) as usize];
    json!({ "samples": samples.len(), "mean_ns": mean.round(), "p50_ns": pick(0.5), "p99_ns": pick(0.99) })
}

/// Times `op` once per sample, in nanoseconds.
fn sample<F: FnMut(&mut SplitMix)>(count: usize, rng: &mut SplitMix, mut op: F) -> Vec<u64> {
    (0..count)
        .map(|_| {
            let start = Instant::now();
            op(rng);
            start.elapsed().as_nanos() as u64
        })
        .collect()
}

/// Raw SHA-256 rate on 65-byte inputs (the size of a node hash input), hashes per second.
fn sha256_rate() -> f64 {
    let mut input = [0u8; 65];
    input[0] = 1;
    let budget = Duration::from_millis(1500);
    let start = Instant::now();
    let mut hashes = 0u64;
    while start.elapsed() < budget {
        for _ in 0..100_000 {
            let digest: [u8; 32] = Sha256::digest(black_box(&input)).into();
            // Chain outputs so the work cannot be hoisted or skipped.
            input[1..33].copy_from_slice(&digest);
        }
        hashes += 100_000;
    }
    black_box(input);
    hashes as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let entries: u64 = std::env::var("FUSIONCELL_BENCH_ENTRIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n| n > 0)
        .unwrap_or(10_000_000);
    let mut rng = SplitMix(0x5eed);

    let rate = sha256_rate();
    let bound = rate / 2.0;
    emit(json!({
        "bench": "sha256_65_bytes",
        "hashes_per_s": rate.round(),
        "append_bound_entries_per_s": bound.round(),
    }));

    // Leaf data: 32-byte commitments. They are derived cheaply from the index here so that the
    // timing covers the tree alone; committing an event costs one more SHA-256 (see below).
    let before = LIVE_BYTES.load(Ordering::Relaxed);
    let mut tree = MerkleTree::new();
    let mut leaf = [0u8; 32];
    let start = Instant::now();
    for i in 0..entries {
        leaf[..8].copy_from_slice(&i.to_le_bytes());
        tree.append(&leaf);
    }
    let append_time = start.elapsed().as_secs_f64();
    let heap = LIVE_BYTES.load(Ordering::Relaxed) - before;
    let append_rate = entries as f64 / append_time;
    emit(json!({
        "bench": "append",
        "entries": entries,
        "seconds": append_time,
        "entries_per_s": append_rate.round(),
        "append_vs_bound": append_rate / bound,
        "tree_heap_bytes": heap,
        "bytes_per_entry": heap as f64 / entries as f64,
        "store_bytes_per_entry": tree.store().heap_bytes() as f64 / entries as f64,
    }));

    let commit_start = Instant::now();
    let commits = 1_000_000u64;
    for i in 0..commits {
        black_box(entry_commitment(&[7; 32], &i.to_le_bytes()));
    }
    emit(json!({
        "bench": "entry_commitment",
        "commitments_per_s": (commits as f64 / commit_start.elapsed().as_secs_f64()).round(),
    }));

    let n = tree.size();
    let samples = 10_000;
    emit(json!({
        "bench": "root_at_past_size",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |r| {
            black_box(tree.root_at(r.size_up_to(n)).expect("size"));
        })),
    }));
    emit(json!({
        "bench": "root_current",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |_| {
            black_box(tree.root());
        })),
    }));

    let log = NoteSigner::from_seed("bench.example/log", &[1; 32]).expect("key");
    emit(json!({
        "bench": "signed_checkpoint",
        "tree_size": n,
        "latency": latency_stats(sample(1000, &mut rng, |r| {
            let size = r.size_up_to(n);
            let cp = Checkpoint::new("bench.example/log", size, tree.root_at(size).expect("size"));
            black_box(cp.sign(&log).expect("sign").to_string());
        })),
    }));

    emit(json!({
        "bench": "inclusion_proof",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |r| {
            let size = if r.next() % 2 == 0 { n } else { r.size_up_to(n) };
            let index = r.next() % size;
            black_box(tree.inclusion_proof(index, size).expect("proof"));
        })),
    }));
    let checks: Vec<_> = (0..1000)
        .map(|_| {
            let index = rng.next() % n;
            let proof = tree.inclusion_proof(index, n).expect("proof");
            (index, tree.leaf_hash_at(index).expect("leaf"), proof)
        })
        .collect();
    let root = tree.root();
    let mut next = checks.iter().cycle();
    emit(json!({
        "bench": "inclusion_verify",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |_| {
            let (index, leaf, proof) = next.next().expect("cycle");
            verify_inclusion(leaf, *index, n, proof, &root).expect("valid");
        })),
    }));

    emit(json!({
        "bench": "consistency_proof",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |r| {
            let size1 = r.size_up_to(n);
            black_box(tree.consistency_proof(size1, n).expect("proof"));
        })),
    }));
    let checks: Vec<_> = (0..1000)
        .map(|_| {
            let size1 = rng.size_up_to(n);
            let proof = tree.consistency_proof(size1, n).expect("proof");
            (size1, tree.root_at(size1).expect("root"), proof)
        })
        .collect();
    let mut next = checks.iter().cycle();
    emit(json!({
        "bench": "consistency_verify",
        "tree_size": n,
        "latency": latency_stats(sample(samples, &mut rng, |_| {
            let (size1, root1, proof) = next.next().expect("cycle");
            verify_consistency(*size1, n, proof, root1, &root).expect("valid");
        })),
    }));

    // Sanity: the benchmark tree is a real RFC 9162 tree.
    assert_eq!(tree.leaf_hash_at(0).expect("leaf"), leaf_hash(&[0; 32]));
}
