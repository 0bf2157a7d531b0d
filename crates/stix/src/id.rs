//! STIX identifiers: `<object type>--<UUID>`.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha1::{Digest, Sha1};
use uuid::Uuid;

/// The namespace of the UUIDv5 ids derived from Fusion Cell record ids. Fixed forever: changing
/// it would give every exported object a new id.
const NAMESPACE: Uuid = Uuid::from_u128(0x50363afe_823f_44b6_9237_90549ef08f22);

/// A STIX identifier, e.g. `report--3b9e…`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StixId {
    object_type: String,
    uuid: Uuid,
}

/// Why a text is not a STIX identifier.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// No `--` between type and UUID.
    #[error("`{0}` is not of the form <type>--<uuid>")]
    Shape(String),
    /// The type part is not a STIX type name.
    #[error("`{0}` is not a STIX type name (3 to 250 lowercase letters, digits and hyphens)")]
    Type(String),
    /// The UUID part is not an RFC 4122 UUID.
    #[error("`{0}` is not an RFC 4122 UUID")]
    Uuid(String),
}

/// Whether `name` is a valid STIX type name: 3 to 250 characters of lowercase ASCII letters,
/// digits and single hyphens, starting with a letter or digit.
pub fn is_type_name(name: &str) -> bool {
    (3..=250).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.contains("--")
}

/// The name-based UUID of `name` in `namespace` (RFC 9562 §5.5: SHA-1, version 5).
fn uuid_v5(namespace: &Uuid, name: &[u8]) -> Uuid {
    let mut hash = Sha1::new();
    hash.update(namespace.as_bytes());
    hash.update(name);
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    Uuid::from_bytes(bytes)
}

impl StixId {
    /// The id of type `object_type` derived from `name` (UUIDv5 in the Fusion Cell namespace).
    /// The same record always gets the same id, so a re-export updates instead of duplicating.
    pub fn derived(object_type: &str, name: &str) -> StixId {
        StixId {
            object_type: object_type.to_string(),
            uuid: uuid_v5(&NAMESPACE, name.as_bytes()),
        }
    }

    /// Parses and checks an identifier.
    pub fn parse(text: &str) -> Result<StixId, IdError> {
        let (object_type, uuid) = text
            .split_once("--")
            .ok_or_else(|| IdError::Shape(text.to_string()))?;
        if !is_type_name(object_type) {
            return Err(IdError::Type(object_type.to_string()));
        }
        let parsed = Uuid::try_parse(uuid).map_err(|_| IdError::Uuid(uuid.to_string()))?;
        if parsed.get_variant() != uuid::Variant::RFC4122 || uuid.len() != 36 {
            return Err(IdError::Uuid(uuid.to_string()));
        }
        Ok(StixId {
            object_type: object_type.to_string(),
            uuid: parsed,
        })
    }

    /// The object type the id names.
    pub fn object_type(&self) -> &str {
        &self.object_type
    }

    /// The UUID part, as 36 lowercase characters.
    pub fn uuid(&self) -> String {
        self.uuid.hyphenated().to_string()
    }
}

impl fmt::Display for StixId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}--{}", self.object_type, self.uuid.hyphenated())
    }
}

impl Serialize for StixId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StixId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StixId, D::Error> {
        let text = String::deserialize(d)?;
        StixId::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derived_ids_are_stable_version_5_and_distinct() {
        let a = StixId::derived("report", "ir-1");
        assert_eq!(a, StixId::derived("report", "ir-1"));
        assert_ne!(a, StixId::derived("report", "ir-2"));
        assert_eq!(a.uuid.get_version_num(), 5);
        assert_eq!(StixId::parse(&a.to_string()).unwrap(), a);
    }

    #[test]
    fn derived_ids_match_the_uuid_v5_algorithm() {
        // RFC 9562 appendix A.4's example: the DNS namespace and "www.example.com".
        assert_eq!(
            uuid_v5(&Uuid::NAMESPACE_DNS, b"www.example.com").to_string(),
            "2ed6657d-e927-568b-95e1-2665a8aea6a2"
        );
    }

    #[test]
    fn malformed_ids_are_refused_with_the_reason() {
        assert!(matches!(StixId::parse("report"), Err(IdError::Shape(_))));
        assert!(matches!(
            StixId::parse("Report--6ba7b810-9dad-11d1-80b4-00c04fd430c8"),
            Err(IdError::Type(_))
        ));
        assert!(matches!(
            StixId::parse("report--not-a-uuid"),
            Err(IdError::Uuid(_))
        ));
        assert!(StixId::parse("report--6ba7b810-9dad-11d1-80b4-00c04fd430c8").is_ok());
    }
}
