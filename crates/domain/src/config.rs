//! The cell's configuration: who the parties are, who supervises, the tracks and their policies,
//! acknowledgement deadlines and languages. Read from TOML and checked field by field, so a
//! mistake is refused at start with the name of the field at fault.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::deescalation::DeescalationConfig;
use crate::disputes::DisputesConfig;
use crate::ids::{PartyId, TrackId};
use crate::language::is_valid_language;
use crate::message::Priority;
use crate::time::Span;

/// A whole cell configuration (see `examples/levant-cell.toml` for a documented example).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CellConfig {
    /// The cell's display name.
    pub name: String,
    /// The party that supervises (the mediator). It sees all cross-party traffic.
    pub supervisor: PartyId,
    /// Languages of the cell, as BCP 47 primary tags; the first is the default interface language.
    pub languages: Vec<String>,
    /// How long an addressed party has to acknowledge a message, per priority.
    #[serde(default)]
    pub acknowledgement: AckDeadlines,
    /// The parties, the supervisor included.
    pub parties: Vec<PartyConfig>,
    /// The tracks of work.
    pub tracks: Vec<TrackConfig>,
    /// De-escalation: notice periods, acknowledgement of notifications, zone hysteresis.
    #[serde(default, skip_serializing_if = "DeescalationConfig::is_default")]
    pub deescalation: DeescalationConfig,
    /// Disputes: how long each party has for each step.
    #[serde(default, skip_serializing_if = "DisputesConfig::is_default")]
    pub disputes: DisputesConfig,
}

/// A party to the cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartyConfig {
    /// Short id, e.g. `il`.
    pub id: PartyId,
    /// The party's name in each cell language.
    pub names: BTreeMap<String, String>,
    /// The languages its officers work in, preferred first.
    pub languages: Vec<String>,
}

/// A track of work, e.g. intelligence sharing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrackConfig {
    /// Short id, e.g. `intelligence`.
    pub id: TrackId,
    /// The track's name in each cell language.
    pub names: BTreeMap<String, String>,
    /// Whether the supervisor only observes the track or vets items before release.
    pub policy: SupervisionPolicy,
}

/// How the supervisor takes part in a track.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SupervisionPolicy {
    /// The supervisor sees the traffic as it passes.
    Observe,
    /// The supervisor vets items before they are released to the other parties.
    Vet,
}

/// Acknowledgement deadlines per priority.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckDeadlines {
    /// Flash messages (default 5 minutes).
    pub flash: Span,
    /// Priority messages (default 1 hour).
    pub priority: Span,
    /// Routine messages (default 24 hours).
    pub routine: Span,
}

impl Default for AckDeadlines {
    fn default() -> Self {
        AckDeadlines {
            flash: Span::minutes(5),
            priority: Span::hours(1),
            routine: Span::hours(24),
        }
    }
}

impl AckDeadlines {
    /// The deadline span for a message of `priority`.
    pub fn for_priority(&self, priority: Priority) -> Span {
        match priority {
            Priority::Flash => self.flash,
            Priority::Priority => self.priority,
            Priority::Routine => self.routine,
        }
    }
}

/// A configuration refused, with the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid cell configuration: {field}: {message}")]
pub struct ConfigError {
    /// Path of the field, e.g. `parties[1].names.ar`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

fn fail<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, ConfigError> {
    Err(ConfigError {
        field: field.into(),
        message: message.into(),
    })
}

impl CellConfig {
    /// Parses TOML text and validates it.
    pub fn from_toml(text: &str) -> Result<CellConfig, ConfigError> {
        let config: CellConfig = toml::from_str(text).map_err(|e| ConfigError {
            field: e
                .span()
                .map(|s| format!("line {}", text[..s.start].lines().count().max(1)))
                .unwrap_or_else(|| "document".into()),
            message: e.message().to_string(),
        })?;
        config.validate()?;
        Ok(config)
    }

