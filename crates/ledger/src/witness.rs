//! The C2SP witness protocol (c2sp.org/tlog-witness, v1): the `add-checkpoint` request body and
//! a pure witness state machine deciding each request's outcome.
//!
//! The request body is `old <size>\n`, up to 63 base64 consistency proof lines, an empty line,
//! then the signed checkpoint. The witness checks, in the spec's order: the body is well formed
//! (else 400), the origin is known (404), the log signed the checkpoint (403), the old size is not
//! above the new one (400), the old size is the last size it cosigned (409, answering that size),
//! the consistency proof (422), and for an unchanged size the unchanged root (409). Then it
//! cosigns (200).
//!
//! The caller owns the state. A [`WitnessOutcome::Cosigned`] carries the new state; the caller
//! must store it atomically with the check (compare-and-swap on the old size) *before* sending
//! the cosignatures, or two concurrent requests could roll the witness's view back.

use std::fmt;

use thiserror::Error;

use crate::checkpoint::{CheckpointError, SignedCheckpoint};
use crate::cosignature::{CosignatureError, CosignatureSigner};
use crate::encoding::{b64_decode_hash, b64_encode, parse_decimal};
use crate::merkle::{EMPTY_ROOT, Hash};
use crate::note::{NoteSignature, NoteVerifier};
use crate::proof::{ProofError, verify_consistency};

/// Most consistency proof lines a request may carry.
pub const MAX_PROOF_LINES: usize = 63;

/// Content type of a 409 response body (the latest cosigned size).
pub const SIZE_CONTENT_TYPE: &str = "text/x.tlog.size";

/// Content type of the other response bodies (signature lines or an error message).
pub const TEXT_CONTENT_TYPE: &str = "text/plain; charset=utf-8";

/// Why an `add-checkpoint` request is malformed (400 Bad Request).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RequestError {
    /// The body is not UTF-8 (a checkpoint note must be).
    #[error("request body is not valid UTF-8")]
    InvalidUtf8,
    /// The first line is not `old <decimal size>`.
    #[error("first line must be \"old <size>\" with a decimal size without leading zeroes")]
    BadOldLine,
    /// A proof line is not the base64 of a 32-byte hash.
    #[error("consistency proof line {0} is not a base64 SHA-256 hash")]
    BadProofLine(usize),
    /// More than [`MAX_PROOF_LINES`] proof lines.
    #[error("more than {MAX_PROOF_LINES} consistency proof lines")]
    TooManyProofLines,
    /// No empty line separates the proof from the checkpoint.
    #[error("no empty line before the checkpoint")]
    MissingSeparator,
    /// The checkpoint is not a well-formed signed checkpoint.
    #[error("checkpoint: {0}")]
    Checkpoint(CheckpointError),
    /// The old size is above the checkpoint's size.
    #[error("old size {old} is above the checkpoint size {size}")]
    OldSizeAboveCheckpoint {
        /// The request's old size.
        old: u64,
        /// The checkpoint's size.
        size: u64,
    },
}

/// A parsed `add-checkpoint` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCheckpointRequest {
    /// Size of the checkpoint the witness last cosigned, as the client believes.
    pub old_size: u64,
    /// RFC 9162 consistency proof from `old_size` to the checkpoint (empty if `old_size` is 0).
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim.
    pub checkpoint: String,
}

impl AddCheckpointRequest {
    /// Parses a request body.
    pub fn parse(body: &[u8]) -> Result<Self, RequestError> {
        let body = std::str::from_utf8(body).map_err(|_| RequestError::InvalidUtf8)?;
        let (old_line, mut rest) = body.split_once('\n').ok_or(RequestError::BadOldLine)?;
        let old_size = old_line
            .strip_prefix("old ")
            .and_then(parse_decimal)
            .ok_or(RequestError::BadOldLine)?;
        let mut proof = Vec::new();
        loop {
            let (line, after) = rest
                .split_once('\n')
                .ok_or(RequestError::MissingSeparator)?;
            rest = after;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(RequestError::TooManyProofLines);
            }
            proof.push(b64_decode_hash(line).ok_or(RequestError::BadProofLine(proof.len() + 1))?);
        }
        Ok(Self {
            old_size,
            proof,
            checkpoint: rest.to_owned(),
        })
    }
}

