//! Base64 and decimal helpers shared by the text formats.
//!
//! Every C2SP text format uses standard, padded base64 (RFC 4648 §4) and ASCII decimals without
//! leading zeroes. Decoding here is strict (canonical padding, no stray bits, exact lengths) so
//! that each value has exactly one accepted encoding and parse/format round-trips byte for byte.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::merkle::Hash;

/// Encodes bytes as standard padded base64.
pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard padded base64, rejecting non-canonical encodings.
pub(crate) fn b64_decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// Decodes a base64 SHA-256 hash; `None` unless it is canonical base64 of exactly 32 bytes.
pub(crate) fn b64_decode_hash(text: &str) -> Option<Hash> {
    b64_decode(text)?.try_into().ok()
}

/// Parses an ASCII decimal `u64` with no sign and no leading zeroes (`0` itself is allowed).
///
/// `str::parse` alone would accept `+5` and `007`, which the formats forbid.
pub(crate) fn parse_decimal(text: &str) -> Option<u64> {
    let canonical = !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'));
    if canonical { text.parse().ok() } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_rejects_non_canonical_forms() {
        assert_eq!(parse_decimal("0"), Some(0));
        assert_eq!(parse_decimal("20852163"), Some(20_852_163));
        assert_eq!(parse_decimal("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "00",
            "007",
            "+5",
            "-1",
            " 1",
            "1 ",
            "1e3",
            "18446744073709551616",
        ] {
            assert_eq!(parse_decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn hash_decoding_is_strict() {
        let h = [7u8; 32];
        let text = b64_encode(&h);
        assert_eq!(b64_decode_hash(&text), Some(h));
        assert_eq!(b64_decode_hash(&text[..text.len() - 1]), None);
        assert_eq!(b64_decode_hash(&b64_encode(&[7u8; 31])), None);
        // "AB==" carries stray low bits in the last symbol: not canonical.
        assert_eq!(b64_decode("AB=="), None);
        assert_eq!(b64_decode("AA=="), Some(vec![0]));
    }
}
