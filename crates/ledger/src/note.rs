//! C2SP signed notes (c2sp.org/signed-note, v1) with Ed25519 keys.
//!
//! A signed note is a text ending in a newline, a blank line, and one or more signature lines
//! `— <key name> base64(key ID || signature)`. Keys are identified by their name and a 32-bit key
//! ID, `SHA-256(name || 0x0A || key type || public key)[:4]`, and are exchanged as text:
//!
//! - verifier key: `<name>+<8 hex digits key ID>+base64(key type || public key)`;
//! - signer key: `PRIVATE+KEY+<name>+<8 hex digits key ID>+base64(key type || seed)`.
//!
//! Behaviour follows the spec and the Go reference (`golang.org/x/mod/sumdb/note`): unknown
//! signatures are ignored, a known signature that fails rejects the note, a note with no
//! verified signature is rejected, repeated signatures by one key count once, and at most
//! [`MAX_SIGNATURES`] signature lines are accepted.

use std::fmt;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};
use thiserror::Error;

use crate::encoding::{b64_decode, b64_encode};

/// Signature type byte of plain Ed25519 note signatures.
pub const KEY_TYPE_ED25519: u8 = 0x01;

/// Most signature lines a note may carry; more is refused as malformed (the Go reference's cap,
/// well above the 16 the spec requires verifiers to accept).
pub const MAX_SIGNATURES: usize = 100;

/// The signature line prefix: U+2014 EM DASH then a space.
const SIGNATURE_PREFIX: &str = "\u{2014} ";

/// Prefix that marks a signer key, so it is never mistaken for a public verifier key.
const SIGNER_KEY_PREFIX: &str = "PRIVATE+KEY+";

/// Key ID of a key: the first four bytes, big-endian, of
/// `SHA-256(name || 0x0A || key_type || public_key)`.
pub fn key_id(name: &str, key_type: u8, public_key: &[u8]) -> u32 {
    let digest = Sha256::new()
        .chain_update(name.as_bytes())
        .chain_update([b'\n', key_type])
        .chain_update(public_key)
        .finalize();
    u32::from_be_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// Whether `name` may name a key: non-empty, without Unicode spaces or `+` (the spec's rule),
/// nor ASCII control characters, which no note line may contain.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty()
        && !name
            .chars()
            .any(|c| c.is_whitespace() || c == '+' || c < '\u{20}')
}

/// Why a key string or key could not be used.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KeyError {
    /// The key name is empty or has a space, `+` or control character.
    #[error(
        "invalid key name {0:?}: it must be non-empty, without spaces, '+' or control characters"
    )]
    InvalidName(String),
    /// A signer key string does not start with `PRIVATE+KEY+`.
    #[error("signer key does not start with PRIVATE+KEY+")]
    MissingPrivatePrefix,
    /// The key string does not have the `name+keyid+base64` shape.
    #[error("malformed key string: {0}")]
    Malformed(&'static str),
    /// The key material is of another signature type than expected.
    #[error("key type 0x{found:02x} where 0x{expected:02x} was expected")]
    WrongKeyType {
        /// Type byte found in the key string.
        found: u8,
        /// Type byte this kind of key must have.
        expected: u8,
    },
    /// The key material has the wrong length for an Ed25519 key.
    #[error("Ed25519 key material has {0} bytes instead of 32")]
    WrongKeyLength(usize),
    /// The 32 bytes are not a valid Ed25519 public key.
    #[error("not a valid Ed25519 public key")]
    InvalidPublicKey,
    /// The key ID in the string is not the one the name and key imply.
    #[error("key ID {stated:08x} does not match the computed key ID {computed:08x}")]
    KeyIdMismatch {
        /// Key ID written in the string.
        stated: u32,
        /// Key ID computed from the name and key.
        computed: u32,
    },
}

