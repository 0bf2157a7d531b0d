//! `fusioncell verify`: gathers the evidence (live or from an export), audits it against what
//! this auditor saw last, and remembers the new checkpoint when the record passed.
//!
//! The auditor's memory is a JSON state file holding, per log origin, the [`Seen`] checkpoint:
//! its key, size, root and leaf hashes. It is replaced atomically, and only after a successful
//! audit, so a failed check never moves the auditor's view forward.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_ledger::{CosignatureVerifier, NoteVerifier, verify_consistency};
use serde::{Deserialize, Serialize};

use super::audit::{Audit, Policy, Seen, audit};
use super::evidence::{self, Evidence, FORMAT};
use super::files::write_atomic;

/// What the auditor remembers, by log origin.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditorState {
    /// The last checkpoint seen of each log.
    pub logs: BTreeMap<String, Seen>,
}

impl AuditorState {
    /// Reads the state file; absent, the auditor has seen nothing yet.
    pub fn load(path: &Path) -> Result<AuditorState, String> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| format!("the state file {} is unreadable: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(AuditorState::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Writes the state file atomically.
    pub fn save(&self, path: &Path) -> Result<(), String> {
        let bytes = serde_json::to_vec_pretty(self).map_err(|e| e.to_string())?;
        write_atomic(path, &bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }
}

/// How to verify.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// The auditor's state file; `None` remembers nothing.
    pub state: Option<PathBuf>,
    /// Witness verifier keys that must have cosigned; empty takes the log's list.
    pub witnesses: Vec<String>,
    /// The log's verifier key, when pinned.
    pub log_key: Option<String>,
}

impl Options {
    fn policy(&self) -> Result<Policy, String> {
        let log_key = self
            .log_key
            .as_deref()
            .map(|k| {
                NoteVerifier::from_verifier_key(k.trim())
                    .map_err(|e| format!("--log-key {k:?} is not a log verifier key: {e}"))
            })
            .transpose()?;
        let witnesses = self
            .witnesses
            .iter()
            .map(|k| {
                CosignatureVerifier::from_verifier_key(k.trim())
                    .map(|key| (None, key))
                    .map_err(|e| format!("--witness {k:?} is not a witness verifier key: {e}"))
            })
            .collect::<Result<_, _>>()?;
        Ok(Policy { log_key, witnesses })
    }
}

/// Verifies the live cell at `url` as the user of `token` sees it.
pub async fn verify_live(url: &str, token: &str, options: &Options) -> Result<Audit, String> {
    let policy = options.policy()?;
    let mut state = load_state(options)?;
    let evidence = evidence::fetch(url, token)
        .await
        .map_err(|e| format!("cannot fetch the record: {e}"))?;
    let prior = prior_of(&state, &evidence);
    let mut result = audit(&evidence, &policy, prior.as_ref());
    note_first_check(&mut result, options, prior.as_ref());
    // The tiles already prove consistency; this checks the proof a light client would use.
    if let (Some(prior), Some(seen)) = (&prior, result.seen.clone())
        && prior.size > 0
        && prior.size < seen.size
    {
        check_served_proof(&mut result, url, token, prior, &seen).await;
    }
    finish(&mut state, options, result)
}

/// Verifies an export file, offline.
pub fn verify_export(path: &Path, options: &Options) -> Result<Audit, String> {
    let policy = options.policy()?;
    let mut state = load_state(options)?;
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let evidence: Evidence = serde_json::from_slice(&bytes)
        .map_err(|e| format!("{} is not an export: {e}", path.display()))?;
    if evidence.format != FORMAT {
        return Err(format!(
            "{} is in format {:?}; this auditor reads {FORMAT:?}",
            path.display(),
            evidence.format
        ));
    }
    let prior = prior_of(&state, &evidence);
    finish(
        &mut state,
        options,
        audit(&evidence, &policy, prior.as_ref()),
    )
}

fn load_state(options: &Options) -> Result<AuditorState, String> {
    options
        .state
        .as_deref()
        .map(AuditorState::load)
        .transpose()
        .map(Option::unwrap_or_default)
}

/// What this auditor saw last of the log the evidence is about.
fn prior_of(state: &AuditorState, evidence: &Evidence) -> Option<Seen> {
    let origin = fusioncell_ledger::SignedCheckpoint::parse(evidence.checkpoint.as_bytes())
        .ok()?
        .checkpoint
        .origin;
    state.logs.get(&origin).cloned()
}

/// Checks the server's own consistency proof from what was seen before to the new checkpoint.
async fn check_served_proof(result: &mut Audit, url: &str, token: &str, prior: &Seen, seen: &Seen) {
    let roots = (
        STANDARD
            .decode(&prior.root)
            .ok()
            .and_then(|r| r.try_into().ok()),
        STANDARD
            .decode(&seen.root)
            .ok()
            .and_then(|r| r.try_into().ok()),
    );
    let (Some(old_root), Some(new_root)) = roots else {
        return;
    };
    match evidence::fetch_consistency(url, token, prior.size, seen.size).await {
        Ok(proof) => {
            match verify_consistency(prior.size, seen.size, &proof, &old_root, &new_root) {
                Ok(()) => result.checked.push(format!(
                    "the log's consistency proof from size {} to {} verifies",
                    prior.size, seen.size
                )),
                Err(e) => result.problems.push(format!(
                    "the log's consistency proof from size {} to {} does not verify: {e}",
                    prior.size, seen.size
                )),
            }
        }
        Err(e) => result
            .problems
            .push(format!("cannot fetch a consistency proof: {e}")),
    }
    if !result.passed() {
        result.seen = None;
    }
}

/// Says so when there was nothing to compare with.
fn note_first_check(result: &mut Audit, options: &Options, prior: Option<&Seen>) {
    if let (Some(path), None) = (&options.state, prior) {
        result.warnings.push(format!(
            "first check of this log with {}: nothing to compare with yet",
            path.display()
        ));
    }
}

/// Remembers the new checkpoint when the audit passed.
fn finish(state: &mut AuditorState, options: &Options, result: Audit) -> Result<Audit, String> {
    if let (Some(path), Some(seen), Some(origin)) = (&options.state, &result.seen, &result.origin) {
        state.logs.insert(origin.clone(), seen.clone());
        state.save(path)?;
    }
    Ok(result)
}
