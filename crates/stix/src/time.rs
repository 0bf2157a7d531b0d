//! STIX timestamps: RFC 3339 in UTC with a `Z`, written with exactly millisecond precision so that
//! a `modified` value read back compares equal to the one written.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An instant, in milliseconds since the Unix epoch, as STIX writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StixTime(pub i64);

/// Why a text is not a STIX timestamp.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a STIX timestamp (RFC 3339 in UTC ending in Z, e.g. 2026-01-08T06:00:00.000Z)"
)]
pub struct TimeError(pub String);

impl StixTime {
    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// Parses a STIX timestamp. Digits beyond the millisecond are dropped: the cell keeps time in
    /// milliseconds.
    pub fn parse(text: &str) -> Result<StixTime, TimeError> {
        let fail = || TimeError(text.to_string());
        if !text.ends_with('Z') || text.len() < 20 || text.as_bytes().get(10) != Some(&b'T') {
            return Err(fail());
        }
        chrono::DateTime::parse_from_rfc3339(text)
            .map(|t| StixTime(t.timestamp_millis()))
            .map_err(|_| fail())
    }
}

impl fmt::Display for StixTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => write!(f, "{}", t.format("%Y-%m-%dT%H:%M:%S%.3fZ")),
            None => write!(f, "@{}ms", self.0),
        }
    }
}

impl Serialize for StixTime {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StixTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StixTime, D::Error> {
        let text = String::deserialize(d)?;
        StixTime::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_with_milliseconds_in_utc() {
        assert_eq!(StixTime(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            StixTime(1_767_852_000_123).to_string(),
            "2026-01-08T06:00:00.123Z"
        );
    }

    #[test]
    fn read_back_equal_and_extra_precision_truncated() {
        let t = StixTime(1_767_852_000_123);
        assert_eq!(StixTime::parse(&t.to_string()), Ok(t));
        assert_eq!(
            StixTime::parse("2026-01-08T06:00:00.123456Z"),
            Ok(StixTime(1_767_852_000_123))
        );
        assert_eq!(
            StixTime::parse("2026-01-08T06:00:00Z"),
            Ok(StixTime(1_767_852_000_000))
        );
    }

    #[test]
    fn offsets_and_dates_alone_are_refused() {
        assert!(StixTime::parse("2026-01-08T08:00:00+02:00").is_err());
        assert!(StixTime::parse("2026-01-08").is_err());
        assert!(StixTime::parse("2026-01-08 06:00:00Z").is_err());
    }
}