/// Why a note could not be built, parsed or verified.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NoteError {
    /// The note is not valid UTF-8.
    #[error("note is not valid UTF-8")]
    InvalidUtf8,
    /// The note contains an ASCII control character other than newline.
    #[error("note contains control character U+{code:04X} at byte {offset}")]
    ControlCharacter {
        /// The character's code point.
        code: u32,
        /// Its byte offset in the note.
        offset: usize,
    },
    /// The note text is empty or does not end in a newline.
    #[error("note text must end with a newline")]
    TextNotNewlineTerminated,
    /// No blank line separates text from signatures, or no signature follows it.
    #[error("note has no signature block after a blank line")]
    MissingSignatures,
    /// The signature block does not end with a newline.
    #[error("last signature line does not end with a newline")]
    UnterminatedSignatures,
    /// A signature line is malformed.
    #[error("signature line {line}: {reason}")]
    MalformedSignatureLine {
        /// 1-based number of the line within the signature block.
        line: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// More signature lines than [`MAX_SIGNATURES`].
    #[error("note has more than {MAX_SIGNATURES} signatures")]
    TooManySignatures,
    /// A signature's key name is not a valid key name.
    #[error("invalid signer name {0:?}")]
    InvalidSignerName(String),
    /// Two verifiers share a name and key ID, so signatures cannot be attributed.
    #[error("verifiers are ambiguous: more than one key {name}+{key_id:08x}")]
    AmbiguousVerifiers {
        /// The shared name.
        name: String,
        /// The shared key ID.
        key_id: u32,
    },
    /// A signature by a known key does not verify: the note is rejected as a whole.
    #[error("invalid signature by known key {name}+{key_id:08x}")]
    InvalidSignature {
        /// Name of the key.
        name: String,
        /// Key ID of the key.
        key_id: u32,
    },
    /// No signature by any known key.
    #[error("note has no signature by a known key")]
    NoKnownSignature,
}

/// One signature line of a note, verified or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteSignature {
    /// Name of the signing key.
    pub name: String,
    /// Key ID of the signing key.
    pub key_id: u32,
    /// Signature bytes following the key ID (their format depends on the key type).
    pub signature: Vec<u8>,
}

impl NoteSignature {
    /// Parses one signature line, without its final newline.
    ///
    /// `line` is the 1-based line number used in errors.
    fn parse_line(text: &str, line: usize) -> Result<Self, NoteError> {
        let malformed = |reason| NoteError::MalformedSignatureLine { line, reason };
        let rest = text
            .strip_prefix(SIGNATURE_PREFIX)
            .ok_or(malformed("does not start with an em dash and a space"))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or(malformed("no space between key name and signature"))?;
        if !is_valid_key_name(name) {
            return Err(NoteError::InvalidSignerName(name.to_owned()));
        }
        let bytes = b64_decode(b64).ok_or(malformed("signature is not canonical base64"))?;
        if bytes.len() < 5 {
            return Err(malformed("signature is shorter than a key ID and one byte"));
        }
        let (id, signature) = bytes.split_at(4);
        Ok(Self {
            name: name.to_owned(),
            key_id: u32::from_be_bytes([id[0], id[1], id[2], id[3]]),
            signature: signature.to_vec(),
        })
    }
}

impl fmt::Display for NoteSignature {
    /// Formats the signature line, including its final newline.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut bytes = self.key_id.to_be_bytes().to_vec();
        bytes.extend_from_slice(&self.signature);
        writeln!(f, "{SIGNATURE_PREFIX}{} {}", self.name, b64_encode(&bytes))
    }
}

/// A key that can check note signatures made under one name and key ID.
pub trait SignatureVerifier {
    /// The key name.
    fn name(&self) -> &str;
    /// The key ID.
    fn key_id(&self) -> u32;
    /// Whether `signature` (the bytes after the key ID) is valid for the note `text`.
    fn verify(&self, text: &str, signature: &[u8]) -> bool;
}

