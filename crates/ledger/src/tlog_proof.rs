//! Self-contained inclusion proofs in the C2SP tlog-proof@v1 text format (c2sp.org/tlog-proof).
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64 opaque data>        (optional)
//! index <decimal leaf index>
//! <base64 inclusion proof hash>     (zero or more, leaf's sibling first)
//!
//! <signed checkpoint, verbatim>
//! ```
//!
//! The spec has no field for an entry's contents: it proves that some record hash is in the
//! log. Fusion Cell's leaves are [`entry_commitment`]s, so checking a proof for an event needs
//! the commitment's opening, the event bytes and the salt. The event bytes travel next to the
//! proof (the proof acts like a detached signature); the salt goes into the spec's opaque
//! `extra` field, whose stated purpose includes "additional data necessary to reconstruct the
//! record hash" (see [`TlogProof::for_entry`] and [`TlogProof::verify_entry`]).

use std::fmt;

use thiserror::Error;

use crate::checkpoint::{CheckpointError, SignedCheckpoint};
use crate::commitment::entry_commitment;
use crate::encoding::{b64_decode, b64_decode_hash, b64_encode, parse_decimal};
use crate::merkle::{Hash, MerkleTree, TreeError, leaf_hash};
use crate::note::NoteVerifier;
use crate::proof::{ProofError, verify_inclusion};
use crate::store::HashStore;

/// First line of every proof.
pub const HEADER: &str = "c2sp.org/tlog-proof@v1";

/// Most inclusion proof hashes a proof may carry: a tree of at most 2^64 leaves has at most 64
/// levels. Bounds the work spent on hostile input.
const MAX_PROOF_HASHES: usize = 64;

