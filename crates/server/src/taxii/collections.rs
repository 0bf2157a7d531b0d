//! The collections: one per track and release audience. A collection holds the released reports
//! of its track whose audience is exactly its audience, so which collection a report is in says
//! who received it. A party is shown the collections whose audience it belongs to, by the one
//! visibility rule.

use std::collections::BTreeSet;

use fusioncell_domain::visibility::can_see;
use fusioncell_domain::{Audience, CellConfig, PartyId, TrackId};
use fusioncell_stix::StixId;
use serde::Serialize;

/// A collection: a track and the audience of the reports in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collection {
    /// The collection's id (a UUID derived from track and audience, stable across restarts).
    pub id: String,
    /// The track.
    pub track: TrackId,
    /// Who receives what is in it: the supervisor and the parties of the release.
    pub audience: Audience,
}

impl Collection {
    /// The collection of `track` for `audience`.
    pub fn new(track: TrackId, audience: Audience) -> Collection {
        let parties: Vec<&str> = audience.0.iter().map(PartyId::as_str).collect();
        let id = StixId::derived(
            "x-taxii-collection",
            &format!("{track}|{}", parties.join(",")),
        )
        .uuid();
        Collection {
            id,
            track,
            audience,
        }
    }

    /// The collection's short name, e.g. `intelligence:il+sy+us`.
    pub fn alias(&self) -> String {
        let parties: Vec<&str> = self.audience.0.iter().map(PartyId::as_str).collect();
        format!("{}:{}", self.track, parties.join("+"))
    }
}

/// Every collection of the cell: for each track, each set of parties other than the supervisor
/// (at least one), with the supervisor.
pub fn all(config: &CellConfig) -> Vec<Collection> {
    let others: Vec<&PartyId> = config
        .parties
        .iter()
        .map(|p| &p.id)
        .filter(|p| **p != config.supervisor)
        .collect();
    let mut audiences = Vec::new();
    for mask in 1u64..(1u64 << others.len().min(16)) {
        let mut parties: BTreeSet<PartyId> = others
            .iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, p)| (*p).clone())
            .collect();
        parties.insert(config.supervisor.clone());
        audiences.push(Audience(parties));
    }
    audiences.sort_by_key(|a| std::cmp::Reverse(a.0.len()));
    config
        .tracks
        .iter()
        .flat_map(|t| {
            audiences
                .iter()
                .map(|a| Collection::new(t.id.clone(), a.clone()))
        })
        .collect()
}

/// The collections `party` may see.
pub fn visible(config: &CellConfig, party: &PartyId) -> Vec<Collection> {
    all(config)
        .into_iter()
        .filter(|c| can_see(&c.audience, party))
        .collect()
}

/// The collection `id`, if `party` may see it.
pub fn find(config: &CellConfig, party: &PartyId, id: &str) -> Option<Collection> {
    visible(config, party).into_iter().find(|c| c.id == id)
}

/// A collection resource as TAXII lists it.
#[derive(Serialize)]
pub struct CollectionResource {
    id: String,
    title: String,
    description: String,
    alias: String,
    can_read: bool,
    can_write: bool,
    media_types: [&'static str; 1],
}

/// The name of `party` in English, or its id.
fn party_name(config: &CellConfig, party: &PartyId) -> String {
    config
        .parties
        .iter()
        .find(|p| p.id == *party)
        .and_then(|p| p.names.get("en").or_else(|| p.names.values().next()))
        .cloned()
        .unwrap_or_else(|| party.to_string())
}

impl CollectionResource {
    /// How `collection` is described to a reader of `party`.
    pub fn new(config: &CellConfig, collection: &Collection) -> CollectionResource {
        let track = config
            .tracks
            .iter()
            .find(|t| t.id == collection.track)
            .and_then(|t| t.names.get("en").or_else(|| t.names.values().next()))
            .cloned()
            .unwrap_or_else(|| collection.track.to_string());
        let parties: Vec<String> = collection
            .audience
            .0
            .iter()
            .map(|p| party_name(config, p))
            .collect();
        CollectionResource {
            id: collection.id.clone(),
            title: format!("{track}: {}", parties.join(", ")),
            description: format!(
                "Intelligence reports on the {track} track released to exactly {}. Objects added here are imported as drafts of your party on this track, releasable to the other parties of this collection.",
                parties.join(", ")
            ),
            alias: collection.alias(),
            can_read: true,
            can_write: true,
            media_types: [fusioncell_stix::MEDIA_TYPE],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> CellConfig {
        CellConfig::from_toml(include_str!("../../../../examples/levant-cell.toml")).unwrap()
    }

    fn party(p: &str) -> PartyId {
        PartyId::new(p).unwrap()
    }

    #[test]
    fn one_collection_per_track_and_audience_with_the_supervisor() {
        let config = config();
        let all = all(&config);
        assert_eq!(all.len(), config.tracks.len() * 3);
        assert!(all.iter().all(|c| c.audience.contains(&party("us"))));
        let ids: BTreeSet<&str> = all.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids.len(), all.len());
    }

    #[test]
    fn a_party_sees_only_collections_it_belongs_to() {
        let config = config();
        let il = visible(&config, &party("il"));
        assert_eq!(il.len(), config.tracks.len() * 2);
        assert!(il.iter().all(|c| c.audience.contains(&party("il"))));
        assert_eq!(
            visible(&config, &party("us")).len(),
            config.tracks.len() * 3
        );
        let sy_only = all(&config)
            .into_iter()
            .find(|c| !c.audience.contains(&party("il")))
            .unwrap();
        assert_eq!(find(&config, &party("il"), &sy_only.id), None);
        assert!(find(&config, &party("sy"), &sy_only.id).is_some());
    }

    #[test]
    fn ids_are_stable() {
        let a = Collection::new(
            TrackId::new("intelligence").unwrap(),
            Audience([party("il"), party("us")].into()),
        );
        assert_eq!(a, Collection::new(a.track.clone(), a.audience.clone()));
        assert_eq!(a.alias(), "intelligence:il+us");
    }
}