/// An Ed25519 (type 0x01) note signing key.
#[derive(Clone)]
pub struct NoteSigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl fmt::Debug for NoteSigner {
    /// Shows the public identity only: the private key must not end up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "NoteSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl NoteSigner {
    /// Makes a key from a 32-byte Ed25519 seed, which the caller draws from a secure RNG.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, KeyError> {
        let (name, key) = ed25519_signing_key(name, seed)?;
        Ok(Self {
            key_id: key_id(&name, KEY_TYPE_ED25519, key.verifying_key().as_bytes()),
            name,
            key,
        })
    }

    /// Parses a signer key `PRIVATE+KEY+<name>+<key ID>+base64(0x01 || seed)`.
    pub fn from_signer_key(skey: &str) -> Result<Self, KeyError> {
        let (name, key_id, key) = parse_signer_key(skey, KEY_TYPE_ED25519)?;
        Ok(Self { name, key_id, key })
    }

    /// The signer key string. It holds the private key: keep it secret.
    pub fn signer_key(&self) -> String {
        format_signer_key(&self.name, self.key_id, KEY_TYPE_ED25519, &self.key)
    }

    /// The key name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> NoteVerifier {
        NoteVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// Signs a note text (including its final newline) and returns the signature line.
    pub fn sign(&self, text: &str) -> NoteSignature {
        NoteSignature {
            name: self.name.clone(),
            key_id: self.key_id,
            signature: self.key.sign(text.as_bytes()).to_bytes().to_vec(),
        }
    }
}

/// An Ed25519 (type 0x01) note verifier key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl NoteVerifier {
    /// A verifier for `name` and an Ed25519 public key.
    pub fn from_public_key(name: &str, public_key: &[u8; 32]) -> Result<Self, KeyError> {
        let (name, key) = ed25519_verifying_key(name, public_key)?;
        Ok(Self {
            key_id: key_id(&name, KEY_TYPE_ED25519, public_key),
            name,
            key,
        })
    }

    /// Parses a verifier key `<name>+<key ID>+base64(0x01 || public key)`.
    pub fn from_verifier_key(vkey: &str) -> Result<Self, KeyError> {
        let (name, key_id, key) = parse_verifier_key(vkey, KEY_TYPE_ED25519)?;
        Ok(Self { name, key_id, key })
    }

    /// The verifier key string.
    pub fn verifier_key(&self) -> String {
        format_key(
            &self.name,
            self.key_id,
            KEY_TYPE_ED25519,
            self.key.as_bytes(),
        )
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }
}

impl SignatureVerifier for NoteVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    fn verify(&self, text: &str, signature: &[u8]) -> bool {
        Signature::from_slice(signature)
            .is_ok_and(|sig| self.key.verify_strict(text.as_bytes(), &sig).is_ok())
    }
}

/// A note: a text and its signature lines.
///
/// [`Display`](fmt::Display) gives the signed-note encoding: the text, a blank line, then the
/// signature lines in order. Parsing then formatting reproduces the input byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    text: String,
    signatures: Vec<NoteSignature>,
}

impl Note {
    /// An unsigned note over `text`, which must end in a newline and contain no control
    /// characters other than newlines.
    pub fn new(text: impl Into<String>) -> Result<Self, NoteError> {
        let text = text.into();
        check_characters(&text)?;
        if !text.ends_with('\n') {
            return Err(NoteError::TextNotNewlineTerminated);
        }
        Ok(Self {
            text,
            signatures: Vec::new(),
        })
    }

    /// Parses a signed note without checking any signature (see [`verify`](Self::verify)).
    ///
    /// The text is everything up to and including the newline before the *last* blank line;
    /// every line after it must be a well-formed signature line.
    pub fn parse(msg: &[u8]) -> Result<Self, NoteError> {
        let msg = std::str::from_utf8(msg).map_err(|_| NoteError::InvalidUtf8)?;
        check_characters(msg)?;
        let split = msg.rfind("\n\n").ok_or(NoteError::MissingSignatures)?;
        let (text, block) = (&msg[..=split], &msg[split + 2..]);
        if block.is_empty() {
            return Err(NoteError::MissingSignatures);
        }
        let block = block
            .strip_suffix('\n')
            .ok_or(NoteError::UnterminatedSignatures)?;
        let mut signatures = Vec::new();
        for (i, line) in block.split('\n').enumerate() {
            if i == MAX_SIGNATURES {
                return Err(NoteError::TooManySignatures);
            }
            signatures.push(NoteSignature::parse_line(line, i + 1)?);
        }
        Ok(Self {
            text: text.to_owned(),
            signatures,
        })
    }

