//! Markings and grading: TLP 2.0 and the Admiralty scale.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The Traffic Light Protocol 2.0 marking of a report: what recipients may do with it beyond the
/// cell. How it limits who sees what inside the cell is [`crate::intel::release`]'s rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tlp {
    /// Disclosure is not limited.
    #[serde(rename = "CLEAR")]
    Clear,
    /// Limited to the recipients' community.
    #[serde(rename = "GREEN")]
    Green,
    /// Limited to the recipients' organisations and their clients, on a need-to-know basis.
    #[serde(rename = "AMBER")]
    Amber,
    /// Limited to the recipients' organisations only.
    #[serde(rename = "AMBER+STRICT")]
    AmberStrict,
    /// For the eyes and ears of the individual recipients only.
    #[serde(rename = "RED")]
    Red,
}

impl Tlp {
    /// Every marking, least restrictive first.
    pub const ALL: [Tlp; 5] = [
        Tlp::Clear,
        Tlp::Green,
        Tlp::Amber,
        Tlp::AmberStrict,
        Tlp::Red,
    ];

    /// The marking as written, e.g. `AMBER+STRICT`.
    pub fn as_str(self) -> &'static str {
        match self {
            Tlp::Clear => "CLEAR",
            Tlp::Green => "GREEN",
            Tlp::Amber => "AMBER",
            Tlp::AmberStrict => "AMBER+STRICT",
            Tlp::Red => "RED",
        }
    }

    /// Parses a marking as written (`TLP:` prefix and case are tolerated).
    pub fn parse(text: &str) -> Option<Tlp> {
        let t = text.trim().to_ascii_uppercase();
        let t = t.strip_prefix("TLP:").unwrap_or(&t);
        Tlp::ALL.into_iter().find(|m| m.as_str() == t)
    }

    /// Whether each recipient must keep the report to itself: AMBER+STRICT and RED. Then a
    /// recipient's acknowledgement, feedback, corroboration and sightings are not shown to the
    /// other recipients either (see [`crate::intel::release::response_audience`]).
    pub fn is_strict(self) -> bool {
        matches!(self, Tlp::AmberStrict | Tlp::Red)
    }
}

impl fmt::Display for Tlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Admiralty source reliability, A (completely reliable) to F (cannot be judged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Reliability {
    /// Completely reliable.
    A,
    /// Usually reliable.
    B,
    /// Fairly reliable.
    C,
    /// Not usually reliable.
    D,
    /// Unreliable.
    E,
    /// Reliability cannot be judged.
    F,
}

impl Reliability {
    /// Every grade, A first.
    pub const ALL: [Reliability; 6] = [
        Reliability::A,
        Reliability::B,
        Reliability::C,
        Reliability::D,
        Reliability::E,
        Reliability::F,
    ];

    /// The grade's letter.
    pub fn as_str(self) -> &'static str {
        match self {
            Reliability::A => "A",
            Reliability::B => "B",
            Reliability::C => "C",
            Reliability::D => "D",
            Reliability::E => "E",
            Reliability::F => "F",
        }
    }

    /// Parses a letter.
    pub fn parse(text: &str) -> Option<Reliability> {
        Reliability::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// Admiralty information credibility, 1 (confirmed by other sources) to 6 (cannot be judged).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Credibility(u8);

impl Credibility {
    /// The grade, if `grade` is 1 to 6.
    pub fn new(grade: u8) -> Option<Credibility> {
        (1..=6).contains(&grade).then_some(Credibility(grade))
    }

    /// The grade, 1 to 6.
    pub fn grade(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Credibility {
    type Error = String;
    fn try_from(grade: u8) -> Result<Self, Self::Error> {
        Credibility::new(grade).ok_or_else(|| format!("credibility {grade} is not 1 to 6"))
    }
}

impl From<Credibility> for u8 {
    fn from(c: Credibility) -> u8 {
        c.0
    }
}
