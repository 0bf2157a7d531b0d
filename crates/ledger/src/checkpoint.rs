//! C2SP transparency log checkpoints (c2sp.org/tlog-checkpoint, v1).
//!
//! A checkpoint is a signed note whose text is
//!
//! ```text
//! <origin>\n<decimal tree size>\n<base64 root hash>\n[<extension line>\n]...
//! ```
//!
//! The log signs it with the key whose name is the origin; other signatures (witness
//! cosignatures, rotated keys) may follow and are ignored unless a caller asks for them.

use std::fmt;

use thiserror::Error;

use crate::encoding::{b64_decode_hash, b64_encode, parse_decimal};
use crate::merkle::Hash;
use crate::note::{Note, NoteError, NoteSigner, NoteVerifier, SignatureVerifier};

/// Why a checkpoint is malformed, or not properly signed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CheckpointError {
    /// The enclosing signed note is malformed or its signatures do not verify.
    #[error("checkpoint note: {0}")]
    Note(#[from] NoteError),
    /// Fewer than the three mandatory lines.
    #[error("checkpoint has {0} lines, at least origin, size and root hash are required")]
    TooFewLines(usize),
    /// The text does not end in a newline.
    #[error("checkpoint text must end with a newline")]
    NotNewlineTerminated,
    /// An empty line (the origin, or an extension line).
    #[error("checkpoint line {0} is empty")]
    EmptyLine(usize),
    /// A line contains a newline or another ASCII control character.
    #[error("checkpoint line {0} contains a control character")]
    ControlCharacter(usize),
    /// The size line is not a decimal without leading zeroes.
    #[error("tree size {0:?} is not a decimal number without leading zeroes")]
    InvalidSize(String),
    /// The root line is not the base64 of a 32-byte hash.
    #[error("root hash {0:?} is not canonical base64 of 32 bytes")]
    InvalidRoot(String),
    /// The signing or verifying key is not named after the checkpoint origin.
    #[error("key {key_name:?} does not belong to checkpoint origin {origin:?}")]
    OriginMismatch {
        /// The checkpoint origin.
        origin: String,
        /// The key's name.
        key_name: String,
    },
}

/// The content of a checkpoint: a log's tree head at some size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Unique identifier of the log, e.g. `example.com/log42`.
    pub origin: String,
    /// Number of leaves in the tree.
    pub size: u64,
    /// RFC 9162 root hash of the tree at `size`.
    pub root: Hash,
    /// Optional opaque extension lines (NOT RECOMMENDED by the spec; monitors cannot audit them).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Self {
        Self {
            origin: origin.into(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// Checks that the checkpoint formats to a valid body: non-empty origin and extension
    /// lines without ASCII control characters (in particular without newlines).
    pub fn validate(&self) -> Result<(), CheckpointError> {
        let lines = std::iter::once((1, &self.origin)).chain((4..).zip(&self.extensions));
        for (number, line) in lines {
            if line.is_empty() {
                return Err(CheckpointError::EmptyLine(number));
            }
            // The signed-note rule: no ASCII control characters (below U+0020) at all here,
            // since a newline would split the line.
            if line.chars().any(|c| c < '\u{20}') {
                return Err(CheckpointError::ControlCharacter(number));
            }
        }
        Ok(())
    }

    /// Parses a checkpoint body (the note text, final newline included).
    pub fn parse_body(text: &str) -> Result<Self, CheckpointError> {
        let body = text
            .strip_suffix('\n')
            .ok_or(CheckpointError::NotNewlineTerminated)?;
        let lines: Vec<&str> = body.split('\n').collect();
        if lines.len() < 3 {
            return Err(CheckpointError::TooFewLines(lines.len()));
        }
        let size =
            parse_decimal(lines[1]).ok_or_else(|| CheckpointError::InvalidSize(lines[1].into()))?;
        let root = b64_decode_hash(lines[2])
            .ok_or_else(|| CheckpointError::InvalidRoot(lines[2].into()))?;
        let checkpoint = Self {
            origin: lines[0].to_owned(),
            size,
            root,
            extensions: lines[3..].iter().map(|l| (*l).to_owned()).collect(),
        };
        checkpoint.validate()?;
        Ok(checkpoint)
    }

    /// Signs the checkpoint as a new note; the key must be named after the origin.
    pub fn sign(&self, log_key: &NoteSigner) -> Result<Note, CheckpointError> {
        self.validate()?;
        check_origin(&self.origin, log_key.name())?;
        let mut note = Note::new(self.to_string())?;
        note.sign(log_key)?;
        Ok(note)
    }
}

impl fmt::Display for Checkpoint {
    /// The checkpoint body, i.e. the note text, ending in a newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.origin)?;
        writeln!(f, "{}", self.size)?;
        writeln!(f, "{}", b64_encode(&self.root))?;
        self.extensions
            .iter()
            .try_for_each(|line| writeln!(f, "{line}"))
    }
}

/// A checkpoint together with the signed note it came in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedCheckpoint {
    /// The parsed body.
    pub checkpoint: Checkpoint,
    /// The note, with all its signature lines (log signature, cosignatures, unknown ones).
    pub note: Note,
}