    /// Parses a signed note and verifies it with `verifiers` (see [`verify`](Self::verify)).
    pub fn open(msg: &[u8], verifiers: &[&dyn SignatureVerifier]) -> Result<Self, NoteError> {
        let note = Self::parse(msg)?;
        note.verify(verifiers)?;
        Ok(note)
    }

    /// The note text, including its final newline.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// All signature lines, in order, verified or not.
    pub fn signatures(&self) -> &[NoteSignature] {
        &self.signatures
    }

    /// Verifies the note against known keys and returns the signatures they verified.
    ///
    /// Signatures whose (name, key ID) matches no verifier are ignored; one that matches a
    /// verifier but fails rejects the whole note; at least one must verify. A key's repeated
    /// signatures are checked once, as in the Go reference.
    pub fn verify(
        &self,
        verifiers: &[&dyn SignatureVerifier],
    ) -> Result<Vec<&NoteSignature>, NoteError> {
        for (i, a) in verifiers.iter().enumerate() {
            if verifiers[..i]
                .iter()
                .any(|b| a.name() == b.name() && a.key_id() == b.key_id())
            {
                return Err(NoteError::AmbiguousVerifiers {
                    name: a.name().to_owned(),
                    key_id: a.key_id(),
                });
            }
        }
        let mut verified: Vec<&NoteSignature> = Vec::new();
        for sig in &self.signatures {
            let Some(verifier) = verifiers
                .iter()
                .find(|v| v.name() == sig.name && v.key_id() == sig.key_id)
            else {
                continue;
            };
            if verified
                .iter()
                .any(|s| s.name == sig.name && s.key_id == sig.key_id)
            {
                continue;
            }
            if !verifier.verify(&self.text, &sig.signature) {
                return Err(NoteError::InvalidSignature {
                    name: sig.name.clone(),
                    key_id: sig.key_id,
                });
            }
            verified.push(sig);
        }
        if verified.is_empty() {
            return Err(NoteError::NoKnownSignature);
        }
        Ok(verified)
    }

    /// Adds a signature line, dropping any earlier one by the same key (as the Go reference
    /// does when re-signing).
    pub fn add_signature(&mut self, signature: NoteSignature) -> Result<(), NoteError> {
        if !is_valid_key_name(&signature.name) {
            return Err(NoteError::InvalidSignerName(signature.name));
        }
        self.signatures
            .retain(|s| !(s.name == signature.name && s.key_id == signature.key_id));
        if self.signatures.len() == MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        self.signatures.push(signature);
        Ok(())
    }

    /// Signs the note text with `signer` and adds the signature.
    pub fn sign(&mut self, signer: &NoteSigner) -> Result<(), NoteError> {
        let signature = signer.sign(&self.text);
        self.add_signature(signature)
    }
}

impl fmt::Display for Note {
    /// The signed-note encoding; a note without signatures is not a valid signed note.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.text)?;
        self.signatures.iter().try_for_each(|s| write!(f, "{s}"))
    }
}

/// Refuses ASCII control characters other than newline (the spec forbids them anywhere).
fn check_characters(text: &str) -> Result<(), NoteError> {
    match text
        .char_indices()
        .find(|&(_, c)| c < '\u{20}' && c != '\n')
    {
        Some((offset, c)) => Err(NoteError::ControlCharacter {
            code: u32::from(c),
            offset,
        }),
        None => Ok(()),
    }
}

/// Formats `<name>+<key ID>+base64(key_type || material)`.
pub(crate) fn format_key(name: &str, key_id: u32, key_type: u8, material: &[u8]) -> String {
    let mut bytes = vec![key_type];
    bytes.extend_from_slice(material);
    format!("{name}+{key_id:08x}+{}", b64_encode(&bytes))
}

/// Formats a signer key for an Ed25519 seed of the given type.
pub(crate) fn format_signer_key(name: &str, key_id: u32, key_type: u8, key: &SigningKey) -> String {
    format!(
        "{SIGNER_KEY_PREFIX}{}",
        format_key(name, key_id, key_type, key.as_bytes())
    )
}