/// Why a proof is malformed, could not be built, or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TlogProofError {
    /// The text is not UTF-8.
    #[error("proof is not valid UTF-8")]
    InvalidUtf8,
    /// The first line is not `c2sp.org/tlog-proof@v1`.
    #[error("proof does not start with the line {HEADER}")]
    MissingHeader,
    /// The `extra` line's data is not canonical base64.
    #[error("extra data is not canonical base64")]
    BadExtra,
    /// The `index` line is missing or its number is not canonical.
    #[error("missing or malformed \"index <decimal>\" line")]
    BadIndex,
    /// An inclusion proof line is not the base64 of a 32-byte hash.
    #[error("inclusion proof line {0} is not a base64 SHA-256 hash")]
    BadHash(usize),
    /// More than 64 inclusion proof hashes.
    #[error("more than 64 inclusion proof hashes")]
    TooManyHashes,
    /// No empty line before the checkpoint.
    #[error("no empty line before the checkpoint")]
    MissingSeparator,
    /// The checkpoint is malformed or the log's signature does not verify.
    #[error("checkpoint: {0}")]
    Checkpoint(#[from] CheckpointError),
    /// The inclusion proof does not verify against the checkpoint.
    #[error("inclusion proof: {0}")]
    Inclusion(#[from] ProofError),
    /// The extra data is not a 32-byte commitment salt.
    #[error("extra data must be the 32-byte commitment salt")]
    NotASalt,
    /// The tree could not produce the proof.
    #[error(transparent)]
    Tree(#[from] TreeError),
    /// The checkpoint's root is not the tree's root at the checkpoint's size.
    #[error("checkpoint does not match the tree at size {0}")]
    CheckpointNotFromTree(u64),
}

/// A tlog-proof: an entry's index and inclusion proof, and the signed checkpoint it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlogProof {
    /// Optional opaque, unauthenticated extra data (here: the commitment salt).
    pub extra: Option<Vec<u8>>,
    /// Zero-based index of the entry in the log.
    pub index: u64,
    /// RFC 9162 inclusion proof of the entry in the checkpoint's tree.
    pub inclusion_proof: Vec<Hash>,
    /// The log's signed checkpoint, possibly with cosignatures.
    pub checkpoint: SignedCheckpoint,
}

impl TlogProof {
    /// Builds the proof of leaf `index` against `checkpoint`, which must be a checkpoint of
    /// `tree` (its root is checked against the tree's root at its size).
    pub fn new<S: HashStore>(
        tree: &MerkleTree<S>,
        index: u64,
        checkpoint: SignedCheckpoint,
        extra: Option<Vec<u8>>,
    ) -> Result<Self, TlogProofError> {
        let size = checkpoint.checkpoint.size;
        if tree.root_at(size)? != checkpoint.checkpoint.root {
            return Err(TlogProofError::CheckpointNotFromTree(size));
        }
        Ok(Self {
            extra,
            index,
            inclusion_proof: tree.inclusion_proof(index, size)?,
            checkpoint,
        })
    }

    /// Builds the proof for a Fusion Cell entry, carrying its commitment salt as extra data.
    pub fn for_entry<S: HashStore>(
        tree: &MerkleTree<S>,
        index: u64,
        salt: &[u8; 32],
        checkpoint: SignedCheckpoint,
    ) -> Result<Self, TlogProofError> {
        Self::new(tree, index, checkpoint, Some(salt.to_vec()))
    }

    /// Parses a proof.
    pub fn parse(text: &[u8]) -> Result<Self, TlogProofError> {
        let text = std::str::from_utf8(text).map_err(|_| TlogProofError::InvalidUtf8)?;
        let mut rest = text
            .strip_prefix(HEADER)
            .and_then(|r| r.strip_prefix('\n'))
            .ok_or(TlogProofError::MissingHeader)?;
        let mut next_line = |missing| -> Result<&str, TlogProofError> {
            let (line, after) = rest.split_once('\n').ok_or(missing)?;
            rest = after;
            Ok(line)
        };

        let mut line = next_line(TlogProofError::BadIndex)?;
        let extra = match line.strip_prefix("extra ") {
            Some(data) => {
                let extra = b64_decode(data).ok_or(TlogProofError::BadExtra)?;
                line = next_line(TlogProofError::BadIndex)?;
                Some(extra)
            }
            None => None,
        };
        let index = line
            .strip_prefix("index ")
            .and_then(parse_decimal)
            .ok_or(TlogProofError::BadIndex)?;
        let mut inclusion_proof = Vec::new();
        loop {
            let line = next_line(TlogProofError::MissingSeparator)?;
            if line.is_empty() {
                break;
            }
            if inclusion_proof.len() == MAX_PROOF_HASHES {
                return Err(TlogProofError::TooManyHashes);
            }
            let hash =
                b64_decode_hash(line).ok_or(TlogProofError::BadHash(inclusion_proof.len() + 1))?;
            inclusion_proof.push(hash);
        }
        Ok(Self {
            extra,
            index,
            inclusion_proof,
            checkpoint: SignedCheckpoint::parse(rest.as_bytes())?,
        })
    }

    /// Verifies the log's signature on the checkpoint and that `leaf_hash` is the leaf at
    /// `index` in the checkpointed tree. Witness cosignatures, if a policy needs them, are
    /// checked separately on [`checkpoint`](Self::checkpoint).
    pub fn verify(&self, leaf_hash: &Hash, log_key: &NoteVerifier) -> Result<(), TlogProofError> {
        self.checkpoint.verify(log_key)?;
        let checkpoint = &self.checkpoint.checkpoint;
        verify_inclusion(
            leaf_hash,
            self.index,
            checkpoint.size,
            &self.inclusion_proof,
            &checkpoint.root,
        )?;
        Ok(())
    }

    /// Verifies the proof for a Fusion Cell event: the leaf is the commitment to `event_bytes`
    /// under the salt carried as extra data.
    pub fn verify_entry(
        &self,
        event_bytes: &[u8],
        log_key: &NoteVerifier,
    ) -> Result<(), TlogProofError> {
        let salt: &[u8; 32] = self
            .extra
            .as_deref()
            .and_then(|e| e.try_into().ok())
            .ok_or(TlogProofError::NotASalt)?;
        self.verify(&leaf_hash(&entry_commitment(salt, event_bytes)), log_key)
    }
}

impl fmt::Display for TlogProof {
    /// The proof text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{HEADER}")?;
        if let Some(extra) = &self.extra {
            writeln!(f, "extra {}", b64_encode(extra))?;
        }
        writeln!(f, "index {}", self.index)?;
        for hash in &self.inclusion_proof {
            writeln!(f, "{}", b64_encode(hash))?;
        }
        write!(f, "\n{}", self.checkpoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::Checkpoint;
    use crate::note::NoteSigner;

    const ORIGIN: &str = "example.com/fancylog";

    fn setup() -> (NoteSigner, MerkleTree, Vec<[u8; 32]>) {
        let log = NoteSigner::from_seed(ORIGIN, &[3; 32]).expect("key");
        let mut tree = MerkleTree::new();
        let salts: Vec<[u8; 32]> = (0u8..13).map(|i| [i; 32]).collect();
        for (i, salt) in salts.iter().enumerate() {
            tree.append(&entry_commitment(salt, format!("event {i}").as_bytes()));
        }
        (log, tree, salts)
    }

    fn signed(log: &NoteSigner, tree: &MerkleTree, size: u64) -> SignedCheckpoint {
        let checkpoint = Checkpoint::new(ORIGIN, size, tree.root_at(size).expect("size"));
        let note = checkpoint.sign(log).expect("sign");
        SignedCheckpoint { checkpoint, note }
    }

    #[test]
    fn entry_proofs_round_trip_and_verify() {
        let (log, tree, salts) = setup();
        let proof =
            TlogProof::for_entry(&tree, 5, &salts[5], signed(&log, &tree, 13)).expect("proof");
        let text = proof.to_string();
        assert!(text.starts_with(&format!(
            "c2sp.org/tlog-proof@v1\nextra {}\nindex 5\n",
            b64_encode(&salts[5])
        )));
        assert!(text.contains(&format!("\n\n{ORIGIN}\n13\n")));
        let parsed = TlogProof::parse(text.as_bytes()).expect("parse");
        assert_eq!(parsed, proof);
        assert_eq!(parsed.to_string(), text);
        assert_eq!(parsed.verify_entry(b"event 5", &log.verifier()), Ok(()));
        assert_eq!(
            parsed.verify_entry(b"event 6", &log.verifier()),
            Err(TlogProofError::Inclusion(ProofError::RootMismatch))
        );
        let other_log = NoteSigner::from_seed(ORIGIN, &[4; 32]).expect("key");
        assert!(matches!(
            parsed.verify_entry(b"event 5", &other_log.verifier()),
            Err(TlogProofError::Checkpoint(_))
        ));
    }

    #[test]
    fn proofs_without_extra_data() {
        let (log, tree, _) = setup();
        let proof = TlogProof::new(&tree, 0, signed(&log, &tree, 1), None).expect("proof");
        let text = proof.to_string();
        assert!(text.starts_with("c2sp.org/tlog-proof@v1\nindex 0\n\nexample.com/fancylog\n1\n"));
        let parsed = TlogProof::parse(text.as_bytes()).expect("parse");
        let leaf = tree.leaf_hash_at(0).expect("leaf");
        assert_eq!(parsed.verify(&leaf, &log.verifier()), Ok(()));
        assert_eq!(
            parsed.verify_entry(b"event 0", &log.verifier()),
            Err(TlogProofError::NotASalt)
        );
    }

    #[test]
    fn proofs_need_a_checkpoint_of_the_tree() {
        let (log, tree, _) = setup();
        let mut other = tree.clone();
        other.append(b"x");
        assert_eq!(
            TlogProof::new(&tree, 0, signed(&log, &other, 14), None).map(|p| p.index),
            Err(TlogProofError::Tree(TreeError::SizeOutOfRange {
                requested: 14,
                size: 13
            }))
        );
        let mut forged = signed(&log, &tree, 13);
        forged.checkpoint.root = [0; 32];
        assert_eq!(
            TlogProof::new(&tree, 0, forged, None).map(|p| p.index),
            Err(TlogProofError::CheckpointNotFromTree(13))
        );
    }

    #[test]
    fn malformed_proofs_are_refused() {
        let (log, tree, _) = setup();
        let cp = signed(&log, &tree, 13).to_string();
        let hash = b64_encode(&[1; 32]);
        for (text, err) in [
            (
                format!("c2sp.org/tlog-proof@v2\nindex 0\n\n{cp}"),
                TlogProofError::MissingHeader,
            ),
            (
                format!("{HEADER}\nextra !!\nindex 0\n\n{cp}"),
                TlogProofError::BadExtra,
            ),
            (
                format!("{HEADER}\nindex 01\n\n{cp}"),
                TlogProofError::BadIndex,
            ),
            (
                format!("{HEADER}\nindx 1\n\n{cp}"),
                TlogProofError::BadIndex,
            ),
            (format!("{HEADER}\n"), TlogProofError::BadIndex),
            (
                format!("{HEADER}\nindex 1\n{hash}\nAAAA\n\n{cp}"),
                TlogProofError::BadHash(2),
            ),
            (
                format!("{HEADER}\nindex 1\n{hash}\n"),
                TlogProofError::MissingSeparator,
            ),
            (
                format!(
                    "{HEADER}\nindex 1\n{}\n{cp}",
                    format!("{hash}\n").repeat(65)
                ),
                TlogProofError::TooManyHashes,
            ),
        ] {
            assert_eq!(TlogProof::parse(text.as_bytes()), Err(err), "{text}");
        }
        assert!(matches!(
            TlogProof::parse(format!("{HEADER}\nindex 1\n\nnot a checkpoint\n").as_bytes()),
            Err(TlogProofError::Checkpoint(_))
        ));
        assert_eq!(TlogProof::parse(b"\xff"), Err(TlogProofError::InvalidUtf8));
    }
}
