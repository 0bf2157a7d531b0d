//! The demo's de-escalation data: zones along the lines of the 1974 disengagement agreement,
//! a few notified activities (two of them in conflict), an incident report each way, and a
//! short position track that crosses the area of separation.
//!
//! The lines and zones are ILLUSTRATIVE, NOT OFFICIAL: two hand-drawn lines roughly where the
//! agreement's Line A (west) and Line B (east) run across the Golan, the area of separation
//! between them, and each party's three areas of limitation (0–10, 0–20 and 0–25 km) measured
//! from its line with the agreement's caps. Every zone says so in its name and description.

use anyhow::Context;
use fusioncell_domain::deescalation::{
    ActivityDraft, ActivityId, Band, Coord7, DeescalationCommand, Footprint, IncidentCategory,
    IncidentId, IncidentReport, PositionFix, PositionTrackId, Shape, Tracker, Window, ZoneId,
};
use fusioncell_domain::{Actor, Command, LangText, PartyId, Span, Timestamp, UserId};
use fusioncell_geo::rules::limitation_zones_1974;
use fusioncell_geo::{ActivityKind, Area, ForceCategory, Forces, LonLat, PartyRules, Zone};
use fusioncell_server::auth::random_id;

use crate::operator::Cell;

/// Says on every demo zone that it is not the agreement's map.
const ILLUSTRATIVE: &str = "Illustrative, not official: drawn for the demonstration after the 1974 Israel–Syria disengagement agreement, not from its map.";

/// Line A, west of the area of separation (illustrative), north to south.
const LINE_A: [(f64, f64); 6] = [
    (35.760, 33.330),
    (35.790, 33.200),
    (35.800, 33.100),
    (35.840, 32.950),
    (35.860, 32.800),
    (35.850, 32.700),
];
/// Line B, east of the area of separation (illustrative), north to south.
const LINE_B: [(f64, f64); 6] = [
    (35.835, 33.335),
    (35.860, 33.200),
    (35.870, 33.100),
    (35.910, 32.950),
    (35.930, 32.800),
    (35.900, 32.700),
];

fn polygon(points: impl IntoIterator<Item = (f64, f64)>) -> anyhow::Result<Area> {
    let mut ring: Vec<[f64; 2]> = points.into_iter().map(|(x, y)| [x, y]).collect();
    ring.push(ring[0]);
    let text = serde_json::json!({"type": "Polygon", "coordinates": [ring]}).to_string();
    Area::parse(&text).context("a demo polygon")
}

fn line(points: &[(f64, f64)]) -> Vec<LonLat> {
    points
        .iter()
        .map(|&(lon, lat)| LonLat { lon, lat })
        .collect()
}

/// The area of separation and both parties' areas of limitation.
fn zones() -> anyhow::Result<Vec<Zone>> {
    let separation = polygon(LINE_A.into_iter().chain(LINE_B.into_iter().rev()))?;
    // No military activity of either party in the area of separation; aid may pass.
    let closed = PartyRules {
        forbidden_kinds: [
            ActivityKind::Air,
            ActivityKind::Ground,
            ActivityKind::Naval,
            ActivityKind::Exercise,
            ActivityKind::Movement,
            ActivityKind::Other,
        ]
        .into(),
        force_caps: Forces::new(),
    };
    let mut zones = vec![Zone {
        id: "aos".into(),
        name: "Area of separation (illustrative)".into(),
        area: separation,
        rules: [
            ("il".to_string(), closed.clone()),
            ("sy".to_string(), closed),
        ]
        .into(),
    }];
    let west = polygon(
        [(35.40, 32.65), (35.85, 32.65)]
            .into_iter()
            .chain(LINE_A.into_iter().rev())
            .chain([(35.76, 33.40), (35.40, 33.40)]),
    )?;
    let east = polygon(
        [
            (35.90, 32.65),
            (36.40, 32.65),
            (36.40, 33.40),
            (35.835, 33.40),
        ]
        .into_iter()
        .chain(LINE_B),
    )?;
    zones.extend(limitation_zones_1974("il", "il", &line(&LINE_A), &west)?);
    zones.extend(limitation_zones_1974("sy", "sy", &line(&LINE_B), &east)?);
    for z in &mut zones {
        z.name = z.name.replace("0-", "0–");
        if !z.name.contains("illustrative") {
            z.name.push_str(" (illustrative)");
        }
    }
    Ok(zones)
}

