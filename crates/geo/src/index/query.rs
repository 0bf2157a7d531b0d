//! Questions about one activity: conflicts, broken zone rules, force caps exceeded.

use serde::{Deserialize, Serialize};

use super::{Deconfliction, ForceAggregation};
use crate::activity::{AltitudeBand, PreparedActivity, band_overlap};
use crate::rules::{ActivityKind, ForceCategory};
use crate::time::{TimeWindow, Timestamp};

/// Another party's activity that meets this one in space, time and altitude.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Conflict {
    /// The other activity's id.
    pub activity: String,
    /// The other activity's party.
    pub party: String,
    /// When both take place.
    pub window: TimeWindow,
    /// The shared altitude band; `None` when both use the whole column.
    pub altitude: Option<AltitudeBand>,
}

/// An activity kind that the party may not conduct in a zone the activity touches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleViolation {
    /// The zone's id.
    pub zone: String,
    /// The forbidden kind.
    pub kind: ActivityKind,
}

/// Declared forces above a zone's cap for the party.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForceExcess {
    /// The zone's id.
    pub zone: String,
    /// The category over its cap.
    pub category: ForceCategory,
    /// The cap.
    pub cap: u32,
    /// The peak total counted (see [`ForceAggregation`]).
    pub total: u64,
    /// When the peak begins.
    pub at: Timestamp,
    /// Ids of the activities making up the peak, sorted.
    pub activities: Vec<String>,
}

/// Everything wrong with one activity.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// Conflicts with other parties, sorted by activity id.
    pub conflicts: Vec<Conflict>,
    /// Forbidden kinds, sorted by zone id.
    pub violations: Vec<RuleViolation>,
    /// Caps exceeded, sorted by zone id then category.
    pub excesses: Vec<ForceExcess>,
}

impl Assessment {
    /// True when nothing is wrong.
    pub fn is_clear(&self) -> bool {
        self.conflicts.is_empty() && self.violations.is_empty() && self.excesses.is_empty()
    }
}

impl Deconfliction {
    /// Other parties' stored activities that `a` meets: footprints intersect (touching counts),
    /// time windows overlap, altitude bands overlap (a missing band is the whole column). A
    /// stored activity with `a`'s id is skipped, so `a` may be a new version of it.
    pub fn conflicts(&self, a: &PreparedActivity) -> Vec<Conflict> {
        let me = a.activity();
        let own_party = self.party_number(&me.party);
        let own_slot = self.activities.slot_of(&me.id);
        // The party number and slot come with the candidate: no stored data is read yet.
        let candidates = self.activity_candidates(a.area.bbox(), &me.window, |c| {
            Some(c.party) != own_party && Some(c.slot) != own_slot
        });
        let mut out = Vec::new();
        for c in candidates {
            let Some(entry) = self.activities.get(c.slot) else {
                continue;
            };
            let other = &entry.prepared;
            let them = other.activity();
            // Cheapest first: the window and band, the geometry last.
            let Some(window) = me.window.intersection(&them.window) else {
                continue;
            };
            let Some(altitude) = band_overlap(me.altitude.as_ref(), them.altitude.as_ref()) else {
                continue;
            };
            // Parties are interned in the tree: a candidate from the tree (not the brute-force
            // scan, which carries no number) has passed the party test above already.
            let other_party = c.party != u32::MAX || them.party != me.party;
            if other_party && a.area.intersects(&other.area) {
                out.push(Conflict {
                    activity: them.id.clone(),
                    party: them.party.clone(),
                    window,
                    altitude,
                });
            }
        }
        out.sort_by(|x, y| x.activity.cmp(&y.activity));
        out
    }

    /// Zones that `a` touches, with the rules for `a`'s party, sorted by zone id.
    fn touched_zones(&self, a: &PreparedActivity) -> Vec<u32> {
        let party = &a.activity().party;
        let mut slots = Vec::new();
        Self::zone_candidates(
            &self.zones,
            &self.zone_tree,
            self.config.filter,
            a.area.bbox(),
            &mut slots,
        );
        slots.retain(|&s| {
            self.zones.get(s).is_some_and(|z| {
                z.zone.rules.contains_key(party) && z.zone.area.prepared().intersects(&a.area)
            })
        });
        slots.sort_by(|&x, &y| self.zone_id(x).cmp(self.zone_id(y)));
        slots
    }

    fn zone_id(&self, slot: u32) -> &str {
        self.zones.get(slot).map_or("", |z| z.zone.id.as_str())
    }

    /// Forbidden activity kinds for `a`'s party in the zones `a` touches.
    pub fn rule_violations(&self, a: &PreparedActivity) -> Vec<RuleViolation> {
        let me = a.activity();
        self.touched_zones(a)
            .into_iter()
            .filter_map(|slot| {
                let zone = &self.zones.get(slot)?.zone;
                let rules = zone.rules.get(&me.party)?;
                rules
                    .forbidden_kinds
                    .contains(&me.kind)
                    .then(|| RuleViolation {
                        zone: zone.id.clone(),
                        kind: me.kind,
                    })
            })
            .collect()
    }

