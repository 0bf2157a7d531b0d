//! How the shared record is run: its origin, who may read its public endpoints, and the parties'
//! witnesses.
//!
//! These are server-side settings, kept in `record.toml` in the data directory (optional; see
//! [`RECORD_FILE`]) rather than in the cell configuration: the configuration is itself an event
//! of the record and never changes, while a witness may move to another address.
//!
//! ```toml
//! # The checkpoint origin: the log's unique name. Default: fusioncell.example/<cell name slug>.
//! # It should be the URL prefix of the log without the scheme, e.g. cell.example.org/log.
//! origin = "cell.example.org/log"
//! # Whether /log/checkpoint, /log/key, /log/tile/... and the consistency proofs need a
//! # signed-in caller. Default false: they hold hashes only.
//! require_authentication = false
//!
//! [[witnesses]]
//! party = "il"
//! url = "http://witness.il.example:8471"
//! key = "il.witness.example+7e3c1f0a+BCu..."
//! ```

use std::collections::BTreeSet;
use std::path::Path;

use fusioncell_domain::{CellConfig, PartyId};
use fusioncell_ledger::note::is_valid_key_name;
use fusioncell_ledger::{CosignatureVerifier, SignatureVerifier};
use serde::Deserialize;

/// Name of the settings file in a data directory.
pub const RECORD_FILE: &str = "record.toml";

/// Settings of the shared record.
#[derive(Clone, Debug, Default)]
pub struct RecordSettings {
    /// The checkpoint origin; `None` derives it from the cell's name when the log key is made.
    pub origin: Option<String>,
    /// Whether the public log endpoints need a signed-in caller.
    pub require_authentication: bool,
    /// The parties' witnesses, in the order their cosignatures are listed.
    pub witnesses: Vec<WitnessSettings>,
}

/// One party's witness.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WitnessSettings {
    /// The party that runs it.
    pub party: PartyId,
    /// Its submission prefix: checkpoints go to `<url>/add-checkpoint`.
    pub url: String,
    /// Its cosigner key.
    pub key: CosignatureVerifier,
}

/// A settings file refused, with the field at fault.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("invalid record settings: {field}: {message}")]
pub struct SettingsError {
    /// Path of the field, e.g. `witnesses[1].key`.
    pub field: String,
    /// What is wrong with it.
    pub message: String,
}

