//! Conformance with the transparency-dev/merkle RFC 6962 proof vectors (`tests/vectors/rfc6962`).
//!
//! Every case must be accepted when `wantErr` is false and rejected when it is true. The API is
//! typed (`[u8; 32]` hashes), so values of another length cannot even be passed in:
//!
//! - a leaf hash or proof element that is not 32 bytes is rejected at that type boundary, which
//!   counts as a rejection (every such case has `wantErr: true`);
//! - a root that is not 32 bytes is a placeholder ("don't care", "WrongRoot", empty) that stands
//!   for a root no real tree has. It is mapped to a 32-byte stand-in, `SHA-256(label || bytes)`,
//!   which keeps equal placeholders equal and never equals a real root. The one accepting case
//!   built on placeholders ("sizes are equal (one) and proof is empty") thus still checks that
//!   equal sizes with equal roots and no proof are consistent.

use std::fs;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_ledger::{Hash, MerkleTree, verify_consistency, verify_inclusion};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The RFC 6962 sample leaves behind directories `0`…`4`.
const SAMPLE_LEAVES_HEX: [&str; 8] = [
    "",
    "00",
    "10",
    "2021",
    "3031",
    "40414243",
    "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct InclusionCase {
    leaf_idx: u64,
    tree_size: u64,
    root: String,
    leaf_hash: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConsistencyCase {
    size1: u64,
    size2: u64,
    root1: String,
    root2: String,
    proof: Option<Vec<String>>,
    desc: String,
    want_err: bool,
}

fn vector_dir(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/rfc6962")
        .join(kind)
}

/// All JSON files under `dir`, recursively, sorted for stable failure output.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir).expect("vector directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            files.extend(json_files(&path));
        } else if path.extension().is_some_and(|e| e == "json") {
            files.push(path);
        }
    }
    files.sort();
    files
}

fn b64(text: &str) -> Vec<u8> {
    STANDARD.decode(text).expect("vector base64")
}

/// A 32-byte hash, or `None` if the value cannot be one (rejected at the type boundary).
fn hash(text: &str) -> Option<Hash> {
    b64(text).try_into().ok()
}

/// A root: real if 32 bytes, else the stand-in described in the module documentation.
fn root(text: &str) -> Hash {
    let bytes = b64(text);
    bytes.clone().try_into().unwrap_or_else(|_| {
        Sha256::new()
            .chain_update(b"rfc6962-vectors/placeholder-root\0")
            .chain_update(&bytes)
            .finalize()
            .into()
    })
}

fn proof(items: &Option<Vec<String>>) -> Option<Vec<Hash>> {
    items.iter().flatten().map(|p| hash(p)).collect()
}

fn sample_tree() -> MerkleTree {
    let mut tree = MerkleTree::new();
    for leaf in SAMPLE_LEAVES_HEX {
        tree.append(&hex::decode(leaf).expect("hex"));
    }
    tree
}

/// Whether the case comes from the sample-leaf directories `0`…`4`.
fn from_sample_leaves(path: &Path) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .and_then(|d| d.to_str())
        .is_some_and(|d| d.parse::<u8>().is_ok())
}

#[test]
fn inclusion_vectors() {
    let tree = sample_tree();
    let (mut accepted, mut rejected, mut regenerated) = (0, 0, 0);
    for path in json_files(&vector_dir("inclusion")) {
        let case: InclusionCase =
            serde_json::from_slice(&fs::read(&path).expect("read")).expect("inclusion JSON");
        let name = format!("{} ({})", path.display(), case.desc);
        let result = match (hash(&case.leaf_hash), proof(&case.proof)) {
            (Some(leaf), Some(proof)) => verify_inclusion(
                &leaf,
                case.leaf_idx,
                case.tree_size,
                &proof,
                &root(&case.root),
            )
            .map_err(|e| e.to_string()),
            _ => Err("a hash is not 32 bytes".to_owned()),
        };
        match (result, case.want_err) {
            (Ok(()), false) => accepted += 1,
            (Err(_), true) => rejected += 1,
            (Ok(()), true) => panic!("{name}: accepted, must be rejected"),
            (Err(e), false) => panic!("{name}: rejected ({e}), must be accepted"),
        }
        // Happy paths over the sample leaves must also be exactly what the tree generates.
        if !case.want_err && from_sample_leaves(&path) {
            let generated = tree
                .inclusion_proof(case.leaf_idx, case.tree_size)
                .expect("generate");
            assert_eq!(
                Some(generated),
                proof(&case.proof),
                "{name}: generated proof"
            );
            assert_eq!(
                tree.root_at(case.tree_size).expect("root"),
                root(&case.root),
                "{name}: root"
            );
            assert_eq!(
                tree.leaf_hash_at(case.leaf_idx).expect("leaf"),
                root(&case.leaf_hash),
                "{name}: leaf hash"
            );
            regenerated += 1;
        }
    }
    // The vector set holds 6 accepting and 92 rejecting inclusion cases.
    assert_eq!((accepted, rejected), (6, 92), "cases found");
    assert_eq!(regenerated, 5, "happy paths regenerated");
}

#[test]
fn consistency_vectors() {
    let tree = sample_tree();
    let (mut accepted, mut rejected, mut regenerated) = (0, 0, 0);
    for path in json_files(&vector_dir("consistency")) {
        let case: ConsistencyCase =
            serde_json::from_slice(&fs::read(&path).expect("read")).expect("consistency JSON");
        let name = format!("{} ({})", path.display(), case.desc);
        let result = match proof(&case.proof) {
            Some(proof) => verify_consistency(
                case.size1,
                case.size2,
                &proof,
                &root(&case.root1),
                &root(&case.root2),
            )
            .map_err(|e| e.to_string()),
            None => Err("a proof hash is not 32 bytes".to_owned()),
        };
        match (result, case.want_err) {
            (Ok(()), false) => accepted += 1,
            (Err(_), true) => rejected += 1,
            (Ok(()), true) => panic!("{name}: accepted, must be rejected"),
            (Err(e), false) => panic!("{name}: rejected ({e}), must be accepted"),
        }
        if !case.want_err && from_sample_leaves(&path) {
            let generated = tree
                .consistency_proof(case.size1, case.size2)
                .expect("generate");
            assert_eq!(
                Some(generated),
                proof(&case.proof),
                "{name}: generated proof"
            );
            assert_eq!(tree.root_at(case.size1).expect("root"), root(&case.root1));
            assert_eq!(tree.root_at(case.size2).expect("root"), root(&case.root2));
            regenerated += 1;
        }
    }
    // The vector set holds 6 accepting and 92 rejecting consistency cases.
    assert_eq!((accepted, rejected), (6, 92), "cases found");
    assert_eq!(regenerated, 5, "happy paths regenerated");
}