impl SignedCheckpoint {
    /// Parses a signed checkpoint without verifying any signature.
    ///
    /// Useful when the origin decides which key to verify with, as in a witness; otherwise use
    /// [`open`](Self::open).
    pub fn parse(msg: &[u8]) -> Result<Self, CheckpointError> {
        let note = Note::parse(msg)?;
        let checkpoint = Checkpoint::parse_body(note.text())?;
        Ok(Self { checkpoint, note })
    }

    /// Parses a signed checkpoint and verifies the log's signature on it.
    pub fn open(msg: &[u8], log_key: &NoteVerifier) -> Result<Self, CheckpointError> {
        let signed = Self::parse(msg)?;
        signed.verify(log_key)?;
        Ok(signed)
    }

    /// Verifies that the log key, named after the origin, signed this checkpoint.
    pub fn verify(&self, log_key: &NoteVerifier) -> Result<(), CheckpointError> {
        check_origin(&self.checkpoint.origin, log_key.name())?;
        self.note.verify(&[log_key as &dyn SignatureVerifier])?;
        Ok(())
    }
}

impl fmt::Display for SignedCheckpoint {
    /// The signed note encoding of the checkpoint.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.note.fmt(f)
    }
}

/// Checks that a log key is named after the checkpoint origin.
fn check_origin(origin: &str, key_name: &str) -> Result<(), CheckpointError> {
    if origin == key_name {
        Ok(())
    } else {
        Err(CheckpointError::OriginMismatch {
            origin: origin.to_owned(),
            key_name: key_name.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXAMPLE: &str =
        "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";

    #[test]
    fn body_round_trips() {
        let cp = Checkpoint::parse_body(EXAMPLE).expect("spec example");
        assert_eq!(cp.origin, "example.com/behind-the-sofa");
        assert_eq!(cp.size, 20_852_163);
        assert!(cp.extensions.is_empty());
        assert_eq!(cp.to_string(), EXAMPLE);

        let with_ext = format!("{EXAMPLE}ext one\next two\n");
        let cp = Checkpoint::parse_body(&with_ext).expect("extensions");
        assert_eq!(cp.extensions, ["ext one", "ext two"]);
        assert_eq!(cp.to_string(), with_ext);
    }

    #[test]
    fn malformed_bodies_are_refused() {
        let root = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        let cases = [
            (
                format!("o\n1\n{root}"),
                CheckpointError::NotNewlineTerminated,
            ),
            ("o\n1\n".to_owned(), CheckpointError::TooFewLines(2)),
            (format!("\n1\n{root}\n"), CheckpointError::EmptyLine(1)),
            (
                format!("o\n01\n{root}\n"),
                CheckpointError::InvalidSize("01".into()),
            ),
            (
                format!("o\n-1\n{root}\n"),
                CheckpointError::InvalidSize("-1".into()),
            ),
            (
                "o\n1\nAAAA\n".to_owned(),
                CheckpointError::InvalidRoot("AAAA".into()),
            ),
            (format!("o\n1\n{root}\n\n"), CheckpointError::EmptyLine(4)),
            (
                format!("o\n1\n{root}\nx\ty\n"),
                CheckpointError::ControlCharacter(4),
            ),
        ];
        for (text, err) in cases {
            assert_eq!(Checkpoint::parse_body(&text), Err(err), "{text:?}");
        }
    }

    #[test]
    fn sign_and_open() {
        let key = NoteSigner::from_seed("example.com/log", &[9; 32]).expect("key");
        let cp = Checkpoint::new("example.com/log", 3, [5; 32]);
        let note = cp.sign(&key).expect("sign");
        let msg = note.to_string();
        let opened = SignedCheckpoint::open(msg.as_bytes(), &key.verifier()).expect("open");
        assert_eq!(opened.checkpoint, cp);
        assert_eq!(opened.to_string(), msg);

        let other = NoteSigner::from_seed("other.example/log", &[9; 32]).expect("key");
        assert_eq!(
            cp.sign(&other),
            Err(CheckpointError::OriginMismatch {
                origin: "example.com/log".into(),
                key_name: "other.example/log".into()
            })
        );
        assert!(matches!(
            SignedCheckpoint::open(msg.as_bytes(), &other.verifier()),
            Err(CheckpointError::OriginMismatch { .. })
        ));
        // Same name, different key: the signature is unknown to that verifier.
        let impostor = NoteSigner::from_seed("example.com/log", &[8; 32]).expect("key");
        assert_eq!(
            SignedCheckpoint::open(msg.as_bytes(), &impostor.verifier()),
            Err(CheckpointError::Note(NoteError::NoKnownSignature))
        );
    }

    #[test]
    fn invalid_checkpoints_are_not_signed() {
        let key = NoteSigner::from_seed("log", &[9; 32]).expect("key");
        let mut cp = Checkpoint::new("log", 0, [0; 32]);
        cp.extensions.push("two\nlines".into());
        assert_eq!(cp.sign(&key), Err(CheckpointError::ControlCharacter(4)));
    }
}
