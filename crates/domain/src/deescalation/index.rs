//! The deconfliction index of the state: zones in force and the current version of every live
//! activity, kept in a [`Deconfliction`] so that a new notification is checked in microseconds.
//!
//! It is derived data: `apply` maintains it from the events, it is left out of the serialised
//! state, and cloning rebuilds it from its own contents (the index itself cannot be cloned).

use std::collections::BTreeSet;

use fusioncell_geo::{Activity, Assessment, Deconfliction, PreparedActivity, Zone};

/// What a zone coming into force finds wrong with one live activity.
pub type ZoneFinding = (String, Assessment);
use geo::MultiPolygon;

/// The index and the ids it holds.
#[derive(Debug, Default)]
pub struct Index {
    inner: Deconfliction,
    zones: BTreeSet<String>,
    activities: BTreeSet<String>,
}

impl Clone for Index {
    fn clone(&self) -> Self {
        let mut copy = Index::default();
        for id in &self.zones {
            if let Some(zone) = self.inner.zone(id) {
                copy.put_zone(zone.clone());
            }
        }
        for id in &self.activities {
            if let Some(a) = self.inner.activity(id) {
                copy.inner.upsert_prepared(a.clone());
                copy.activities.insert(id.clone());
            }
        }
        copy.inner.optimize();
        copy
    }
}

impl Index {
    /// Adds or replaces a zone in force.
    pub fn put_zone(&mut self, zone: Zone) {
        let id = zone.id.clone();
        // Zone ids are checked slugs, so the only refusal (an empty id) cannot happen.
        if self.inner.upsert_zone(zone).is_ok() {
            self.zones.insert(id);
        }
    }

    /// Adds or replaces an activity's current version.
    pub fn put_activity(&mut self, activity: Activity) {
        let id = activity.id.clone();
        // Activities were prepared successfully when decided; preparing is deterministic.
        if self.inner.upsert_activity(activity).is_ok() {
            self.activities.insert(id);
        }
    }

    /// Removes an activity.
    pub fn remove_activity(&mut self, id: &str) {
        self.inner.remove_activity(id);
        self.activities.remove(id);
    }

    /// The footprint of a live activity's current version, as deconfliction sees it (circles
    /// and corridors as their geodesic buffers), for maps.
    pub fn footprint(&self, activity: &str) -> Option<&MultiPolygon<f64>> {
        self.inner
            .activity(activity)
            .map(PreparedActivity::footprint)
    }

    /// The area of a zone's version in force, for maps.
    pub fn zone_area(&self, zone: &str) -> Option<&MultiPolygon<f64>> {
        self.inner.zone(zone).map(|z| z.area.shape())
    }

    /// The rules of `zone` that the indexed activities for which `live` holds would break, and
    /// the caps they would exceed, judged against that zone alone: what a zone coming into force
    /// finds among the activities notified before it. Activities without findings are left out.
    pub fn assess_zone(&self, zone: Zone, live: impl Fn(&str) -> bool) -> Vec<ZoneFinding> {
        let mut scratch = Deconfliction::default();
        if scratch.upsert_zone(zone).is_err() {
            return vec![];
        }
        let live: Vec<&String> = self.activities.iter().filter(|id| live(id)).collect();
        for id in &live {
            if let Some(a) = self.inner.activity(id) {
                scratch.upsert_prepared(a.clone());
            }
        }
        scratch.optimize();
        live.into_iter()
            .filter_map(|id| {
                let a = scratch.activity(id)?;
                let assessment = Assessment {
                    conflicts: vec![],
                    violations: scratch.rule_violations(a),
                    excesses: scratch.force_excesses(a),
                };
                let found = !assessment.violations.is_empty() || !assessment.excesses.is_empty();
                found.then(|| (id.clone(), assessment))
            })
            .collect()
    }

    /// Conflicts, broken rules and exceeded caps of `activity` against everything indexed.
    pub fn assess(&self, activity: &PreparedActivity) -> Assessment {
        self.inner.assess(activity)
    }
}