fn fail<T>(field: impl Into<String>, message: impl Into<String>) -> Result<T, SettingsError> {
    Err(SettingsError {
        field: field.into(),
        message: message.into(),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    origin: Option<String>,
    #[serde(default)]
    require_authentication: bool,
    #[serde(default)]
    witnesses: Vec<WitnessEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WitnessEntry {
    party: String,
    url: String,
    key: String,
}

impl RecordSettings {
    /// Reads `record.toml` from `dir`; absent, the defaults apply.
    pub fn load(dir: &Path) -> Result<RecordSettings, SettingsError> {
        let path = dir.join(RECORD_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => RecordSettings::from_toml(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(RecordSettings::default()),
            Err(e) => fail(path.display().to_string(), e.to_string()),
        }
    }

    /// Parses and checks settings.
    pub fn from_toml(text: &str) -> Result<RecordSettings, SettingsError> {
        let file: File = toml::from_str(text).map_err(|e| SettingsError {
            field: e
                .span()
                .map(|s| format!("line {}", text[..s.start].lines().count().max(1)))
                .unwrap_or_else(|| "document".into()),
            message: e.message().to_string(),
        })?;
        if let Some(origin) = &file.origin
            && !is_valid_key_name(origin)
        {
            return fail(
                "origin",
                "must be non-empty, without spaces, '+' or control characters",
            );
        }
        let mut names = BTreeSet::new();
        let mut witnesses = Vec::new();
        for (i, w) in file.witnesses.into_iter().enumerate() {
            let at = format!("witnesses[{i}]");
            let Some(party) = PartyId::new(&w.party) else {
                return fail(
                    format!("{at}.party"),
                    format!("`{}` is not a party id", w.party),
                );
            };
            // This build's HTTP client has no TLS. Cosignatures and log signatures authenticate
            // everything exchanged, so plain HTTP keeps integrity; use a TLS proxy for privacy.
            if !w.url.starts_with("http://") || w.url.len() <= "http://".len() {
                return fail(format!("{at}.url"), "must be an http:// URL");
            }
            let key = CosignatureVerifier::from_verifier_key(w.key.trim()).map_err(|e| {
                SettingsError {
                    field: format!("{at}.key"),
                    message: format!("not a witness (cosignature/v1) verifier key: {e}"),
                }
            })?;
            if !names.insert(key.name().to_string()) {
                return fail(
                    format!("{at}.key"),
                    format!("a witness named `{}` is already listed", key.name()),
                );
            }
            witnesses.push(WitnessSettings {
                party,
                url: w.url.trim_end_matches('/').to_string(),
                key,
            });
        }
        Ok(RecordSettings {
            origin: file.origin,
            require_authentication: file.require_authentication,
            witnesses,
        })
    }

    /// Checks that every witness belongs to a party of the cell.
    pub fn check_parties(&self, config: &CellConfig) -> Result<(), SettingsError> {
        for (i, w) in self.witnesses.iter().enumerate() {
            if config.party(&w.party).is_none() {
                return fail(
                    format!("witnesses[{i}].party"),
                    format!("`{}` is not a party of this cell", w.party),
                );
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use fusioncell_ledger::CosignatureSigner;

    use super::*;

    fn key(name: &str, seed: u8) -> String {
        CosignatureSigner::from_seed(name, &[seed; 32])
            .unwrap()
            .verifier()
            .verifier_key()
    }

    #[test]
    fn a_full_file_parses() {
        let text = format!(
            "origin = \"cell.example/log\"\nrequire_authentication = true\n\n[[witnesses]]\nparty = \"il\"\nurl = \"http://127.0.0.1:9000/\"\nkey = \"{}\"\n",
            key("il.witness", 1)
        );
        let settings = RecordSettings::from_toml(&text).unwrap();
        assert_eq!(settings.origin.as_deref(), Some("cell.example/log"));
        assert!(settings.require_authentication);
        assert_eq!(settings.witnesses[0].url, "http://127.0.0.1:9000");
        assert_eq!(settings.witnesses[0].key.name(), "il.witness");
        let empty = RecordSettings::from_toml("").unwrap();
        assert!(empty.witnesses.is_empty() && !empty.require_authentication);
    }

    #[test]
    fn errors_name_the_field() {
        let witness = |party: &str, url: &str, key: &str| {
            format!("[[witnesses]]\nparty = \"{party}\"\nurl = \"{url}\"\nkey = \"{key}\"\n")
        };
        let good = key("il.witness", 1);
        let cases = [
            ("origin = \"two words\"".to_string(), "origin"),
            (witness("IL!", "http://a", &good), "witnesses[0].party"),
            (witness("il", "https://a", &good), "witnesses[0].url"),
            (
                witness("il", "http://a", "il.witness+00+AAAA"),
                "witnesses[0].key",
            ),
            (
                format!(
                    "{}{}",
                    witness("il", "http://a", &good),
                    witness("sy", "http://b", &good)
                ),
                "witnesses[1].key",
            ),
        ];
        for (text, field) in cases {
            let e = RecordSettings::from_toml(&text).unwrap_err();
            assert_eq!(e.field, field, "{text}: {e}");
        }
        let e = RecordSettings::from_toml("colour = 1\n").unwrap_err();
        assert!(e.message.contains("colour"), "{e}");
    }

    #[test]
    fn the_example_settings_fit_the_example_cell() {
        let settings =
            RecordSettings::from_toml(include_str!("../../../../examples/record.toml")).unwrap();
        assert_eq!(settings.witnesses.len(), 3);
        let config =
            CellConfig::from_toml(include_str!("../../../../examples/levant-cell.toml")).unwrap();
        settings.check_parties(&config).unwrap();
    }

    #[test]
    fn witnesses_must_belong_to_parties_of_the_cell() {
        let config =
            CellConfig::from_toml(include_str!("../../../../examples/levant-cell.toml")).unwrap();
        let text = format!(
            "[[witnesses]]\nparty = \"fr\"\nurl = \"http://a\"\nkey = \"{}\"\n",
            key("fr.witness", 2)
        );
        let e = RecordSettings::from_toml(&text)
            .unwrap()
            .check_parties(&config)
            .unwrap_err();
        assert_eq!(e.field, "witnesses[0].party");
    }
}