impl fmt::Display for AddCheckpointRequest {
    /// The request body.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "old {}", self.old_size)?;
        for hash in &self.proof {
            writeln!(f, "{}", b64_encode(hash))?;
        }
        write!(f, "\n{}", self.checkpoint)
    }
}

/// What a witness knows about one log: its key and the last checkpoint it cosigned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogState {
    /// The log's key; its name must be the log's origin.
    pub log_key: NoteVerifier,
    /// Size of the last cosigned checkpoint (0 if none).
    pub size: u64,
    /// Root of the last cosigned checkpoint ([`EMPTY_ROOT`] if none).
    pub root: Hash,
}

impl LogState {
    /// A log the witness has never cosigned for.
    pub fn new(log_key: NoteVerifier) -> Self {
        Self {
            log_key,
            size: 0,
            root: EMPTY_ROOT,
        }
    }
}

/// The state a witness must persist after cosigning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogUpdate {
    /// The log's origin.
    pub origin: String,
    /// The last cosigned size before this request (for a compare-and-swap).
    pub previous_size: u64,
    /// The newly cosigned size.
    pub size: u64,
    /// The newly cosigned root.
    pub root: Hash,
}

/// The decision on an `add-checkpoint` request, with its HTTP status, content type and body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WitnessOutcome {
    /// 200: the checkpoint is cosigned; persist `update`, then answer `cosignatures`.
    Cosigned {
        /// One cosignature line per witness key.
        cosignatures: Vec<NoteSignature>,
        /// The new state of the log.
        update: LogUpdate,
    },
    /// 400: the request is malformed.
    BadRequest(RequestError),
    /// 403: no trusted log signature verifies on the checkpoint.
    Forbidden(CheckpointError),
    /// 404: the checkpoint's origin is not a log this witness knows.
    UnknownOrigin(String),
    /// 409: the old size is not the last cosigned size, or the same size has another root.
    Conflict {
        /// Size of the latest checkpoint cosigned for this origin.
        latest_size: u64,
    },
    /// 422: the consistency proof does not verify.
    InvalidProof(ProofError),
}

impl WitnessOutcome {
    /// The HTTP status code to answer with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Cosigned { .. } => 200,
            Self::BadRequest(_) => 400,
            Self::Forbidden(_) => 403,
            Self::UnknownOrigin(_) => 404,
            Self::Conflict { .. } => 409,
            Self::InvalidProof(_) => 422,
        }
    }

    /// The response's `Content-Type`.
    pub fn content_type(&self) -> &'static str {
        match self {
            Self::Conflict { .. } => SIZE_CONTENT_TYPE,
            _ => TEXT_CONTENT_TYPE,
        }
    }

    /// The response body: signature lines (200), the latest size and a newline (409), or an
    /// error message.
    pub fn body(&self) -> String {
        match self {
            Self::Cosigned { cosignatures, .. } => {
                cosignatures.iter().map(ToString::to_string).collect()
            }
            Self::Conflict { latest_size } => format!("{latest_size}\n"),
            Self::BadRequest(e) => format!("{e}\n"),
            Self::Forbidden(e) => format!("{e}\n"),
            Self::UnknownOrigin(origin) => format!("unknown log origin {origin:?}\n"),
            Self::InvalidProof(e) => format!("{e}\n"),
        }
    }
}

/// Why the witness itself could not cosign (its fault, not the client's: answer 500).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WitnessError {
    /// A witness needs at least one cosigning key.
    #[error("a witness needs at least one cosigner key")]
    NoCosigners,
    /// Cosigning failed (e.g. a clock beyond 2^63 − 1 seconds).
    #[error(transparent)]
    Cosignature(#[from] CosignatureError),
}

/// A witness: its cosigner keys. Stateless; state comes in and updates go out.
#[derive(Debug, Clone)]
pub struct Witness {
    cosigners: Vec<CosignatureSigner>,
}

impl Witness {
    /// A witness signing with `cosigners` (one cosignature line each).
    pub fn new(cosigners: Vec<CosignatureSigner>) -> Result<Self, WitnessError> {
        if cosigners.is_empty() {
            return Err(WitnessError::NoCosigners);
        }
        Ok(Self { cosigners })
    }

