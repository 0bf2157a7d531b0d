//! Ed25519 witness cosignatures (c2sp.org/tlog-cosignature, `cosignature/v1`).
//!
//! A cosignature is a note signature line on a checkpoint, by a cosigner key of signature type
//! 0x04, whose key ID is `SHA-256(name || 0x0A || 0x04 || public key)[:4]`. Its signature bytes
//! are `u64 big-endian timestamp || Ed25519 signature (64 bytes)` over the message
//!
//! ```text
//! cosignature/v1\ntime <timestamp>\n<checkpoint body>
//! ```
//!
//! It states that, as of the timestamp (POSIX seconds, at most 2^63 − 1), the largest consistent
//! tree the cosigner has seen for the origin is this one. The Ed25519 message does not commit
//! to the cosigner's name, so each cosigner needs its own key.

use std::fmt;

use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use thiserror::Error;

use crate::checkpoint::Checkpoint;
use crate::note::{
    KeyError, NoteSignature, SignatureVerifier, ed25519_signing_key, ed25519_verifying_key,
    format_key, format_signer_key, key_id, parse_signer_key, parse_verifier_key,
};

/// Signature type byte of Ed25519 `cosignature/v1` keys.
pub const KEY_TYPE_COSIGNATURE_V1: u8 = 0x04;

/// Largest timestamp a cosignature may carry: 2^63 − 1.
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// Length of the signature bytes of a cosignature: timestamp (8) and Ed25519 signature (64).
const SIGNATURE_LEN: usize = 8 + 64;

/// Why a cosignature could not be made or does not verify.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CosignatureError {
    /// The cosigner key is unusable.
    #[error("cosigner key: {0}")]
    Key(#[from] KeyError),
    /// A timestamp above 2^63 − 1.
    #[error("timestamp {0} exceeds 2^63 - 1")]
    TimestampTooLarge(u64),
    /// The signature line names another key than this cosigner.
    #[error("signature is by {name}+{key_id:08x}, not by this cosigner")]
    OtherKey {
        /// Key name on the signature line.
        name: String,
        /// Key ID on the signature line.
        key_id: u32,
    },
    /// The signature bytes are not a timestamp and an Ed25519 signature.
    #[error("cosignature has {0} bytes after the key ID instead of 72")]
    WrongLength(usize),
    /// The Ed25519 signature does not verify.
    #[error("cosignature does not verify")]
    InvalidSignature,
}

/// The message a `cosignature/v1` signs: header, time line, then the checkpoint note text.
pub fn cosigned_message(checkpoint_text: &str, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{checkpoint_text}")
}

/// An Ed25519 cosigner (witness) key.
#[derive(Clone)]
pub struct CosignatureSigner {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl fmt::Debug for CosignatureSigner {
    /// Shows the public identity only: the private key must not end up in logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CosignatureSigner({}+{:08x})", self.name, self.key_id)
    }
}

impl CosignatureSigner {
    /// Makes a cosigner key from a 32-byte Ed25519 seed, which the caller draws from a secure
    /// RNG.
    pub fn from_seed(name: &str, seed: &[u8; 32]) -> Result<Self, KeyError> {
        let (name, key) = ed25519_signing_key(name, seed)?;
        Ok(Self {
            key_id: key_id(
                &name,
                KEY_TYPE_COSIGNATURE_V1,
                key.verifying_key().as_bytes(),
            ),
            name,
            key,
        })
    }

    /// Parses `PRIVATE+KEY+<name>+<key ID>+base64(0x04 || seed)`.
    ///
    /// The C2SP specs define no private-key string for cosigners; this is the signed-note signer
    /// key convention applied to type 0x04, so the key can be stored like a log key.
    pub fn from_signer_key(skey: &str) -> Result<Self, KeyError> {
        let (name, key_id, key) = parse_signer_key(skey, KEY_TYPE_COSIGNATURE_V1)?;
        Ok(Self { name, key_id, key })
    }

