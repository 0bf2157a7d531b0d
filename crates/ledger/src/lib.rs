//! Pure transparency-log core of Fusion Cell.
//!
//! Everything here is deterministic and free of I/O, clocks and ambient randomness: callers pass
//! in time (`now` seconds) and key seeds, and store whatever state the functions hand back. That
//! keeps the crate usable from the server, from an offline auditor and from tests alike.
//!
//! - [`merkle`] and [`store`]: the RFC 9162 Merkle tree with O(1) amortised appends, roots at any
//!   past size, and [`proof`] generation and verification of inclusion and consistency proofs.
//! - [`commitment`]: how an event becomes a leaf (a salted, domain-separated SHA-256 commitment).
//! - [`note`], [`checkpoint`], [`cosignature`]: the C2SP signed-note, tlog-checkpoint and
//!   tlog-cosignature/v1 formats with Ed25519 keys.
//! - [`tiles`]: C2SP tlog-tiles paths, tile contents, entry bundles and an offline tile auditor.
//! - [`witness`]: the C2SP tlog-witness `add-checkpoint` body and a pure witness state machine.
//! - [`tlog_proof`]: the C2SP tlog-proof@v1 text format for self-contained inclusion proofs.
//!
//! ```
//! use fusioncell_ledger::{
//!     Checkpoint, MerkleTree, NoteSigner, SignedCheckpoint, TlogProof, entry_commitment,
//! };
//!
//! // Seeds come from the caller's secure RNG; constants keep the example deterministic.
//! let log_key = NoteSigner::from_seed("cell.example/log", &[1; 32])?;
//! let mut tree = MerkleTree::new();
//! let salt = [7; 32];
//! let index = tree.append(&entry_commitment(&salt, b"event bytes"));
//!
//! let checkpoint = Checkpoint::new("cell.example/log", tree.size(), tree.root());
//! let published = checkpoint.sign(&log_key)?.to_string();
//!
//! let signed = SignedCheckpoint::open(published.as_bytes(), &log_key.verifier())?;
//! let proof = TlogProof::for_entry(&tree, index, &salt, signed)?.to_string();
//! TlogProof::parse(proof.as_bytes())?.verify_entry(b"event bytes", &log_key.verifier())?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![warn(missing_docs)]

pub mod checkpoint;
pub mod commitment;
pub mod cosignature;
mod encoding;
pub mod merkle;
pub mod note;
pub mod proof;
pub mod store;
pub mod tiles;
pub mod tlog_proof;
pub mod witness;

pub use checkpoint::{Checkpoint, CheckpointError, SignedCheckpoint};
pub use commitment::{ENTRY_COMMITMENT_DOMAIN, entry_commitment};
pub use cosignature::{CosignatureError, CosignatureSigner, CosignatureVerifier};
pub use merkle::{EMPTY_ROOT, Hash, MerkleTree, TreeError, leaf_hash, node_hash};
pub use note::{Note, NoteError, NoteSignature, NoteSigner, NoteVerifier, SignatureVerifier};
pub use proof::{ProofError, verify_consistency, verify_inclusion};
pub use store::{HashStore, MemoryStore};
pub use tiles::{TileError, TileKind, TilePath};
pub use tlog_proof::{TlogProof, TlogProofError};
pub use witness::{
    AddCheckpointRequest, LogState, LogUpdate, Witness, WitnessError, WitnessOutcome,
};
