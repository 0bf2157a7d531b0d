//! Commitments to the cell's events: what the log's leaves are.
//!
//! The log never holds event bytes. Each leaf's data is the 32-byte commitment
//!
//! ```text
//! entry_commitment(salt, event) = SHA-256("fusioncell/entry/v1" || 0x00 || salt || event)
//! ```
//!
//! and the Merkle leaf hash is, as for any entry, `SHA-256(0x00 || commitment)`.
//!
//! - The prefix separates this hash from every other SHA-256 use (leaf and node hashes, key
//!   IDs, other protocols); the `0x00` ends it so no prefix can be extended into another one.
//! - The per-entry 32-byte random salt hides the event: publishing the log (tiles, proofs) does
//!   not let anyone confirm a guess of an event's contents, while the holder of the opening
//!   `(salt, event)` can show exactly which event a leaf commits to.
//! - The salt has a fixed length, so `salt || event` splits in only one way.

use sha2::{Digest, Sha256};

use crate::merkle::Hash;

/// Domain-separation prefix of entry commitments, including its terminating NUL byte.
pub const ENTRY_COMMITMENT_DOMAIN: &[u8] = b"fusioncell/entry/v1\0";

/// Commitment to one event: `SHA-256(ENTRY_COMMITMENT_DOMAIN || salt || event_bytes)`.
///
/// This 32-byte value is the data of the event's Merkle leaf; `salt` must be fresh randomness
/// for each entry and is kept, with the event, as the commitment's opening.
pub fn entry_commitment(salt: &[u8; 32], event_bytes: &[u8]) -> Hash {
    Sha256::new()
        .chain_update(ENTRY_COMMITMENT_DOMAIN)
        .chain_update(salt)
        .chain_update(event_bytes)
        .finalize()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commitment_is_sha256_of_prefix_salt_and_event() {
        let salt = [0x11; 32];
        let mut preimage = b"fusioncell/entry/v1\0".to_vec();
        preimage.extend_from_slice(&salt);
        preimage.extend_from_slice(b"event");
        let want: Hash = Sha256::digest(&preimage).into();
        assert_eq!(entry_commitment(&salt, b"event"), want);
    }

    #[test]
    fn salt_and_event_both_bind() {
        let base = entry_commitment(&[0; 32], b"event");
        assert_ne!(base, entry_commitment(&[1; 32], b"event"));
        assert_ne!(base, entry_commitment(&[0; 32], b"event!"));
    }
}