    /// The signer key string (see [`from_signer_key`](Self::from_signer_key)). Keep it secret.
    pub fn signer_key(&self) -> String {
        format_signer_key(&self.name, self.key_id, KEY_TYPE_COSIGNATURE_V1, &self.key)
    }

    /// The cosigner name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// Cosigns a checkpoint at `timestamp` (POSIX seconds) and returns the signature line.
    pub fn cosign(
        &self,
        checkpoint: &Checkpoint,
        timestamp: u64,
    ) -> Result<NoteSignature, CosignatureError> {
        self.cosign_text(&checkpoint.to_string(), timestamp)
    }

    /// Cosigns a checkpoint given as its exact note text.
    pub(crate) fn cosign_text(
        &self,
        checkpoint_text: &str,
        timestamp: u64,
    ) -> Result<NoteSignature, CosignatureError> {
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        let message = cosigned_message(checkpoint_text, timestamp);
        let mut signature = timestamp.to_be_bytes().to_vec();
        signature.extend_from_slice(&self.key.sign(message.as_bytes()).to_bytes());
        Ok(NoteSignature {
            name: self.name.clone(),
            key_id: self.key_id,
            signature,
        })
    }
}

/// An Ed25519 cosigner (witness) public key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// A verifier for cosigner `name` and its Ed25519 public key.
    pub fn from_public_key(name: &str, public_key: &[u8; 32]) -> Result<Self, KeyError> {
        let (name, key) = ed25519_verifying_key(name, public_key)?;
        Ok(Self {
            key_id: key_id(&name, KEY_TYPE_COSIGNATURE_V1, public_key),
            name,
            key,
        })
    }

    /// Parses a verifier key `<name>+<key ID>+base64(0x04 || public key)`.
    pub fn from_verifier_key(vkey: &str) -> Result<Self, KeyError> {
        let (name, key_id, key) = parse_verifier_key(vkey, KEY_TYPE_COSIGNATURE_V1)?;
        Ok(Self { name, key_id, key })
    }

    /// The verifier key string.
    pub fn verifier_key(&self) -> String {
        format_key(
            &self.name,
            self.key_id,
            KEY_TYPE_COSIGNATURE_V1,
            self.key.as_bytes(),
        )
    }

    /// The 32-byte Ed25519 public key.
    pub fn public_key(&self) -> [u8; 32] {
        self.key.to_bytes()
    }

    /// Verifies this cosigner's signature line on a checkpoint and returns its timestamp.
    pub fn verify_cosignature(
        &self,
        checkpoint: &Checkpoint,
        signature: &NoteSignature,
    ) -> Result<u64, CosignatureError> {
        if signature.name != self.name || signature.key_id != self.key_id {
            return Err(CosignatureError::OtherKey {
                name: signature.name.clone(),
                key_id: signature.key_id,
            });
        }
        self.check(&checkpoint.to_string(), &signature.signature)
    }

    /// Checks signature bytes over a checkpoint text; returns the timestamp.
    fn check(&self, checkpoint_text: &str, bytes: &[u8]) -> Result<u64, CosignatureError> {
        let Some((time, sig)) = bytes
            .split_first_chunk::<8>()
            .filter(|_| bytes.len() == SIGNATURE_LEN)
        else {
            return Err(CosignatureError::WrongLength(bytes.len()));
        };
        let timestamp = u64::from_be_bytes(*time);
        if timestamp > MAX_TIMESTAMP {
            return Err(CosignatureError::TimestampTooLarge(timestamp));
        }
        let sig = Signature::from_slice(sig).map_err(|_| CosignatureError::InvalidSignature)?;
        let message = cosigned_message(checkpoint_text, timestamp);
        self.key
            .verify_strict(message.as_bytes(), &sig)
            .map_err(|_| CosignatureError::InvalidSignature)?;
        Ok(timestamp)
    }
}

