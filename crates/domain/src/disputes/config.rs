//! The `[disputes]` table of the cell configuration: how long each party has for each step.
//! Every field has a default, so a cell configured before disputes existed reads the same.

use serde::{Deserialize, Serialize};

use crate::config::ConfigError;
use crate::time::Span;

/// Longest deadline accepted, in days.
const MAX_DAYS: i64 = 30;

/// Dispute deadlines (see `examples/levant-cell.toml`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DisputesConfig {
    /// How long the respondent has to acknowledge a dispute (default 24 h).
    #[serde(default = "default_acknowledge_within")]
    pub acknowledge_within: Span,
    /// How long the respondent has to answer once it acknowledged (default 48 h, as in the
    /// OSCE Vienna Document).
    #[serde(default = "default_answer_within")]
    pub answer_within: Span,
    /// How long the raiser has to accept the answer or send the dispute to mediation (7 d).
    #[serde(default = "default_decide_within")]
    pub decide_within: Span,
    /// How long a party has to reply to the supervisor's request when the request sets no
    /// deadline of its own (72 h).
    #[serde(default = "default_reply_within")]
    pub reply_within: Span,
    /// How long each party has to accept or contest a ruling (7 d).
    #[serde(default = "default_decide_within")]
    pub respond_to_ruling_within: Span,
}

fn default_acknowledge_within() -> Span {
    Span::hours(24)
}

fn default_answer_within() -> Span {
    Span::hours(48)
}

fn default_decide_within() -> Span {
    Span::hours(7 * 24)
}

fn default_reply_within() -> Span {
    Span::hours(72)
}

impl Default for DisputesConfig {
    fn default() -> Self {
        DisputesConfig {
            acknowledge_within: default_acknowledge_within(),
            answer_within: default_answer_within(),
            decide_within: default_decide_within(),
            reply_within: default_reply_within(),
            respond_to_ruling_within: default_decide_within(),
        }
    }
}

impl DisputesConfig {
    /// Whether every field has its default (then the table is left out of the record).
    pub fn is_default(&self) -> bool {
        *self == DisputesConfig::default()
    }

    /// Checks the ranges; the error names the field, e.g. `disputes.answer_within`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let max = MAX_DAYS * 86_400_000;
        for (name, span) in [
            ("acknowledge_within", self.acknowledge_within),
            ("answer_within", self.answer_within),
            ("decide_within", self.decide_within),
            ("reply_within", self.reply_within),
            ("respond_to_ruling_within", self.respond_to_ruling_within),
        ] {
            if !(60_000..=max).contains(&span.millis()) {
                return Err(ConfigError {
                    field: format!("disputes.{name}"),
                    message: "must be between 1m and 30d".into(),
                });
            }
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
    fn the_example_sets_deadlines_and_the_table_is_optional() {
        let config = CellConfig::from_toml(EXAMPLE).unwrap();
        assert_eq!(config.disputes.answer_within, Span::hours(48));
        let start = EXAMPLE.find("[disputes]").unwrap();
        let end = EXAMPLE[start..].find("# The parties").unwrap() + start;
        let without = format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..]);
        let config = CellConfig::from_toml(&without).unwrap();
        assert!(config.disputes.is_default());
        assert!(!serde_json::to_string(&config).unwrap().contains("disputes"));
    }

    #[test]
    fn errors_name_the_field() {
        let mut config = CellConfig::from_toml(EXAMPLE).unwrap();
        config.disputes.reply_within = Span::seconds(5);
        assert_eq!(
            config.validate().unwrap_err().field,
            "disputes.reply_within"
        );
        config.disputes = DisputesConfig {
            answer_within: Span::hours(24 * 31),
            ..Default::default()
        };
        assert_eq!(
            config.validate().unwrap_err().field,
            "disputes.answer_within"
        );
    }
}
