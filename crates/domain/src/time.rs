//! Time as the domain sees it: instants and spans passed in from the edge, never read from a clock here.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An instant, in milliseconds since the Unix epoch (UTC).
///
/// The domain never reads a clock: every decision takes `now` as an argument, so tests can drive
/// time exactly and replays are deterministic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }

    /// This instant moved forward by `span`, saturating instead of overflowing.
    pub fn plus(self, span: Span) -> Timestamp {
        Timestamp(self.0.saturating_add(span.0))
    }

    /// Milliseconds from `earlier` to `self` (negative when `earlier` is later).
    pub fn millis_since(self, earlier: Timestamp) -> i64 {
        self.0.saturating_sub(earlier.0)
    }

    /// RFC 3339 text in UTC with millisecond precision, e.g. `2026-01-06T12:00:00.000Z`.
    pub fn to_rfc3339(self) -> String {
        match chrono::DateTime::from_timestamp_millis(self.0) {
            Some(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            None => format!("@{}ms", self.0),
        }
    }

    /// Parses RFC 3339 text (any offset) into an instant.
    pub fn parse_rfc3339(text: &str) -> Option<Timestamp> {
        chrono::DateTime::parse_from_rfc3339(text)
            .ok()
            .map(|t| Timestamp(t.timestamp_millis()))
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

/// A length of time in milliseconds, written in configuration as `90s`, `5m`, `1h`, `2d` or
/// combinations such as `1h30m`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span(pub i64);

impl Span {
    /// A span of whole seconds.
    pub const fn seconds(s: i64) -> Span {
        Span(s * 1000)
    }

    /// A span of whole minutes.
    pub const fn minutes(m: i64) -> Span {
        Span(m * 60_000)
    }

    /// A span of whole hours.
    pub const fn hours(h: i64) -> Span {
        Span(h * 3_600_000)
    }

    /// Milliseconds in this span.
    pub fn millis(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        if rest == 0 {
            return f.write_str("0s");
        }
        for (unit, size) in [
            ("d", 86_400_000),
            ("h", 3_600_000),
            ("m", 60_000),
            ("s", 1000),
        ] {
            if rest >= size {
                write!(f, "{}{unit}", rest / size)?;
                rest %= size;
            }
        }
        if rest > 0 {
            write!(f, "{rest}ms")?;
        }
        Ok(())
    }
}

/// Why a span could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{0}` is not a duration: write it as a number with a unit, e.g. 90s, 5m, 1h, 2d or 1h30m")]
pub struct SpanParseError(pub String);

impl FromStr for Span {
    type Err = SpanParseError;

    fn from_str(text: &str) -> Result<Span, SpanParseError> {
        let bad = || SpanParseError(text.to_string());
        let mut total: i64 = 0;
        let mut digits = String::new();
        let mut chars = text.trim().chars().peekable();
        let mut any = false;
        while let Some(c) = chars.next() {
            if c.is_ascii_digit() {
                digits.push(c);
                continue;
            }
            let unit = if c == 'm' && chars.peek() == Some(&'s') {
                chars.next();
                1
            } else {
                match c {
                    's' => 1000,
                    'm' => 60_000,
                    'h' => 3_600_000,
                    'd' => 86_400_000,
                    _ => return Err(bad()),
                }
            };
            let n: i64 = digits.parse().map_err(|_| bad())?;
            digits.clear();
            total = n
                .checked_mul(unit)
                .and_then(|v| total.checked_add(v))
                .ok_or_else(bad)?;
            any = true;
        }
        if !digits.is_empty() || !any {
            return Err(bad());
        }
        Ok(Span(total))
    }
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_parse_and_print() {
        assert_eq!("5m".parse::<Span>().unwrap(), Span::minutes(5));
        assert_eq!("1h30m".parse::<Span>().unwrap(), Span(5_400_000));
        assert_eq!("250ms".parse::<Span>().unwrap(), Span(250));
        assert_eq!(Span(5_400_000).to_string(), "1h30m");
        assert_eq!(Span::hours(24).to_string(), "1d");
        for bad in ["", "5", "m", "5x", "-5m", "99999999999999999999d"] {
            assert!(bad.parse::<Span>().is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn timestamps_round_trip_rfc3339() {
        let t = Timestamp(1_767_700_800_123);
        assert_eq!(t.to_rfc3339(), "2026-01-06T12:00:00.123Z");
        assert_eq!(Timestamp::parse_rfc3339(&t.to_rfc3339()), Some(t));
        assert_eq!(t.plus(Span::seconds(1)).millis_since(t), 1000);
    }
}
