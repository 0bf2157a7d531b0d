//! Time values. The crate never reads a clock: callers pass instants in.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// An instant, in milliseconds since the Unix epoch (UTC).
///
/// A plain `i64` keeps the crate free of clocks and calendar libraries; the server converts at
/// its edges.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// Milliseconds since the Unix epoch.
    pub fn millis(self) -> i64 {
        self.0
    }
}

/// A half-open time window `[start, end)`.
///
/// Half-open so that back-to-back windows (one ends at 12:00, the next starts at 12:00) do not
/// overlap: handing an area over from one activity to the next is not a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawWindow", into = "RawWindow")]
pub struct TimeWindow {
    start: Timestamp,
    end: Timestamp,
}

/// The reason a time window was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TimeWindowError {
    /// The window ends at or before its start, so it would hold no instant.
    #[error("time window is empty: end {end} ms is not after start {start} ms")]
    Empty {
        /// Start, in ms since the epoch.
        start: i64,
        /// End, in ms since the epoch.
        end: i64,
    },
}

impl TimeWindow {
    /// Builds `[start, end)`; refuses an empty window.
    pub fn new(start: Timestamp, end: Timestamp) -> Result<Self, TimeWindowError> {
        if end <= start {
            return Err(TimeWindowError::Empty {
                start: start.0,
                end: end.0,
            });
        }
        Ok(Self { start, end })
    }

    /// First instant inside the window.
    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// First instant after the window.
    pub fn end(&self) -> Timestamp {
        self.end
    }

    /// True when some instant lies in both windows.
    pub fn overlaps(&self, other: &TimeWindow) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The common part of two windows, if any.
    pub fn intersection(&self, other: &TimeWindow) -> Option<TimeWindow> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        (start < end).then_some(TimeWindow { start, end })
    }

    /// True when `t` lies in the window.
    pub fn contains(&self, t: Timestamp) -> bool {
        self.start <= t && t < self.end
    }
}

/// The serialised shape of a window; deserialising goes through [`TimeWindow::new`] so stored
/// data cannot smuggle in an empty window.
#[derive(Serialize, Deserialize)]
struct RawWindow {
    start: Timestamp,
    end: Timestamp,
}

impl TryFrom<RawWindow> for TimeWindow {
    type Error = TimeWindowError;
    fn try_from(raw: RawWindow) -> Result<Self, Self::Error> {
        TimeWindow::new(raw.start, raw.end)
    }
}

impl From<TimeWindow> for RawWindow {
    fn from(w: TimeWindow) -> Self {
        RawWindow {
            start: w.start,
            end: w.end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(a: i64, b: i64) -> TimeWindow {
        TimeWindow::new(Timestamp(a), Timestamp(b)).unwrap()
    }

    #[test]
    fn empty_window_is_refused() {
        assert_eq!(
            TimeWindow::new(Timestamp(5), Timestamp(5)),
            Err(TimeWindowError::Empty { start: 5, end: 5 })
        );
    }

    #[test]
    fn back_to_back_windows_do_not_overlap() {
        assert!(!w(0, 10).overlaps(&w(10, 20)));
        assert!(w(0, 11).overlaps(&w(10, 20)));
        assert_eq!(w(0, 11).intersection(&w(10, 20)), Some(w(10, 11)));
        assert_eq!(w(0, 10).intersection(&w(10, 20)), None);
        assert!(w(0, 10).contains(Timestamp(0)) && !w(0, 10).contains(Timestamp(10)));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let json = serde_json::to_string(&w(1, 2)).unwrap();
        assert_eq!(json, r#"{"start":1,"end":2}"#);
        assert_eq!(serde_json::from_str::<TimeWindow>(&json).unwrap(), w(1, 2));
        assert!(serde_json::from_str::<TimeWindow>(r#"{"start":3,"end":2}"#).is_err());
    }
}