/// Splits `<name>+<key ID>+base64(type || 32 bytes)`; checks the name, ID syntax and type.
fn split_key(key: &str, key_type: u8) -> Result<(String, u32, [u8; 32]), KeyError> {
    // The base64 part may itself contain '+', so split at the first two only.
    let mut parts = key.splitn(3, '+');
    let (Some(name), Some(id), Some(b64)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(KeyError::Malformed("expected <name>+<key ID>+<base64 key>"));
    };
    if !is_valid_key_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    if id.len() != 8 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(KeyError::Malformed("key ID is not 8 hexadecimal digits"));
    }
    let key_id = u32::from_str_radix(id, 16)
        .map_err(|_| KeyError::Malformed("key ID is not hexadecimal"))?;
    let bytes = b64_decode(b64).ok_or(KeyError::Malformed("key is not canonical base64"))?;
    let (&found, material) = bytes
        .split_first()
        .ok_or(KeyError::Malformed("key is empty"))?;
    if found != key_type {
        return Err(KeyError::WrongKeyType {
            found,
            expected: key_type,
        });
    }
    let material: [u8; 32] = material
        .try_into()
        .map_err(|_| KeyError::WrongKeyLength(material.len()))?;
    Ok((name.to_owned(), key_id, material))
}

/// Checks a computed key ID against the one a key string states.
fn check_key_id(stated: u32, computed: u32) -> Result<(), KeyError> {
    if stated == computed {
        Ok(())
    } else {
        Err(KeyError::KeyIdMismatch { stated, computed })
    }
}

/// Parses an Ed25519 verifier key string of `key_type`.
pub(crate) fn parse_verifier_key(
    vkey: &str,
    key_type: u8,
) -> Result<(String, u32, VerifyingKey), KeyError> {
    let (name, stated, public) = split_key(vkey, key_type)?;
    check_key_id(stated, key_id(&name, key_type, &public))?;
    let key = VerifyingKey::from_bytes(&public).map_err(|_| KeyError::InvalidPublicKey)?;
    Ok((name, stated, key))
}

/// Parses an Ed25519 signer key string of `key_type`; its key ID is that of the public key.
pub(crate) fn parse_signer_key(
    skey: &str,
    key_type: u8,
) -> Result<(String, u32, SigningKey), KeyError> {
    let rest = skey
        .strip_prefix(SIGNER_KEY_PREFIX)
        .ok_or(KeyError::MissingPrivatePrefix)?;
    let (name, stated, seed) = split_key(rest, key_type)?;
    let key = SigningKey::from_bytes(&seed);
    check_key_id(
        stated,
        key_id(&name, key_type, key.verifying_key().as_bytes()),
    )?;
    Ok((name, stated, key))
}

/// Validates `name` and makes a signing key from `seed`.
pub(crate) fn ed25519_signing_key(
    name: &str,
    seed: &[u8; 32],
) -> Result<(String, SigningKey), KeyError> {
    if !is_valid_key_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    Ok((name.to_owned(), SigningKey::from_bytes(seed)))
}

