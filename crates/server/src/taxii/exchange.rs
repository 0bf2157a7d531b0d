//! What a collection holds, and what becomes of objects added to it.
//!
//! A collection holds the STIX export ([`fusioncell_stix::export`]) of the reports of its track
//! whose releases went to exactly its audience. Reports are read through the intelligence
//! queries as the caller's party may see them, so TAXII shows nothing the API would not.
//!
//! Added reports become drafts of the caller's party ([`fusioncell_stix::import`]) through the
//! ordinary `Import` command, so authorization and validation are the domain's.

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_domain::intel::queries::{ReportFilter, reports};
use fusioncell_domain::intel::{IntelCommand, ReportId};
use fusioncell_domain::{Actor, CellConfig, CellState, Command, PartyId};
use fusioncell_stix::object::Report;
use fusioncell_stix::{StixError, StixObject, StixTime, export, import, validate_object};
use serde_json::Value;

use super::collections::Collection;
use super::query::Entry;
use super::status::{Status, StatusDetail};
use crate::app::AppState;
use crate::caller::Caller;
use crate::core::CoreError;
use crate::error::ApiError;

/// The objects of `collection` a reader of `party` may see: one entry per object version, added
/// when it was first released.
pub fn entries(state: &CellState, party: &PartyId, collection: &Collection) -> Vec<Entry> {
    let Some(config) = state.config() else {
        return Vec::new();
    };
    let filter = ReportFilter {
        track: Some(collection.track.clone()),
        ..ReportFilter::default()
    };
    let mut versions: BTreeMap<(String, i64), Entry> = BTreeMap::new();
    for view in reports(state, Some(party), &filter) {
        for e in export::report(config, &view) {
            if e.release != collection.audience {
                continue;
            }
            let key = (e.object.id().to_string(), e.object.version().millis());
            let entry = Entry {
                object: e.object,
                added: e.added,
            };
            versions
                .entry(key)
                .and_modify(|kept| {
                    if entry.added < kept.added {
                        *kept = entry.clone();
                    }
                })
                .or_insert(entry);
        }
    }
    versions.into_values().collect()
}

/// The parties a draft added to `collection` by `party` is releasable to: the collection's
/// audience but the party itself and the supervisor (who sees every release anyway).
fn releasable_to(
    config: &CellConfig,
    collection: &Collection,
    party: &PartyId,
) -> BTreeSet<PartyId> {
    collection
        .audience
        .0
        .iter()
        .filter(|p| *p != party && **p != config.supervisor)
        .cloned()
        .collect()
}

/// A status line for an object.
fn detail(id: &str, version: Option<StixTime>, message: impl Into<String>) -> StatusDetail {
    StatusDetail {
        id: id.to_string(),
        version: version.map(|v| v.to_string()).unwrap_or_default(),
        message: message.into(),
    }
}

/// Imports one report as a draft; the message says what became of it.
async fn import_report(
    app: &AppState,
    caller: &Caller,
    config: &CellConfig,
    collection: &Collection,
    report: &Report,
    batch: &[StixObject],
) -> Result<Result<String, String>, ApiError> {
    let party = &caller.user.party;
    let content = match import::draft(
        config,
        report,
        batch,
        &releasable_to(config, collection, party),
    ) {
        Ok(c) => c,
        Err(e) => return Ok(Err(e.to_string())),
    };
    // The draft's id is derived from the party and the STIX id, so importing the same report
    // twice is refused, and one party's import says nothing about another's.
    let id = ReportId::new(&format!("stix-{party}-{}", report.common.id.uuid()))
        .expect("a party id and a UUID make a valid report id");
    let command = Command::Intel(IntelCommand::Import {
        report: id.clone(),
        track: collection.track.clone(),
        content,
        source: "stix".into(),
    });
    match app
        .core
        .submit(Actor::User(caller.user.id.clone()), command)
        .await
    {
        Ok(_) => Ok(Ok(format!(
            "imported as draft report `{id}` of party `{party}`"
        ))),
        Err(CoreError::Domain(e)) => Ok(Err(format!("{}: {e}", report.common.id))),
        Err(e) => Err(e.into()),
    }
}

/// Adds `objects` to `collection` for `caller`: reports become drafts, the objects they refer to
/// are used for them, and anything else is refused, each with its own line in the status.
pub async fn add(
    app: &AppState,
    caller: &Caller,
    collection: &Collection,
    objects: &[Value],
) -> Result<Status, ApiError> {
    let config = app
        .core
        .read()
        .state
        .config()
        .cloned()
        .ok_or(fusioncell_domain::DomainError::NotConfigured)?;
    let now = app.core.clock().now();
    let checked: Vec<Result<Option<StixObject>, StixError>> = objects
        .iter()
        .enumerate()
        .map(|(i, o)| validate_object(o, &format!("objects[{i}]")))
        .collect();
    let batch: Vec<StixObject> = checked
        .iter()
        .filter_map(|c| c.clone().ok().flatten())
        .collect();
    let mut imported: BTreeMap<String, bool> = BTreeMap::new();
    let mut successes = Vec::new();
    let mut failures = Vec::new();
    for object in &batch {
        if let StixObject::Report(report) = object {
            let outcome = import_report(app, caller, &config, collection, report, &batch).await?;
            let id = report.common.id.to_string();
            imported.insert(id.clone(), outcome.is_ok());
            match outcome {
                Ok(m) => successes.push(detail(&id, Some(object.version()), m)),
                Err(m) => failures.push(detail(&id, Some(object.version()), m)),
            }
        }
    }
    for (i, (value, checked)) in objects.iter().zip(&checked).enumerate() {
        match checked {
            Err(e) => failures.push(detail(&e.object, None, e.to_string())),
            Ok(Some(StixObject::Report(_))) => {}
            Ok(Some(object)) => {
                let id = object.id().to_string();
                match import::serves(object, &batch) {
                    Some(r) if imported.get(&r.to_string()) == Some(&true) => {
                        successes.push(detail(&id, Some(object.version()), format!("used for {r}")))
                    }
                    Some(r) => failures.push(detail(
                        &id,
                        Some(object.version()),
                        format!("not imported: {r} was refused"),
                    )),
                    None => failures.push(detail(
                        &id,
                        Some(object.version()),
                        "not imported: only reports, and the objects they refer to, are imported",
                    )),
                }
            }
            Ok(None) => {
                let id = value
                    .get("id")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("objects[{i}]"));
                let kind = value.get("type").and_then(Value::as_str).unwrap_or("?");
                failures.push(detail(&id, None, format!("not imported: objects of type `{kind}` are not imported; send reports, with the objects they refer to")));
            }
        }
    }
    Ok(Status {
        id: crate::auth::random_id("status-"),
        status: "complete",
        request_timestamp: StixTime(now.millis()).to_string(),
        total_count: objects.len(),
        success_count: successes.len(),
        successes,
        failure_count: failures.len(),
        failures,
        pending_count: 0,
        pendings: Vec::new(),
    })
}