fn user(login: &str) -> Actor {
    Actor::User(UserId::new(login).expect("demo logins are valid"))
}

fn de(command: DeescalationCommand) -> Command {
    Command::Deescalation(command)
}

fn point(lon: f64, lat: f64) -> Coord7 {
    Coord7::from_degrees("demo", lon, lat).expect("demo positions are on Earth")
}

/// An activity draft starting `start_h` hours from `now` for `hours` hours.
struct Plan {
    kind: ActivityKind,
    footprint: Footprint,
    altitude: Option<(i32, i32)>,
    start_h: i64,
    hours: i64,
    forces: &'static [(ForceCategory, u32)],
    text: (&'static str, &'static str),
}

impl Plan {
    fn draft(&self, now: Timestamp) -> ActivityDraft {
        let start = now.plus(Span::hours(self.start_h));
        ActivityDraft {
            kind: self.kind,
            footprint: self.footprint.clone(),
            altitude: self
                .altitude
                .map(|(lower_m, upper_m)| Band { lower_m, upper_m }),
            window: Window {
                start,
                end: start.plus(Span::hours(self.hours)),
            },
            forces: self.forces.iter().copied().collect(),
            description: LangText {
                lang: self.text.0.into(),
                text: self.text.1.into(),
            },
        }
    }
}

