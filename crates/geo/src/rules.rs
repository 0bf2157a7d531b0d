//! Zones and the rules each party must keep inside them.

use std::collections::{BTreeMap, BTreeSet};

use geo::BooleanOps;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::area::{Area, ShapeError, WindingPolicy};
use crate::buffer::{BufferError, buffer_line};
use crate::coord::LonLat;

/// What an activity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityKind {
    /// Flights.
    Air,
    /// Ground operations.
    Ground,
    /// Operations at sea.
    Naval,
    /// Exercises.
    Exercise,
    /// Movement of forces.
    Movement,
    /// Humanitarian work.
    Humanitarian,
    /// Anything else.
    Other,
}

/// A category of declared forces, after the 1974 Israel–Syria areas of limitation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ForceCategory {
    /// Troops (people).
    Troops,
    /// Tanks.
    Tanks,
    /// Short-range artillery pieces.
    ShortRangeArtillery,
    /// Heavy (long-range) artillery pieces.
    HeavyArtillery,
    /// Air-defence systems: surface-to-air missile batteries.
    SurfaceToAirMissiles,
}

/// Counts per force category: declared forces of an activity, or caps of a zone. A category
/// missing from a cap map is uncapped; a cap of 0 forbids the category.
pub type Forces = BTreeMap<ForceCategory, u32>;

/// What one party may not do inside a zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyRules {
    /// Activity kinds this party may not conduct in the zone.
    #[serde(default)]
    pub forbidden_kinds: BTreeSet<ActivityKind>,
    /// Largest forces this party may have in the zone at any instant.
    #[serde(default)]
    pub force_caps: Forces,
}

/// A named area with rules per party (keyed by party id).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Zone {
    /// Stable identifier, unique among zones.
    pub id: String,
    /// Human-readable name.
    pub name: String,
    /// Where the zone is.
    pub area: Area,
    /// Rules per party id; parties without an entry are unconstrained.
    #[serde(default)]
    pub rules: BTreeMap<String, PartyRules>,
}

/// Why the 1974-style zones could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum LimitationError {
    /// The line could not be buffered.
    #[error("buffering the line: {0}")]
    Buffer(#[from] BufferError),
    /// A band clipped to the party's side is not a valid area.
    #[error("the {band_km} km band is not a valid area: {source}")]
    Shape {
        /// Outer distance of the band, km.
        band_km: u32,
        /// The validation failure.
        source: ShapeError,
    },
}

/// Builds the three nested areas of limitation of the 1974 Israel–Syria disengagement
/// agreement for one party, measured from `line` and clipped to `side` (that party's side of
/// it, e.g. its territory beyond the area of separation):
///
/// - 0–10 km: at most 6,000 troops, 75 tanks and 36 short-range artillery pieces;
/// - 0–20 km: no heavy artillery;
/// - 0–25 km: no surface-to-air missiles.
///
/// The bands are nested rather than disjoint, so the 0–10 km area also lies in the other two
/// and their bans apply there as well. Zone ids are `"{id_prefix}-10km"`, `-20km`, `-25km`.
pub fn limitation_zones_1974(
    id_prefix: &str,
    party: &str,
    line: &[LonLat],
    side: &Area,
) -> Result<Vec<Zone>, LimitationError> {
    use ForceCategory::*;
    let bands: [(u32, Forces); 3] = [
        (
            10,
            Forces::from([(Troops, 6_000), (Tanks, 75), (ShortRangeArtillery, 36)]),
        ),
        (20, Forces::from([(HeavyArtillery, 0)])),
        (25, Forces::from([(SurfaceToAirMissiles, 0)])),
    ];
    bands
        .into_iter()
        .map(|(km, caps)| {
            let band = buffer_line(line, f64::from(km) * 1_000.0)?;
            let clipped = band.intersection(side.shape());
            let area =
                Area::from_multi_polygon(&clipped, WindingPolicy::Normalize).map_err(|source| {
                    LimitationError::Shape {
                        band_km: km,
                        source,
                    }
                })?;
            Ok(Zone {
                id: format!("{id_prefix}-{km}km"),
                name: format!("{party} area of limitation 0-{km} km"),
                area,
                rules: BTreeMap::from([(
                    party.to_owned(),
                    PartyRules {
                        forbidden_kinds: BTreeSet::new(),
                        force_caps: caps,
                    },
                )]),
            })
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use geo::{Contains, Point};

    /// A simplified separation line on the Golan and the area east of it.
    pub(crate) fn golan() -> (Vec<LonLat>, Area) {
        let line = vec![
            LonLat {
                lon: 35.80,
                lat: 33.32,
            },
            LonLat {
                lon: 35.86,
                lat: 33.10,
            },
            LonLat {
                lon: 35.90,
                lat: 32.90,
            },
            LonLat {
                lon: 35.82,
                lat: 32.70,
            },
        ];
        let east = Area::parse(
            r#"{"type":"Polygon","coordinates":[[[35.80,33.32],[35.86,33.10],[35.90,32.90],[35.82,32.70],
            [35.82,32.40],[36.80,32.40],[36.80,33.70],[35.80,33.70],[35.80,33.32]]]}"#,
        )
        .unwrap();
        (line, east)
    }

    #[test]
    fn builds_the_1974_bands() {
        let (line, east) = golan();
        let zones = limitation_zones_1974("sy", "SY", &line, &east).unwrap();
        assert_eq!(zones.len(), 3);
        assert_eq!(zones[0].id, "sy-10km");
        let caps = &zones[0].rules["SY"].force_caps;
        assert_eq!(caps[&ForceCategory::Troops], 6_000);
        assert_eq!(caps[&ForceCategory::Tanks], 75);
        assert_eq!(caps[&ForceCategory::ShortRangeArtillery], 36);
        assert_eq!(
            zones[1].rules["SY"].force_caps[&ForceCategory::HeavyArtillery],
            0
        );
        assert_eq!(
            zones[2].rules["SY"].force_caps[&ForceCategory::SurfaceToAirMissiles],
            0
        );
        // 5 km east of the line lies in all three; 15 km east only in the outer two; nothing
        // west of the line.
        let shape = |i: usize| zones[i].area.shape().clone();
        let p5 = Point::new(35.90 + 0.054, 32.90);
        let p15 = Point::new(35.90 + 0.16, 32.90);
        let west = Point::new(35.85, 32.90);
        assert!(shape(0).contains(&p5) && shape(1).contains(&p5) && shape(2).contains(&p5));
        assert!(!shape(0).contains(&p15) && shape(1).contains(&p15));
        assert!(!shape(2).contains(&west));
        let json = serde_json::to_string(&zones[0]).unwrap();
        let back: Zone = serde_json::from_str(&json).unwrap();
        assert_eq!(back, zones[0]);
        assert!(json.contains(r#""short_range_artillery":36"#), "{json}");
    }

    #[test]
    fn bad_line_is_reported() {
        let (_, east) = golan();
        let err = limitation_zones_1974(
            "x",
            "SY",
            &[LonLat {
                lon: 35.8,
                lat: 33.0,
            }],
            &east,
        );
        assert_eq!(
            err,
            Err(LimitationError::Buffer(BufferError::TooFewPoints(1)))
        );
    }
}
