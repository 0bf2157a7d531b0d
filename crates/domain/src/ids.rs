//! Identifiers of parties, tracks, users and records.
//!
//! Every identifier is a short lowercase slug (`[a-z0-9][a-z0-9._-]{0,63}`), so ids are safe in
//! URLs, file names and log lines without escaping. Record ids (threads, messages) are random and
//! made at the edge, so a party cannot learn from an id how many records it cannot see.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Whether `text` is a valid identifier: 1 to 64 of `a-z 0-9 . _ -`, starting with a letter or digit.
pub fn is_valid_id(text: &str) -> bool {
    let bytes = text.as_bytes();
    !bytes.is_empty()
        && bytes.len() <= 64
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-')
        })
}

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Checks `text` and wraps it; `None` when it is not a valid identifier.
            pub fn new(text: &str) -> Option<Self> {
                is_valid_id(text).then(|| Self(text.to_string()))
            }

            /// The identifier as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = String::deserialize(d)?;
                Self::new(&text).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "`{text}` is not a valid identifier (1-64 of a-z 0-9 . _ -, starting with a letter or digit)"
                    ))
                })
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// A party to the cell, e.g. `il`, `sy`, or the supervising `us`.
    PartyId
);
id_type!(
    /// A track of the cell, e.g. `intelligence`, `de-escalation`, `diplomatic`, `commercial`.
    TrackId
);
id_type!(
    /// A user account, e.g. `il.liaison`.
    UserId
);
id_type!(
    /// A thread of messages on a track.
    ThreadId
);
id_type!(
    /// A message in a thread.
    MessageId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs() {
        assert!(PartyId::new("il").is_some());
        assert!(UserId::new("il.liaison").is_some());
        for bad in ["", "IL", "-x", "a b", "é", &"x".repeat(65), "a/b"] {
            assert!(PartyId::new(bad).is_none(), "{bad:?} should be refused");
        }
        let err = serde_json::from_str::<PartyId>("\"Il\"").unwrap_err();
        assert!(err.to_string().contains("not a valid identifier"));
    }
}
