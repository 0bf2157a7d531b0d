//! The deconfliction index of the state: zones in force and the current version of every live
//! activity, kept in a [`Deconfliction`] so that a new notification is checked in microseconds.
//!
//! It is derived data: `apply` maintains it from the events, it is left out of the serialised
//! state, and cloning rebuilds it from its own contents (the index itself cannot be cloned).

use std::collections::BTreeSet;

use fusioncell_geo::{Activity, Assessment, Deconfliction, PreparedActivity, Zone};
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
                copy.put_activity(a.activity().clone());
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

    /// Conflicts, broken rules and exceeded caps of `activity` against everything indexed.
    pub fn assess(&self, activity: &PreparedActivity) -> Assessment {
        self.inner.assess(activity)
    }
}
