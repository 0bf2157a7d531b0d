//! The TAXII filters (`added_after`, `limit`/`next`, `match[id|type|version|spec_version]`) and
//! paging, over the objects of a collection. Pure, so every rule is tested without a server.
//!
//! Objects are served in the order they were added (then id, then version). `next` is the
//! position of the last object served, so a page never repeats or skips an object even when
//! objects are added between requests.

use std::collections::{BTreeMap, BTreeSet};

use fusioncell_domain::Timestamp;
use fusioncell_stix::{StixObject, StixTime};

use crate::error::ApiError;

/// Most objects in one answer; also the default `limit`.
pub const PAGE_MAX: usize = 100;

/// One version of an object in a collection, and when it was added there.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The object version.
    pub object: StixObject,
    /// When it was added to the collection (the release of what it describes).
    pub added: Timestamp,
}

impl Entry {
    /// Sort key and position: (added, id, version).
    fn key(&self) -> (i64, String, i64) {
        (
            self.added.millis(),
            self.object.id().to_string(),
            self.object.version().millis(),
        )
    }
}

/// Which versions of each object `match[version]` selects.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Versions {
    /// `first`: the earliest version.
    pub first: bool,
    /// `last`: the latest version (the default).
    pub last: bool,
    /// `all`: every version.
    pub all: bool,
    /// Versions named by their `modified` time.
    pub at: BTreeSet<i64>,
}

/// The filters of a request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only objects added after this instant.
    pub added_after: Option<Timestamp>,
    /// At most this many objects.
    pub limit: Option<usize>,
    /// Continue after this position.
    pub next: Option<(i64, String, i64)>,
    /// Only these ids.
    pub ids: Option<BTreeSet<String>>,
    /// Only these types.
    pub types: Option<BTreeSet<String>>,
    /// Which versions.
    pub versions: Versions,
    /// Only these STIX versions.
    pub spec_versions: Option<BTreeSet<String>>,
}

/// The parameters each kind of endpoint takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endpoint {
    /// Get objects and the manifest: every filter.
    Objects,
    /// Get one object: no `match[id]` or `match[type]`.
    Object,
    /// Get an object's versions: no `match[id]`, `match[type]` or `match[version]`.
    Versions,
}

/// A comma-separated list, without empty items.
fn list(value: &str) -> impl Iterator<Item = &str> {
    value.split(',').map(str::trim).filter(|v| !v.is_empty())
}

impl Filters {
    /// Reads the query parameters of `endpoint`; unknown or malformed ones are refused by name.
    pub fn parse(pairs: &[(String, String)], endpoint: Endpoint) -> Result<Filters, ApiError> {
        let mut f = Filters::default();
        for (name, value) in pairs {
            let allowed = match name.as_str() {
                "match[id]" | "match[type]" => endpoint == Endpoint::Objects,
                "match[version]" => endpoint != Endpoint::Versions,
                "added_after" | "limit" | "next" | "match[spec_version]" => true,
                _ => false,
            };
            if !allowed {
                return Err(ApiError::bad_query(
                    name,
                    "is not a filter of this endpoint (added_after, limit, next, match[id], match[type], match[version], match[spec_version])",
                ));
            }
            match name.as_str() {
                "added_after" => {
                    let t = StixTime::parse(value).map_err(|e| ApiError::bad_query(name, e))?;
                    f.added_after = Some(Timestamp(t.millis()));
                }
                "limit" => match value.parse::<usize>() {
                    Ok(n) if n >= 1 => f.limit = Some(n.min(PAGE_MAX)),
                    _ => return Err(ApiError::bad_query(name, "must be a whole number from 1")),
                },
                "next" => f.next = Some(parse_next(value)?),
                "match[id]" => f.ids = Some(list(value).map(str::to_string).collect()),
                "match[type]" => f.types = Some(list(value).map(str::to_string).collect()),
                "match[spec_version]" => {
                    f.spec_versions = Some(list(value).map(str::to_string).collect())
                }
                _ => {
                    for v in list(value) {
                        match v {
                            "first" => f.versions.first = true,
                            "last" => f.versions.last = true,
                            "all" => f.versions.all = true,
                            t => {
                                let t = StixTime::parse(t).map_err(|e| {
                                    ApiError::bad_query(name, format!("{e}, first, last or all"))
                                })?;
                                f.versions.at.insert(t.millis());
                            }
                        }
                    }
                }
            }
        }
        if endpoint == Endpoint::Versions {
            f.versions.all = true;
        }
        Ok(f)
    }
}

/// The position a `next` value names.
fn parse_next(value: &str) -> Result<(i64, String, i64), ApiError> {
    let bad = || ApiError::bad_query("next", "is not a value this server gave");
    let mut parts = value.splitn(3, '.');
    let added = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let version = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let id = parts.next().filter(|p| !p.is_empty()).ok_or_else(bad)?;
    Ok((added, id.to_string(), version))
}

/// One page of selected entries.
#[derive(Debug, PartialEq)]
pub struct Page<'a> {
    /// The entries, in order.
    pub entries: Vec<&'a Entry>,
    /// Whether more follow.
    pub more: bool,
    /// What to send as `next` for the following page, when more follow.
    pub next: Option<String>,
}

impl Page<'_> {
    /// `X-TAXII-Date-Added-First` and `-Last`: when the first and last entries were added.
    pub fn date_added_range(&self) -> Option<(String, String)> {
        let first = self.entries.first()?.added.millis();
        let last = self.entries.last()?.added.millis();
        Some((StixTime(first).to_string(), StixTime(last).to_string()))
    }
}

/// The page of `entries` that `filters` select.
pub fn select<'a>(entries: &'a [Entry], filters: &Filters) -> Page<'a> {
    let matching: Vec<&Entry> = entries
        .iter()
        .filter(|e| {
            let id = e.object.id();
            filters
                .ids
                .as_ref()
                .is_none_or(|s| s.contains(&id.to_string()))
                && filters
                    .types
                    .as_ref()
                    .is_none_or(|s| s.contains(id.object_type()))
                && filters
                    .spec_versions
                    .as_ref()
                    .is_none_or(|s| s.contains(fusioncell_stix::SPEC_VERSION))
        })
        .collect();
    let mut bounds: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for e in &matching {
        let v = e.object.version().millis();
        bounds
            .entry(e.object.id().to_string())
            .and_modify(|(lo, hi)| {
                *lo = (*lo).min(v);
                *hi = (*hi).max(v);
            })
            .or_insert((v, v));
    }
    let versions = &filters.versions;
    let default_last = !versions.first && !versions.all && versions.at.is_empty();
    let mut selected: Vec<&Entry> = matching
        .into_iter()
        .filter(|e| {
            let v = e.object.version().millis();
            let (lo, hi) = bounds[&e.object.id().to_string()];
            versions.all
                || (versions.first && v == lo)
                || ((versions.last || default_last) && v == hi)
                || versions.at.contains(&v)
        })
        .filter(|e| filters.added_after.is_none_or(|t| e.added > t))
        .filter(|e| filters.next.as_ref().is_none_or(|n| e.key() > *n))
        .collect();
    selected.sort_by_key(|e| e.key());
    let limit = filters.limit.unwrap_or(PAGE_MAX);
    let more = selected.len() > limit;
    selected.truncate(limit);
    let next = more
        .then(|| selected.last().map(|e| e.key()))
        .flatten()
        .map(|(added, id, version)| format!("{added}.{version}.{id}"));
    Page {
        entries: selected,
        more,
        next,
    }
}

#[cfg(test)]
mod tests;