/// Validates `name` and decodes an Ed25519 public key.
pub(crate) fn ed25519_verifying_key(
    name: &str,
    public_key: &[u8; 32],
) -> Result<(String, VerifyingKey), KeyError> {
    if !is_valid_key_name(name) {
        return Err(KeyError::InvalidName(name.to_owned()));
    }
    let key = VerifyingKey::from_bytes(public_key).map_err(|_| KeyError::InvalidPublicKey)?;
    Ok((name.to_owned(), key))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "If you think cryptography is the answer to your problem,\n\
                        then you don't know what your problem is.\n";

    fn signer(name: &str, seed: u8) -> NoteSigner {
        NoteSigner::from_seed(name, &[seed; 32]).expect("valid key")
    }

    fn signed(signers: &[&NoteSigner]) -> String {
        let mut note = Note::new(TEXT).expect("text");
        for s in signers {
            note.sign(s).expect("sign");
        }
        note.to_string()
    }

    #[test]
    fn keys_round_trip_through_their_strings() {
        let s = signer("example.com/log", 1);
        let again = NoteSigner::from_signer_key(&s.signer_key()).expect("skey");
        assert_eq!(again.verifier(), s.verifier());
        let vkey = s.verifier().verifier_key();
        assert!(vkey.starts_with(&format!("example.com/log+{:08x}+", s.key_id())));
        assert_eq!(NoteVerifier::from_verifier_key(&vkey), Ok(s.verifier()));
        assert_eq!(
            NoteVerifier::from_public_key("example.com/log", &s.verifier().public_key()),
            Ok(s.verifier())
        );
        assert!(format!("{s:?}").contains("example.com/log"));
        assert!(!format!("{s:?}").contains(&s.signer_key()[25..]));
    }

    #[test]
    fn malformed_keys_are_refused() {
        let vkey = signer("n", 1).verifier().verifier_key();
        let (_, rest) = vkey.split_once('+').expect("plus");
        let cases = [
            (
                "n".to_owned(),
                KeyError::Malformed("expected <name>+<key ID>+<base64 key>"),
            ),
            (format!("+{rest}"), KeyError::InvalidName(String::new())),
            (format!("a b+{rest}"), KeyError::InvalidName("a b".into())),
            (
                format!("m+{rest}"),
                KeyError::KeyIdMismatch {
                    stated: u32::from_str_radix(&rest[..8], 16).expect("hex"),
                    computed: key_id("m", 1, &signer("n", 1).verifier().public_key()),
                },
            ),
            (
                format!("n+1234567+{}", &rest[9..]),
                KeyError::Malformed("key ID is not 8 hexadecimal digits"),
            ),
            (
                format!("n+{}+AQ==", &rest[..8]),
                KeyError::WrongKeyLength(0),
            ),
            (
                format!("n+{}+Ag==", &rest[..8]),
                KeyError::WrongKeyType {
                    found: 2,
                    expected: 1,
                },
            ),
            (
                format!("n+{}+!!", &rest[..8]),
                KeyError::Malformed("key is not canonical base64"),
            ),
        ];
        for (key, err) in cases {
            assert_eq!(NoteVerifier::from_verifier_key(&key), Err(err), "{key}");
        }
        assert_eq!(
            NoteSigner::from_signer_key(&vkey).map(|s| s.key_id()),
            Err(KeyError::MissingPrivatePrefix)
        );
        assert_eq!(
            NoteSigner::from_seed("has+plus", &[0; 32]).map(|s| s.key_id()),
            Err(KeyError::InvalidName("has+plus".into()))
        );
    }

    #[test]
    fn parse_and_format_round_trip() {
        let (a, b) = (signer("a.example", 1), signer("b.example", 2));
        let msg = signed(&[&a, &b]);
        let note = Note::parse(msg.as_bytes()).expect("parse");
        assert_eq!(note.text(), TEXT);
        assert_eq!(note.signatures().len(), 2);
        assert_eq!(note.to_string(), msg);
    }

    #[test]
    fn text_may_contain_blank_lines() {
        let s = signer("a.example", 1);
        let mut note = Note::new("first\n\nsecond\n").expect("text");
        note.sign(&s).expect("sign");
        let parsed = Note::open(note.to_string().as_bytes(), &[&s.verifier()]).expect("open");
        assert_eq!(parsed.text(), "first\n\nsecond\n");
    }

    #[test]
    fn unknown_signatures_are_ignored_and_known_ones_must_verify() {
        let (a, b) = (signer("a.example", 1), signer("b.example", 2));
        let msg = signed(&[&a, &b]);
        let note = Note::parse(msg.as_bytes()).expect("parse");
        let verified = note.verify(&[&b.verifier()]).expect("b verifies");
        assert_eq!(verified.len(), 1);
        assert_eq!(verified[0].name, "b.example");

        // Same name, other key: unknown, so ignored; with nothing else known, refused.
        let impostor = signer("a.example", 3);
        assert_eq!(
            note.verify(&[&impostor.verifier()]),
            Err(NoteError::NoKnownSignature)
        );
        assert_eq!(note.verify(&[]), Err(NoteError::NoKnownSignature));

        // A known key whose signature fails rejects the whole note, even if another verifies.
        let mut forged = note.clone();
        forged.signatures[0].signature[0] ^= 1;
        assert_eq!(
            forged.verify(&[&a.verifier(), &b.verifier()]),
            Err(NoteError::InvalidSignature {
                name: "a.example".into(),
                key_id: a.key_id()
            })
        );
        assert_eq!(
            note.verify(&[&a.verifier(), &a.verifier()]),
            Err(NoteError::AmbiguousVerifiers {
                name: "a.example".into(),
                key_id: a.key_id()
            })
        );
    }

    #[test]
    fn repeated_signatures_count_once_and_resigning_replaces() {
        let a = signer("a.example", 1);
        let msg = signed(&[&a]);
        let line = msg.rsplit_once("\n\n").expect("split").1;
        let doubled = format!("{msg}{line}");
        let note = Note::parse(doubled.as_bytes()).expect("parse");
        assert_eq!(note.signatures().len(), 2);
        assert_eq!(note.verify(&[&a.verifier()]).map(|v| v.len()), Ok(1));

        let mut note = Note::parse(msg.as_bytes()).expect("parse");
        note.sign(&a).expect("re-sign");
        assert_eq!(note.signatures().len(), 1);
    }

    #[test]
    fn malformed_notes_are_refused() {
        let a = signer("a.example", 1);
        let msg = signed(&[&a]);
        let line = msg.rsplit_once("\n\n").expect("split").1;
        let sig_b64 = line.rsplit_once(' ').expect("space").1.trim_end();
        let bad_line = |reason| NoteError::MalformedSignatureLine { line: 1, reason };
        let cases: Vec<(Vec<u8>, NoteError)> = vec![
            (b"text\n".to_vec(), NoteError::MissingSignatures),
            (b"text\n\n".to_vec(), NoteError::MissingSignatures),
            (
                msg.trim_end().as_bytes().to_vec(),
                NoteError::UnterminatedSignatures,
            ),
            (vec![b't', 0xff, b'\n', b'\n'], NoteError::InvalidUtf8),
            (
                msg.replacen("If", "I\tf", 1).into_bytes(),
                NoteError::ControlCharacter { code: 9, offset: 1 },
            ),
            (
                msg.replacen("\u{2014} ", "-- ", 1).into_bytes(),
                bad_line("does not start with an em dash and a space"),
            ),
            (
                format!("{TEXT}\n\u{2014} a.example\n").into_bytes(),
                bad_line("no space between key name and signature"),
            ),
            (
                format!("{TEXT}\n\u{2014} a.example {sig_b64}x\n").into_bytes(),
                bad_line("signature is not canonical base64"),
            ),
            (
                format!("{TEXT}\n\u{2014} a.example AQIDBA==\n").into_bytes(),
                bad_line("signature is shorter than a key ID and one byte"),
            ),
            (
                format!("{TEXT}\n\u{2014} a+b {sig_b64}\n").into_bytes(),
                NoteError::InvalidSignerName("a+b".into()),
            ),
            (
                format!("{msg}\n").into_bytes(),
                NoteError::MissingSignatures,
            ),
            (
                format!("{TEXT}\n{}", line.repeat(MAX_SIGNATURES + 1)).into_bytes(),
                NoteError::TooManySignatures,
            ),
        ];
        for (input, err) in cases {
            assert_eq!(
                Note::parse(&input),
                Err(err),
                "{}",
                String::from_utf8_lossy(&input)
            );
        }
        assert_eq!(
            Note::parse(format!("{TEXT}\n{}", line.repeat(MAX_SIGNATURES)).as_bytes())
                .map(|n| n.signatures().len()),
            Ok(MAX_SIGNATURES)
        );
    }

    #[test]
    fn unsigned_text_must_be_valid() {
        assert_eq!(
            Note::new("no newline"),
            Err(NoteError::TextNotNewlineTerminated)
        );
        assert_eq!(Note::new(""), Err(NoteError::TextNotNewlineTerminated));
        assert_eq!(
            Note::new("bell\u{7}\n"),
            Err(NoteError::ControlCharacter { code: 7, offset: 4 })
        );
    }
}