/// Zones agreed, activities notified and acknowledged, incidents reported, a track fed.
pub async fn seed(cell: &Cell) -> anyhow::Result<()> {
    let core = &cell.app.core;
    let now = core.clock().now();
    for zone in zones()? {
        let id = ZoneId::new(&zone.id).context("demo zone id")?;
        let area = Shape::from_geojson("area", &serde_json::to_string(&zone.area)?)?;
        let rules = zone
            .rules
            .into_iter()
            .filter_map(|(p, r)| Some((PartyId::new(&p)?, r)))
            .collect();
        core.submit(
            user("us.supervisor"),
            de(DeescalationCommand::ProposeZone {
                zone: id.clone(),
                name: zone.name,
                description: ILLUSTRATIVE.into(),
                area,
                rules,
            }),
        )
        .await?;
        for party in ["il.liaison", "sy.liaison"] {
            let approve = DeescalationCommand::ApproveZone {
                zone: id.clone(),
                version: 1,
            };
            core.submit(user(party), de(approve)).await?;
        }
    }

    use ForceCategory::*;
    let plans: [(&str, Plan, Option<&str>); 5] = [
        // An Israeli and a Syrian air patrol at the same hours and heights near the line: the
        // pair in conflict (and both reach into the area of separation).
        (
            "il.liaison",
            Plan {
                kind: ActivityKind::Air,
                footprint: Footprint::Circle {
                    center: point(35.74, 33.20),
                    radius_m: 10_000,
                },
                altitude: Some((3_000, 6_000)),
                start_h: 30,
                hours: 3,
                forces: &[],
                text: ("he", "סיור אווירי לאורך הגבול"),
            },
            Some("sy.liaison"),
        ),
        (
            "sy.liaison",
            Plan {
                kind: ActivityKind::Air,
                footprint: Footprint::Circle {
                    center: point(35.92, 33.20),
                    radius_m: 10_000,
                },
                altitude: Some((4_000, 7_000)),
                start_h: 31,
                hours: 2,
                forces: &[],
                text: ("ar", "دورية جوية شرق الخط"),
            },
            None,
        ),
        // A Syrian exercise within its 10 km area, under the caps.
        (
            "sy.liaison",
            Plan {
                kind: ActivityKind::Exercise,
                footprint: Footprint::Circle {
                    center: point(36.00, 33.00),
                    radius_m: 4_000,
                },
                altitude: None,
                start_h: 60,
                hours: 12,
                forces: &[(Troops, 3_000), (Tanks, 50), (ShortRangeArtillery, 20)],
                text: ("ar", "تمرين ميداني"),
            },
            Some("il.liaison"),
        ),
        // An Israeli convoy along a road within its 10 km area.
        (
            "il.liaison",
            Plan {
                kind: ActivityKind::Movement,
                footprint: Footprint::Corridor {
                    line: vec![point(35.60, 33.00), point(35.70, 32.85)],
                    width_m: 3_000,
                },
                altitude: None,
                start_h: 50,
                hours: 6,
                forces: &[(Troops, 500), (Tanks, 20)],
                text: ("en", "Logistics convoy on the Nafah road"),
            },
            Some("sy.liaison"),
        ),
        // A Syrian aid convoy notified with 2 hours' notice where 6 are required: late.
        (
            "sy.liaison",
            Plan {
                kind: ActivityKind::Humanitarian,
                footprint: Footprint::Corridor {
                    line: vec![point(36.10, 32.80), point(35.96, 32.90)],
                    width_m: 2_000,
                },
                altitude: None,
                start_h: 2,
                hours: 6,
                forces: &[],
                text: ("en", "Aid convoy to the villages east of the line"),
            },
            None,
        ),
    ];
    let mut patrol = None;
    for (by, plan, acknowledged_by) in plans {
        let activity = ActivityId::new(&random_id("ac-")).context("a demo activity id")?;
        patrol.get_or_insert(activity.clone());
        let notify = DeescalationCommand::NotifyActivity {
            activity: activity.clone(),
            draft: plan.draft(now),
        };
        core.submit(user(by), de(notify)).await?;
        if let Some(other) = acknowledged_by {
            let ack = DeescalationCommand::AcknowledgeActivity { activity };
            core.submit(user(other), de(ack)).await?;
        }
    }

    let report = |category, lon, lat, text: (&str, &str), zone: Option<&str>| IncidentReport {
        occurred_at: now.plus(Span(-3 * 3_600_000)),
        place: point(lon, lat),
        category,
        description: LangText {
            lang: text.0.into(),
            text: text.1.into(),
        },
        activity: None,
        zone: zone.and_then(ZoneId::new),
    };
    let everyone: std::collections::BTreeSet<PartyId> = ["il", "sy", "us"]
        .into_iter()
        .filter_map(PartyId::new)
        .collect();
    core.submit(
        user("sy.liaison"),
        de(DeescalationCommand::ReportIncident {
            incident: IncidentId::new(&random_id("in-")).context("a demo incident id")?,
            report: report(
                IncidentCategory::AirspaceViolation,
                35.83,
                33.22,
                ("ar", "طائرة مسيرة فوق المنطقة العازلة"),
                Some("aos"),
            ),
            shared_with: everyone.clone(),
        }),
    )
    .await?;
    let mut near_patrol = report(
        IncidentCategory::UnexplodedOrdnance,
        35.72,
        33.05,
        ("he", "פגז שלא התפוצץ ליד הדרך"),
        None,
    );
    near_patrol.activity = patrol;
    core.submit(
        user("il.liaison"),
        de(DeescalationCommand::ReportIncident {
            incident: IncidentId::new(&random_id("in-")).context("a demo incident id")?,
            report: near_patrol,
            shared_with: everyone,
        }),
    )
    .await?;

    // An Israeli patrol drives east into the area of separation and back: an entry (with an
    // alert, as movement is forbidden there) and an exit are recorded, not the 25 reports.
    let track = PositionTrackId::new("il-patrol-3").context("a demo track id")?;
    let fixes: Vec<PositionFix> = (0..25)
        .map(|i: i64| {
            let step = if i <= 12 { i } else { 24 - i };
            PositionFix {
                track: track.clone(),
                time: now.plus(Span::minutes(i - 40)),
                lon: 35.74 + 0.01 * step as f64,
                lat: 33.00,
                altitude_m: None,
                activity_kind: ActivityKind::Movement,
            }
        })
        .collect();
    let crossings = {
        let read = core.read();
        let config = read.state.config().context("the demo cell is configured")?;
        let il = PartyId::new("il").context("the demo's party")?;
        Tracker::new(&config.deescalation).observe(&read.state.deescalation, &il, &fixes)?
    };
    core.submit(
        user("il.liaison"),
        de(DeescalationCommand::RecordCrossings { crossings }),
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_illustrative_zones_are_valid_and_labelled() {
        let zones = zones().unwrap();
        let ids: Vec<&str> = zones.iter().map(|z| z.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "aos", "il-10km", "il-20km", "il-25km", "sy-10km", "sy-20km", "sy-25km"
            ]
        );
        for z in &zones {
            assert!(z.name.contains("illustrative"), "{}", z.name);
            let text = serde_json::to_string(&z.area).unwrap();
            Shape::from_geojson("area", &text).unwrap();
        }
        // Quneitra lies in the area of separation.
        let quneitra = geo::Point::new(35.824, 33.125);
        use geo::Contains;
        assert!(zones[0].area.shape().contains(&quneitra));
    }
}