    /// Decides an `add-checkpoint` request received at `now` (POSIX seconds).
    ///
    /// `lookup` returns the witness's state for an origin, or `None` for an unknown log; it is
    /// called at most once, after the body parsed.
    pub fn add_checkpoint<F>(
        &self,
        body: &[u8],
        now: u64,
        lookup: F,
    ) -> Result<WitnessOutcome, WitnessError>
    where
        F: FnOnce(&str) -> Option<LogState>,
    {
        let request = match AddCheckpointRequest::parse(body) {
            Ok(request) => request,
            Err(e) => return Ok(WitnessOutcome::BadRequest(e)),
        };
        let signed = match SignedCheckpoint::parse(request.checkpoint.as_bytes()) {
            Ok(signed) => signed,
            Err(e) => return Ok(WitnessOutcome::BadRequest(RequestError::Checkpoint(e))),
        };
        let checkpoint = &signed.checkpoint;
        let Some(state) = lookup(&checkpoint.origin) else {
            return Ok(WitnessOutcome::UnknownOrigin(checkpoint.origin.clone()));
        };
        if let Err(e) = signed.verify(&state.log_key) {
            return Ok(WitnessOutcome::Forbidden(e));
        }
        let (old, size) = (request.old_size, checkpoint.size);
        if old > size {
            return Ok(WitnessOutcome::BadRequest(
                RequestError::OldSizeAboveCheckpoint { old, size },
            ));
        }
        if old != state.size {
            return Ok(WitnessOutcome::Conflict {
                latest_size: state.size,
            });
        }
        if old == size {
            if !request.proof.is_empty() {
                return Ok(WitnessOutcome::InvalidProof(
                    ProofError::ProofForEqualSizes {
                        len: request.proof.len(),
                    },
                ));
            }
            if checkpoint.root != state.root {
                return Ok(WitnessOutcome::Conflict {
                    latest_size: state.size,
                });
            }
        } else if old == 0 {
            // Every tree extends the empty one; the spec requires an empty proof here.
            if !request.proof.is_empty() {
                return Ok(WitnessOutcome::InvalidProof(ProofError::FromEmptyTree));
            }
        } else if let Err(e) =
            verify_consistency(old, size, &request.proof, &state.root, &checkpoint.root)
        {
            return Ok(WitnessOutcome::InvalidProof(e));
        }

        let cosignatures = self
            .cosigners
            .iter()
            .map(|c| c.cosign_text(signed.note.text(), now))
            .collect::<Result<_, _>>()?;
        Ok(WitnessOutcome::Cosigned {
            cosignatures,
            update: LogUpdate {
                origin: checkpoint.origin.clone(),
                previous_size: state.size,
                size,
                root: checkpoint.root,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checkpoint::Checkpoint;
    use crate::cosignature::MAX_TIMESTAMP;
    use crate::merkle::MerkleTree;
    use crate::note::{Note, NoteSigner};

    const ORIGIN: &str = "example.com/log";
    const NOW: u64 = 1_700_000_000;

    struct Fixture {
        log: NoteSigner,
        tree: MerkleTree,
        witness: Witness,
        cosigner: CosignatureSigner,
    }

    fn fixture() -> Fixture {
        let log = NoteSigner::from_seed(ORIGIN, &[1; 32]).expect("log key");
        let cosigner = CosignatureSigner::from_seed("witness.example/w1", &[2; 32]).expect("key");
        let mut tree = MerkleTree::new();
        for i in 0u32..20 {
            tree.append(&i.to_be_bytes());
        }
        Fixture {
            log,
            tree,
            witness: Witness::new(vec![cosigner.clone()]).expect("witness"),
            cosigner,
        }
    }

    impl Fixture {
        fn checkpoint(&self, size: u64) -> Note {
            Checkpoint::new(ORIGIN, size, self.tree.root_at(size).expect("size"))
                .sign(&self.log)
                .expect("sign")
        }

        fn request(&self, old: u64, size: u64) -> AddCheckpointRequest {
            AddCheckpointRequest {
                old_size: old,
                proof: self.tree.consistency_proof(old, size).expect("proof"),
                checkpoint: self.checkpoint(size).to_string(),
            }
        }

        fn state(&self, size: u64) -> LogState {
            LogState {
                log_key: self.log.verifier(),
                size,
                root: self.tree.root_at(size).expect("size"),
            }
        }

        fn decide(&self, body: &str, state: Option<LogState>) -> WitnessOutcome {
            self.witness
                .add_checkpoint(body.as_bytes(), NOW, |origin| {
                    assert_eq!(origin, ORIGIN);
                    state
                })
                .expect("witness works")
        }
    }

    #[test]
    fn request_body_round_trips() {
        let f = fixture();
        let request = f.request(7, 20);
        let body = request.to_string();
        assert!(body.starts_with("old 7\n"));
        assert!(body.contains(&format!("\n\n{ORIGIN}\n20\n")));
        assert_eq!(AddCheckpointRequest::parse(body.as_bytes()), Ok(request));
        let empty = f.request(0, 20).to_string();
        assert!(empty.starts_with(&format!("old 0\n\n{ORIGIN}\n")));
    }

    #[test]
    fn malformed_requests_are_400() {
        let f = fixture();
        let cp = f.checkpoint(20).to_string();
        let hash = b64_encode(&[0; 32]);
        for (body, err) in [
            ("old 7".to_owned(), RequestError::BadOldLine),
            (format!("old 07\n\n{cp}"), RequestError::BadOldLine),
            (format!("new 7\n\n{cp}"), RequestError::BadOldLine),
            (
                format!("old 7\nAAAA\n\n{cp}"),
                RequestError::BadProofLine(1),
            ),
            (format!("old 7\n{hash}"), RequestError::MissingSeparator),
            (
                format!("old 7\n{}\n{cp}", format!("{hash}\n").repeat(64)),
                RequestError::TooManyProofLines,
            ),
        ] {
            assert_eq!(
                AddCheckpointRequest::parse(body.as_bytes()),
                Err(err.clone())
            );
            let outcome = f.decide(&body, Some(f.state(7)));
            assert_eq!(outcome, WitnessOutcome::BadRequest(err));
            assert_eq!(outcome.status(), 400);
        }
        assert_eq!(
            AddCheckpointRequest::parse(b"old 1\n\n\xff"),
            Err(RequestError::InvalidUtf8)
        );
        let not_a_note = f.decide("old 0\n\nhello\n", Some(f.state(0)));
        assert!(matches!(
            not_a_note,
            WitnessOutcome::BadRequest(RequestError::Checkpoint(_))
        ));
        let body = format!("old 21\n\n{}", f.checkpoint(20));
        assert_eq!(
            f.decide(&body, Some(f.state(20))),
            WitnessOutcome::BadRequest(RequestError::OldSizeAboveCheckpoint { old: 21, size: 20 })
        );
    }

    #[test]
    fn first_checkpoint_is_cosigned_and_updates_state() {
        let f = fixture();
        let outcome = f.decide(
            &f.request(0, 20).to_string(),
            Some(LogState::new(f.log.verifier())),
        );
        assert_eq!(outcome.status(), 200);
        let WitnessOutcome::Cosigned {
            cosignatures,
            update,
        } = &outcome
        else {
            panic!("not cosigned: {outcome:?}");
        };
        assert_eq!(
            *update,
            LogUpdate {
                origin: ORIGIN.into(),
                previous_size: 0,
                size: 20,
                root: f.tree.root(),
            }
        );
        // The response lines verify as cosignatures of the checkpoint, at `now`.
        let checkpoint = Checkpoint::new(ORIGIN, 20, f.tree.root());
        assert_eq!(
            f.cosigner
                .verifier()
                .verify_cosignature(&checkpoint, &cosignatures[0]),
            Ok(NOW)
        );
        let body = outcome.body();
        assert!(body.starts_with("\u{2014} witness.example/w1 "));
        assert!(body.ends_with('\n'));
        // Appending the response to the checkpoint gives a note both keys verify.
        let note = format!("{}{body}", f.checkpoint(20));
        let note = Note::parse(note.as_bytes()).expect("note");
        let (lv, wv) = (f.log.verifier(), f.cosigner.verifier());
        assert_eq!(note.verify(&[&lv, &wv]).map(|v| v.len()), Ok(2));
    }

    #[test]
    fn consistent_growth_is_cosigned() {
        let f = fixture();
        for (old, new) in [(7, 20), (1, 2), (8, 20), (19, 20), (20, 20)] {
            let outcome = f.decide(&f.request(old, new).to_string(), Some(f.state(old)));
            assert_eq!(outcome.status(), 200, "{old} -> {new}: {outcome:?}");
        }
    }

    #[test]
    fn stale_old_size_is_409_with_latest_size() {
        let f = fixture();
        let outcome = f.decide(&f.request(7, 20).to_string(), Some(f.state(9)));
        assert_eq!(outcome, WitnessOutcome::Conflict { latest_size: 9 });
        assert_eq!(outcome.status(), 409);
        assert_eq!(outcome.content_type(), "text/x.tlog.size");
        assert_eq!(outcome.body(), "9\n");
        // A client without information asks with old size 0 to learn the size.
        let probe = f.decide(&f.request(0, 20).to_string(), Some(f.state(9)));
        assert_eq!(probe.body(), "9\n");
    }

    #[test]
    fn same_size_with_another_root_is_409() {
        let f = fixture();
        let mut state = f.state(20);
        state.root = [9; 32];
        let outcome = f.decide(&f.request(20, 20).to_string(), Some(state));
        assert_eq!(outcome, WitnessOutcome::Conflict { latest_size: 20 });
    }

    #[test]
    fn bad_consistency_proofs_are_422() {
        let f = fixture();
        let mut request = f.request(7, 20);
        request.proof[0][0] ^= 1;
        let outcome = f.decide(&request.to_string(), Some(f.state(7)));
        assert_eq!(outcome.status(), 422);
        assert!(matches!(outcome, WitnessOutcome::InvalidProof(_)));

        let mut from_zero = f.request(0, 20);
        from_zero.proof.push([0; 32]);
        assert_eq!(
            f.decide(&from_zero.to_string(), Some(f.state(0))),
            WitnessOutcome::InvalidProof(ProofError::FromEmptyTree)
        );
        let mut same = f.request(20, 20);
        same.proof.push([0; 32]);
        assert_eq!(f.decide(&same.to_string(), Some(f.state(20))).status(), 422);
        // A proof for a forked tree: same sizes, different history.
        let mut forked = MerkleTree::new();
        for i in 0u32..20 {
            forked.append(&(i + u32::from(i == 3)).to_be_bytes());
        }
        let request = AddCheckpointRequest {
            old_size: 7,
            proof: forked.consistency_proof(7, 20).expect("proof"),
            checkpoint: Checkpoint::new(ORIGIN, 20, forked.root())
                .sign(&f.log)
                .expect("sign")
                .to_string(),
        };
        assert_eq!(
            f.decide(&request.to_string(), Some(f.state(7))).status(),
            422
        );
    }

    #[test]
    fn unknown_or_bad_log_signatures_are_403() {
        let f = fixture();
        let other = NoteSigner::from_seed(ORIGIN, &[7; 32]).expect("key");
        let state = LogState::new(other.verifier());
        let outcome = f.decide(&f.request(0, 20).to_string(), Some(state));
        assert_eq!(outcome.status(), 403);

        let mut request = f.request(0, 20);
        request.checkpoint = request.checkpoint.replacen("\n20\n", "\n21\n", 1);
        let outcome = f.decide(&request.to_string(), Some(f.state(0)));
        assert_eq!(outcome.status(), 403, "{outcome:?}");
    }

    #[test]
    fn unknown_origin_is_404() {
        let f = fixture();
        let outcome = f.decide(&f.request(0, 20).to_string(), None);
        assert_eq!(outcome, WitnessOutcome::UnknownOrigin(ORIGIN.into()));
        assert_eq!(outcome.status(), 404);
    }

    #[test]
    fn witness_faults_are_errors() {
        let f = fixture();
        assert_eq!(
            Witness::new(vec![]).map(|_| ()),
            Err(WitnessError::NoCosigners)
        );
        let body = f.request(0, 20).to_string();
        assert_eq!(
            f.witness
                .add_checkpoint(body.as_bytes(), MAX_TIMESTAMP + 1, |_| Some(f.state(0))),
            Err(WitnessError::Cosignature(
                CosignatureError::TimestampTooLarge(MAX_TIMESTAMP + 1)
            ))
        );
    }
}
