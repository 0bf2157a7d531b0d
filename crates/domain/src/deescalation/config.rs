//! The `[deescalation]` table of the cell configuration: notice periods, the acknowledgement
//! deadline, and the hysteresis of zone crossings. Every field has a default, so a cell
//! configured before de-escalation existed reads the same.

use std::collections::BTreeMap;

use fusioncell_geo::ActivityKind;
use fusioncell_geo::index::MAX_HYSTERESIS_M;
use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::time::Span;

/// Longest notice period or acknowledgement deadline accepted, in days.
const MAX_DAYS: i64 = 30;

/// De-escalation settings (see `examples/levant-cell.toml`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeescalationConfig {
    /// Minimum notice (from notification to start) for kinds not listed in `min_lead`.
    #[serde(default = "default_lead")]
    pub default_lead: Span,
    /// Minimum notice per activity kind, e.g. `humanitarian = "6h"`.
    #[serde(default)]
    pub min_lead: BTreeMap<ActivityKind, Span>,
    /// How long the other parties have to acknowledge a notification; the deadline is never
    /// later than the activity's start, if that is still ahead.
    #[serde(default = "default_acknowledge_within")]
    pub acknowledge_within: Span,
    /// Hysteresis of zone entry and exit for position tracks, whole metres.
    #[serde(default = "default_hysteresis_m")]
    pub hysteresis_m: u32,
}

fn default_lead() -> Span {
    Span::hours(48)
}

fn default_acknowledge_within() -> Span {
    Span::hours(4)
}

fn default_hysteresis_m() -> u32 {
    100
}

impl Default for DeescalationConfig {
    fn default() -> Self {
        DeescalationConfig {
            default_lead: default_lead(),
            min_lead: BTreeMap::new(),
            acknowledge_within: default_acknowledge_within(),
            hysteresis_m: default_hysteresis_m(),
        }
    }
}

impl DeescalationConfig {
    /// Whether every field has its default (then the table is left out of the record).
    pub fn is_default(&self) -> bool {
        *self == DeescalationConfig::default()
    }

    /// The minimum notice for an activity of `kind`.
    pub fn required_lead(&self, kind: ActivityKind) -> Span {
        self.min_lead
            .get(&kind)
            .copied()
            .unwrap_or(self.default_lead)
    }

    /// Checks the ranges; the error names the field, e.g. `deescalation.min_lead.air`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let fail = |field: String, message: &str| {
            Err(ConfigError {
                field: format!("deescalation.{field}"),
                message: message.into(),
            })
        };
        let max = MAX_DAYS * 86_400_000;
        if !(0..=max).contains(&self.default_lead.millis()) {
            return fail("default_lead".into(), "must be between 0s and 30d");
        }
        for (kind, span) in &self.min_lead {
            if !(0..=max).contains(&span.millis()) {
                let name = serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default();
                return fail(format!("min_lead.{name}"), "must be between 0s and 30d");
            }
        }
        if !(60_000..=max).contains(&self.acknowledge_within.millis()) {
            return fail("acknowledge_within".into(), "must be between 1m and 30d");
        }
        if f64::from(self.hysteresis_m) > MAX_HYSTERESIS_M {
            return fail(
                "hysteresis_m".into(),
                &format!("must be at most {MAX_HYSTERESIS_M} metres"),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::CellConfig;

    const EXAMPLE: &str = include_str!("../../../../examples/levant-cell.toml");

    #[test]
    fn the_example_sets_notice_periods() {
        let config = CellConfig::from_toml(EXAMPLE).unwrap();
        let d = &config.deescalation;
        assert_eq!(d.required_lead(ActivityKind::Exercise), Span::hours(48));
        assert_eq!(d.required_lead(ActivityKind::Humanitarian), Span::hours(6));
        assert!(!d.is_default());
    }

    #[test]
    fn the_table_is_optional_and_left_out_when_default() {
        let start = EXAMPLE.find("[deescalation]").unwrap();
        let end = EXAMPLE[start..].find("# The parties").unwrap() + start;
        let without = format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..]);
        let config = CellConfig::from_toml(&without).unwrap();
        assert!(config.deescalation.is_default());
        let json = serde_json::to_string(&config).unwrap();
        assert!(!json.contains("deescalation"), "{json}");
    }

    #[test]
    fn errors_name_the_field() {
        let with = |edit: &str| {
            CellConfig::from_toml(&EXAMPLE.replace("humanitarian = \"6h\"", edit)).unwrap_err()
        };
        assert_eq!(
            with("humanitarian = \"31d\"").field,
            "deescalation.min_lead.humanitarian"
        );
        assert!(with("parade = \"6h\"").message.contains("parade"));
        let mut config = CellConfig::from_toml(EXAMPLE).unwrap();
        config.deescalation.acknowledge_within = Span::seconds(5);
        assert_eq!(
            config.validate().unwrap_err().field,
            "deescalation.acknowledge_within"
        );
        config.deescalation = DeescalationConfig {
            hysteresis_m: 60_000,
            ..Default::default()
        };
        assert_eq!(
            config.validate().unwrap_err().field,
            "deescalation.hysteresis_m"
        );
    }
}