    /// Caps exceeded in the zones `a` touches, for the categories `a` declares. An activity's
    /// declared forces count in full in every zone its footprint touches, since a declaration
    /// does not say where inside the footprint the forces are. Counting follows
    /// [`Config::forces`](super::Config::forces).
    pub fn force_excesses(&self, a: &PreparedActivity) -> Vec<ForceExcess> {
        let me = a.activity();
        let mut out = Vec::new();
        for slot in self.touched_zones(a) {
            let Some(entry) = self.zones.get(slot) else {
                continue;
            };
            let Some(rules) = entry.zone.rules.get(&me.party) else {
                continue;
            };
            if rules.force_caps.is_empty() {
                continue;
            }
            let peers = match self.config.forces {
                ForceAggregation::PerActivity => Vec::new(),
                ForceAggregation::ConcurrentSum => self.peers_in_zone(a, slot),
            };
            for (&category, &cap) in &rules.force_caps {
                // Only categories this activity declares: it is not to blame for a cap the
                // party already broke without it.
                let own = me.forces.get(&category).copied().unwrap_or(0);
                if own == 0 {
                    continue;
                }
                let others: Vec<(TimeWindow, u32, &str)> = peers
                    .iter()
                    .filter_map(|p| {
                        let n = p.forces.get(&category).copied().unwrap_or(0);
                        (n > 0).then_some((p.window, n, p.id.as_str()))
                    })
                    .collect();
                let (total, at) = peak(me.window, own, &others);
                if total > u64::from(cap) {
                    let mut activities: Vec<String> = others
                        .iter()
                        .filter(|(w, _, _)| w.contains(at))
                        .map(|(_, _, id)| (*id).to_owned())
                        .collect();
                    activities.push(me.id.clone());
                    activities.sort();
                    out.push(ForceExcess {
                        zone: entry.zone.id.clone(),
                        category,
                        cap,
                        total,
                        at,
                        activities,
                    });
                }
            }
        }
        out
    }

    /// The same party's other stored activities that overlap `a` in time and touch zone `slot`.
    fn peers_in_zone(&self, a: &PreparedActivity, slot: u32) -> Vec<&crate::activity::Activity> {
        let me = a.activity();
        let Some(zone) = self.zones.get(slot) else {
            return Vec::new();
        };
        let area = zone.zone.area.prepared();
        let own_party = self.party_number(&me.party);
        let candidates = self.activity_candidates(area.bbox(), &me.window, |c| {
            own_party.is_some_and(|p| c.party == p || c.party == u32::MAX)
        });
        candidates
            .into_iter()
            .filter_map(|c| self.activities.get(c.slot))
            .map(|entry| (entry.prepared.activity(), &entry.prepared.area))
            .filter(|(them, their_area)| {
                them.party == me.party
                    && them.id != me.id
                    && them.window.overlaps(&me.window)
                    && area.intersects(their_area)
            })
            .map(|(them, _)| them)
            .collect()
    }

    /// Zones containing `p`, sorted by id: a stateless check, without hysteresis (points on a
    /// boundary may go either way). Use [`Deconfliction::observe`] for tracks.
    pub fn zones_at(&self, p: crate::coord::LonLat) -> Vec<&crate::rules::Zone> {
        let c = p.to_coord();
        let mut slots = Vec::new();
        Self::zone_candidates(
            &self.zones,
            &self.zone_tree,
            self.config.filter,
            geo::Rect::new(c, c),
            &mut slots,
        );
        let mut found: Vec<&crate::rules::Zone> = slots
            .into_iter()
            .filter_map(|s| self.zones.get(s))
            .filter(|z| z.zone.area.prepared().contains(c))
            .map(|z| &z.zone)
            .collect();
        found.sort_by(|a, b| a.id.cmp(&b.id));
        found
    }

    /// Conflicts, rule violations and force excesses of `a` together.
    pub fn assess(&self, a: &PreparedActivity) -> Assessment {
        Assessment {
            conflicts: self.conflicts(a),
            violations: self.rule_violations(a),
            excesses: self.force_excesses(a),
        }
    }
}

/// Largest total over `window` of `own` (present throughout) plus the `others` present at each
/// instant, and the first instant it is reached. Windows are half-open: one ending at `t` and
/// another starting at `t` are never counted together.
fn peak(window: TimeWindow, own: u32, others: &[(TimeWindow, u32, &str)]) -> (u64, Timestamp) {
    let mut events: Vec<(Timestamp, i64)> = Vec::with_capacity(others.len() * 2);
    for (w, n, _) in others {
        if let Some(clip) = w.intersection(&window) {
            events.push((clip.start(), i64::from(*n)));
            events.push((clip.end(), -i64::from(*n)));
        }
    }
    // Ends before starts at the same instant.
    events.sort_unstable();
    let mut running = i64::from(own);
    let (mut best, mut at) = (running, window.start());
    for (t, delta) in events {
        running += delta;
        if running > best {
            best = running;
            at = t;
        }
    }
    (best.max(0) as u64, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(a: i64, b: i64) -> TimeWindow {
        TimeWindow::new(Timestamp(a), Timestamp(b)).unwrap()
    }

    #[test]
    fn peak_counts_only_concurrent_activities() {
        // b and c overlap the window but not each other: the peak is own + max(b, c).
        let others = [(w(0, 5), 10, "b"), (w(5, 10), 20, "c")];
        assert_eq!(peak(w(0, 10), 1, &others), (21, Timestamp(5)));
        let others = [(w(0, 6), 10, "b"), (w(5, 10), 20, "c")];
        assert_eq!(peak(w(0, 10), 1, &others), (31, Timestamp(5)));
        assert_eq!(peak(w(0, 10), 7, &[]), (7, Timestamp(0)));
        // Outside the window: ignored.
        assert_eq!(peak(w(0, 10), 1, &[(w(10, 20), 5, "d")]), (1, Timestamp(0)));
    }
}