impl SignatureVerifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }

    fn key_id(&self) -> u32 {
        self.key_id
    }

    /// Lets cosignatures be checked with [`Note::verify`](crate::Note::verify), the way the spec
    /// suggests clients check a witness response appended to the checkpoint.
    fn verify(&self, text: &str, signature: &[u8]) -> bool {
        self.check(text, signature).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::note::{Note, NoteError, NoteSigner};

    fn checkpoint() -> Checkpoint {
        Checkpoint::new("example.com/log", 20_852_163, [3; 32])
    }

    #[test]
    fn message_matches_the_spec_layout() {
        let text =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        assert_eq!(
            cosigned_message(text, 1_679_315_147),
            format!("cosignature/v1\ntime 1679315147\n{text}")
        );
    }

    #[test]
    fn cosign_and_verify() {
        let witness = CosignatureSigner::from_seed("witness.example/w1", &[4; 32]).expect("key");
        let sig = witness
            .cosign(&checkpoint(), 1_700_000_000)
            .expect("cosign");
        assert_eq!(sig.signature.len(), 72);
        assert_eq!(sig.signature[..8], 1_700_000_000u64.to_be_bytes());
        let verifier = witness.verifier();
        assert_eq!(
            verifier.verify_cosignature(&checkpoint(), &sig),
            Ok(1_700_000_000)
        );

        let mut other = checkpoint();
        other.size += 1;
        assert_eq!(
            verifier.verify_cosignature(&other, &sig),
            Err(CosignatureError::InvalidSignature)
        );
        let mut tampered = sig.clone();
        tampered.signature[7] ^= 1;
        assert_eq!(
            verifier.verify_cosignature(&checkpoint(), &tampered),
            Err(CosignatureError::InvalidSignature)
        );
        assert_eq!(
            witness.cosign(&checkpoint(), MAX_TIMESTAMP + 1),
            Err(CosignatureError::TimestampTooLarge(MAX_TIMESTAMP + 1))
        );
    }

    #[test]
    fn keys_use_type_0x04() {
        let witness = CosignatureSigner::from_seed("w", &[4; 32]).expect("key");
        let public = witness.verifier().public_key();
        assert_eq!(witness.key_id(), key_id("w", 0x04, &public));
        let vkey = witness.verifier().verifier_key();
        assert_eq!(
            CosignatureVerifier::from_verifier_key(&vkey),
            Ok(witness.verifier())
        );
        // The same key material as a plain note key has another type byte and key ID.
        assert_eq!(
            crate::note::NoteVerifier::from_verifier_key(&vkey),
            Err(KeyError::WrongKeyType {
                found: 0x04,
                expected: 0x01
            })
        );
        let skey = witness.signer_key();
        let again = CosignatureSigner::from_signer_key(&skey).expect("signer key");
        assert_eq!(again.verifier(), witness.verifier());
    }

    #[test]
    fn cosignatures_verify_through_notes() {
        let log = NoteSigner::from_seed("example.com/log", &[1; 32]).expect("key");
        let witness = CosignatureSigner::from_seed("witness.example/w1", &[2; 32]).expect("key");
        let mut note = checkpoint().sign(&log).expect("sign");
        let cosig = witness.cosign(&checkpoint(), 42).expect("cosign");
        note.add_signature(cosig).expect("add");
        let parsed = Note::parse(note.to_string().as_bytes()).expect("parse");
        let wv = witness.verifier();
        let lv = log.verifier();
        let verified = parsed.verify(&[&lv, &wv]).expect("verify");
        assert_eq!(verified.len(), 2);
        // A cosignature checked as a plain Ed25519 note signature of the same key fails.
        let as_note_key =
            crate::note::NoteVerifier::from_public_key("witness.example/w1", &wv.public_key())
                .expect("key");
        assert_eq!(
            parsed.verify(&[&as_note_key]),
            Err(NoteError::NoKnownSignature)
        );
    }
}