    /// Checks every rule a configuration must follow; the error names the first field at fault.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.name.trim().is_empty() || self.name.chars().count() > 200 {
            return fail("name", "must be 1 to 200 characters");
        }
        if self.languages.is_empty() {
            return fail("languages", "at least one language is required");
        }
        let mut seen = BTreeSet::new();
        for (i, lang) in self.languages.iter().enumerate() {
            if !is_valid_language(lang) {
                return fail(
                    format!("languages[{i}]"),
                    format!("`{lang}` is not a language tag such as en, ar or he"),
                );
            }
            if !seen.insert(lang) {
                return fail(
                    format!("languages[{i}]"),
                    format!("`{lang}` is listed twice"),
                );
            }
        }
        if self.parties.len() < 2 {
            return fail(
                "parties",
                "a cell needs at least two parties (a supervisor and one other)",
            );
        }
        let mut party_ids = BTreeSet::new();
        for (i, party) in self.parties.iter().enumerate() {
            let at = format!("parties[{i}]");
            if !party_ids.insert(&party.id) {
                return fail(
                    format!("{at}.id"),
                    format!("party `{}` is listed twice", party.id),
                );
            }
            self.check_names(&format!("{at}.names"), &party.names)?;
            if party.languages.is_empty() {
                return fail(
                    format!("{at}.languages"),
                    "at least one language is required",
                );
            }
            for (j, lang) in party.languages.iter().enumerate() {
                if !self.languages.contains(lang) {
                    return fail(
                        format!("{at}.languages[{j}]"),
                        format!("`{lang}` is not one of the cell languages"),
                    );
                }
            }
        }
        if !party_ids.contains(&self.supervisor) {
            return fail(
                "supervisor",
                format!("`{}` is not one of the parties", self.supervisor),
            );
        }
        if self.tracks.is_empty() {
            return fail("tracks", "at least one track is required");
        }
        let mut track_ids = BTreeSet::new();
        for (i, track) in self.tracks.iter().enumerate() {
            let at = format!("tracks[{i}]");
            if !track_ids.insert(&track.id) {
                return fail(
                    format!("{at}.id"),
                    format!("track `{}` is listed twice", track.id),
                );
            }
            self.check_names(&format!("{at}.names"), &track.names)?;
        }
        for (field, span) in [
            ("acknowledgement.flash", self.acknowledgement.flash),
            ("acknowledgement.priority", self.acknowledgement.priority),
            ("acknowledgement.routine", self.acknowledgement.routine),
        ] {
            if span.millis() < 1000 || span.millis() > 30 * 86_400_000 {
                return fail(field, "must be between 1s and 30d");
            }
        }
        self.deescalation.validate()?;
        self.disputes.validate()
    }

    fn check_names(&self, at: &str, names: &BTreeMap<String, String>) -> Result<(), ConfigError> {
        for lang in &self.languages {
            match names.get(lang) {
                None => {
                    return fail(
                        format!("{at}.{lang}"),
                        "a name in every cell language is required",
                    );
                }
                Some(n) if n.trim().is_empty() || n.chars().count() > 120 => {
                    return fail(format!("{at}.{lang}"), "must be 1 to 120 characters");
                }
                Some(_) => {}
            }
        }
        if let Some(extra) = names.keys().find(|l| !self.languages.contains(l)) {
            return fail(
                format!("{at}.{extra}"),
                format!("`{extra}` is not one of the cell languages"),
            );
        }
        Ok(())
    }

    /// The configuration of party `id`, if it is one.
    pub fn party(&self, id: &PartyId) -> Option<&PartyConfig> {
        self.parties.iter().find(|p| &p.id == id)
    }

    /// The configuration of track `id`, if it is one.
    pub fn track(&self, id: &TrackId) -> Option<&TrackConfig> {
        self.tracks.iter().find(|t| &t.id == id)
    }

    /// Whether `party` is the supervising party.
    pub fn is_supervisor(&self, party: &PartyId) -> bool {
        &self.supervisor == party
    }
}

/// Picks the name for `lang` from a per-language map, falling back to any name.
pub fn name_in<'a>(names: &'a BTreeMap<String, String>, lang: &str) -> &'a str {
    names
        .get(lang)
        .or_else(|| names.values().next())
        .map(String::as_str)
        .unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const EXAMPLE: &str = include_str!("../../../examples/levant-cell.toml");

    #[test]
    fn the_example_configuration_is_valid() {
        let config = CellConfig::from_toml(EXAMPLE).unwrap();
        assert_eq!(config.parties.len(), 3);
        assert_eq!(config.tracks.len(), 4);
        assert_eq!(config.acknowledgement.flash, Span::minutes(5));
    }

    fn refused(edit: impl Fn(&mut CellConfig)) -> ConfigError {
        let mut config = CellConfig::from_toml(EXAMPLE).unwrap();
        edit(&mut config);
        config.validate().unwrap_err()
    }

    #[test]
    fn errors_name_the_field() {
        let e = refused(|c| c.supervisor = PartyId::new("fr").unwrap());
        assert_eq!(e.field, "supervisor");
        let e = refused(|c| {
            c.parties[1].names.remove("ar");
        });
        assert_eq!(e.field, "parties[1].names.ar");
        let e = refused(|c| c.tracks[2].id = c.tracks[0].id.clone());
        assert_eq!(e.field, "tracks[2].id");
        let e = refused(|c| c.parties[0].languages.push("fr".into()));
        assert_eq!(e.field, "parties[0].languages[2]");
        let e = refused(|c| c.acknowledgement.flash = Span(10));
        assert_eq!(e.field, "acknowledgement.flash");
        let e = refused(|c| c.languages.push("EN".into()));
        assert_eq!(e.field, "languages[3]");
    }

    #[test]
    fn toml_errors_say_where() {
        let e = CellConfig::from_toml("name = 3\n").unwrap_err();
        assert!(e.field.starts_with("line"), "{e}");
        let e = CellConfig::from_toml(&EXAMPLE.replace("policy = \"vet\"", "policy = \"veto\""))
            .unwrap_err();
        assert!(e.message.contains("veto"), "{e}");
        let e = CellConfig::from_toml(&format!("{EXAMPLE}\ncolour = 1\n")).unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
    }
}
