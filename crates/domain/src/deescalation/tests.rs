//! Scenario and property tests of de-escalation, driven like the server drives the core.

use std::collections::BTreeSet;

use fusioncell_geo::{ActivityKind, ForceCategory, Forces, PartyRules};
use geo::Intersects;
use proptest::prelude::*;

use super::*;
use crate::command::{Actor, Command};
use crate::config::CellConfig;
use crate::decide;
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::ids::{PartyId, UserId};
use crate::language::LangText;
use crate::state::CellState;
use crate::time::{Span, Timestamp};
use crate::user::Role;

const CONFIG: &str = include_str!("../../../../examples/levant-cell.toml");
const T0: Timestamp = Timestamp(1_767_700_800_000);
const HOUR: i64 = 3_600_000;

fn party(id: &str) -> PartyId {
    PartyId::new(id).unwrap()
}

fn at(hours: i64) -> Timestamp {
    Timestamp(T0.0 + hours * HOUR)
}

/// A square area of `half` degrees around a point.
fn square(lon: f64, lat: f64, half: f64) -> Shape {
    let (a, b, c, d) = (lon - half, lat - half, lon + half, lat + half);
    Shape::from_geojson(
        "area",
        &format!(
            r#"{{"type":"Polygon","coordinates":[[[{a},{b}],[{c},{b}],[{c},{d}],[{a},{d}],[{a},{b}]]]}}"#
        ),
    )
    .unwrap()
}

fn circle(lon: f64, lat: f64, radius_m: u32) -> Footprint {
    Footprint::Circle {
        center: Coord7::from_degrees("center", lon, lat).unwrap(),
        radius_m,
    }
}

fn draft(kind: ActivityKind, footprint: Footprint, start: i64, end: i64) -> ActivityDraft {
    ActivityDraft {
        kind,
        footprint,
        altitude: None,
        window: Window {
            start: at(start),
            end: at(end),
        },
        forces: Forces::new(),
        description: LangText {
            lang: "en".into(),
            text: "Patrol".into(),
        },
    }
}

/// A cell and its record.
struct Cell {
    state: CellState,
    record: Vec<Event>,
}

impl Cell {
    fn new() -> Cell {
        let mut cell = Cell {
            state: CellState::default(),
            record: vec![],
        };
        let config = CellConfig::from_toml(CONFIG).unwrap();
        cell.run(Actor::Cell, Command::Configure(config), T0)
            .unwrap();
        for (id, roles) in [
            ("il.liaison", vec![Role::Liaison]),
            ("il.analyst", vec![Role::Analyst]),
            ("sy.liaison", vec![Role::Liaison]),
            ("us.supervisor", vec![Role::Liaison, Role::Approver]),
            ("us.observer", vec![Role::Observer]),
        ] {
            let p = party(id.split('.').next().unwrap());
            cell.run(
                Actor::Cell,
                Command::AddUser {
                    user: UserId::new(id).unwrap(),
                    display_name: id.into(),
                    party: p,
                    roles: roles.into_iter().collect(),
                },
                T0,
            )
            .unwrap();
        }
        cell
    }

    fn run(
        &mut self,
        actor: Actor,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        let events = decide(&self.state, &actor, &command, now)?;
        for e in &events {
            let index = self.state.next_index;
            self.state.apply(index, e);
            self.record.push(e.clone());
        }
        Ok(events)
    }

    fn de(
        &mut self,
        user: &str,
        c: DeescalationCommand,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        let actor = if user == "cell" {
            Actor::Cell
        } else {
            Actor::User(UserId::new(user).unwrap())
        };
        self.run(actor, Command::Deescalation(c), now)
    }

    fn notify(
        &mut self,
        user: &str,
        id: &str,
        d: ActivityDraft,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.de(
            user,
            DeescalationCommand::NotifyActivity {
                activity: ActivityId::new(id).unwrap(),
                draft: d,
            },
            now,
        )
    }

    /// Proposes a zone and has every party approve it.
    fn agree_zone(&mut self, id: &str, area: Shape, rules: Vec<(&str, PartyRules)>) {
        let zone = ZoneId::new(id).unwrap();
        let events = self
            .de(
                "us.supervisor",
                DeescalationCommand::ProposeZone {
                    zone: zone.clone(),
                    name: format!("Zone {id}"),
                    description: "Illustrative".into(),
                    area,
                    rules: rules.into_iter().map(|(p, r)| (party(p), r)).collect(),
                },
                T0,
            )
            .unwrap();
        let DeescalationEvent::ZoneProposed { version, .. } = inner(&events[0]) else {
            panic!("a proposal");
        };
        let version = *version;
        for who in ["il.liaison", "sy.liaison"] {
            self.de(
                who,
                DeescalationCommand::ApproveZone {
                    zone: zone.clone(),
                    version,
                },
                T0,
            )
            .unwrap();
        }
    }

    fn tick(&mut self, now: Timestamp) {
        for activity in self.state.deescalation.overdue(now) {
            self.de(
                "cell",
                DeescalationCommand::EscalateActivity { activity },
                now,
            )
            .unwrap();
        }
    }
}

fn inner(e: &Event) -> &DeescalationEvent {
    match &e.body {
        EventBody::Deescalation { event } => event,
        other => panic!("not a de-escalation event: {other:?}"),
    }
}

fn alerts(events: &[Event]) -> Vec<(&AlertCause, &Event)> {
    events
        .iter()
        .filter_map(|e| match inner(e) {
            DeescalationEvent::Alert { cause, .. } => Some((cause, e)),
            _ => None,
        })
        .collect()
}

fn parties(list: &[&str]) -> BTreeSet<PartyId> {
    list.iter().map(|p| party(p)).collect()
}

#[test]
fn a_zone_is_in_force_only_once_every_party_approved_and_versions_are_kept() {
    let mut cell = Cell::new();
    let zone = ZoneId::new("aos").unwrap();
    let propose = |area: Shape| DeescalationCommand::ProposeZone {
        zone: zone.clone(),
        name: "Area of separation".into(),
        description: "Illustrative, not official".into(),
        area,
        rules: Default::default(),
    };
    let e = cell
        .de("il.liaison", propose(square(35.9, 33.1, 0.05)), T0)
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
    let events = cell
        .de("us.supervisor", propose(square(35.9, 33.1, 0.05)), T0)
        .unwrap();
    assert_eq!(events[0].body.kind(), "zone.proposed");
    assert_eq!(events[0].audience.0, parties(&["il", "sy", "us"]));
    let approve = |version| DeescalationCommand::ApproveZone {
        zone: zone.clone(),
        version,
    };
    assert_eq!(
        cell.de("us.supervisor", approve(1), T0).unwrap_err().code(),
        "forbidden"
    );
    assert_eq!(cell.de("il.liaison", approve(1), T0).unwrap().len(), 1);
    assert!(
        cell.de("il.liaison", approve(1), T0).unwrap().is_empty(),
        "approving twice is harmless"
    );
    assert_eq!(cell.state.deescalation.zones[&zone].in_force, None);
    let events = cell.de("sy.liaison", approve(1), T0).unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.body.kind()).collect();
    assert_eq!(kinds, ["zone.approved", "zone.in_force"]);
    assert_eq!(cell.state.deescalation.zones[&zone].in_force, Some(1));

    // A second version stays pending while the first remains in force.
    cell.de("us.supervisor", propose(square(35.9, 33.1, 0.06)), at(1))
        .unwrap();
    let record = &cell.state.deescalation.zones[&zone];
    assert_eq!(record.in_force, Some(1));
    assert_eq!(record.status(&record.versions[1]), ZoneStatus::Proposed);
    assert_eq!(
        cell.de("il.liaison", approve(3), T0).unwrap_err().code(),
        "not_found"
    );
    cell.de("il.liaison", approve(2), at(1)).unwrap();
    cell.de("sy.liaison", approve(2), at(1)).unwrap();
    let record = &cell.state.deescalation.zones[&zone];
    assert_eq!(record.in_force, Some(2));
    assert_eq!(record.status(&record.versions[0]), ZoneStatus::Replaced);
    assert_eq!(
        cell.de("il.liaison", approve(1), T0).unwrap_err().code(),
        "conflict"
    );
}

#[test]
fn lead_time_is_recorded_and_late_notifications_are_flagged_by_how_much() {
    let mut cell = Cell::new();
    // Exercises need the default 48 h; 50 h is in time.
    let events = cell
        .notify(
            "il.liaison",
            "ac-1",
            draft(ActivityKind::Exercise, circle(35.5, 33.0, 5_000), 50, 60),
            T0,
        )
        .unwrap();
    let DeescalationEvent::ActivityNotified {
        lead,
        addressed,
        deadline,
        ..
    } = inner(&events[0])
    else {
        panic!("a notification");
    };
    assert_eq!(lead.notice_ms, 50 * HOUR);
    assert_eq!(lead.required_ms, 48 * HOUR);
    assert_eq!(lead.late_by_ms, None);
    assert_eq!(
        *addressed,
        parties(&["sy"]),
        "the supervisor is not asked to acknowledge"
    );
    assert_eq!(*deadline, Some(at(4)));
    // Air needs 24 h (the example's min_lead): 2 h of notice is late by 22 h, and still accepted.
    let events = cell
        .notify(
            "sy.liaison",
            "ac-2",
            draft(ActivityKind::Air, circle(36.5, 34.0, 5_000), 2, 3),
            T0,
        )
        .unwrap();
    let DeescalationEvent::ActivityNotified { lead, deadline, .. } = inner(&events[0]) else {
        panic!("a notification");
    };
    assert_eq!(lead.late_by_ms, Some(22 * HOUR));
    assert_eq!(
        *deadline,
        Some(at(2)),
        "due before the start when that comes first"
    );
    // Already under way: accepted, late by the whole requirement and more.
    let events = cell
        .notify(
            "sy.liaison",
            "ac-3",
            draft(ActivityKind::Humanitarian, circle(36.5, 35.0, 5_000), -1, 3),
            T0,
        )
        .unwrap();
    let DeescalationEvent::ActivityNotified { lead, .. } = inner(&events[0]) else {
        panic!("a notification");
    };
    assert_eq!(lead.late_by_ms, Some(7 * HOUR));
    let e = cell
        .notify(
            "sy.liaison",
            "ac-4",
            draft(ActivityKind::Air, circle(36.5, 34.0, 5_000), -3, -1),
            T0,
        )
        .unwrap_err();
    assert_eq!(e.to_string().split(' ').next(), Some("window.end"));
    let e = cell
        .notify(
            "il.analyst",
            "ac-5",
            draft(ActivityKind::Air, circle(36.5, 34.0, 5_000), 50, 51),
            T0,
        )
        .unwrap_err();
    assert_eq!(e.code(), "forbidden");
}

#[test]
fn acknowledgement_is_receipt_by_the_other_parties_or_the_notification_escalates() {
    let mut cell = Cell::new();
    let id = ActivityId::new("ac-1").unwrap();
    cell.notify(
        "il.liaison",
        "ac-1",
        draft(ActivityKind::Ground, circle(35.5, 33.0, 5_000), 50, 60),
        T0,
    )
    .unwrap();
    let ack = || DeescalationCommand::AcknowledgeActivity {
        activity: id.clone(),
    };
    assert_eq!(
        cell.de("il.liaison", ack(), T0).unwrap_err().code(),
        "conflict"
    );
    assert_eq!(
        cell.de("us.supervisor", ack(), T0).unwrap_err().code(),
        "conflict"
    );
    cell.tick(at(3));
    assert!(
        cell.state.deescalation.activities[&id]
            .current
            .escalated_at
            .is_none()
    );
    cell.tick(at(4));
    assert_eq!(
        cell.state.deescalation.activities[&id].current.escalated_at,
        Some(at(4))
    );
    assert!(cell.state.deescalation.deadlines.is_empty());
    // A late acknowledgement is still recorded, and flagged late.
    let events = cell.de("sy.liaison", ack(), at(5)).unwrap();
    assert_eq!(
        inner(&events[0]),
        &DeescalationEvent::ActivityAcknowledged {
            activity: id.clone(),
            version: 1,
            party: party("sy"),
            late: true
        }
    );
    assert!(cell.de("sy.liaison", ack(), at(5)).unwrap().is_empty());

    // A change is a new version, acknowledged afresh.
    let mut changed = draft(ActivityKind::Ground, circle(35.5, 33.0, 6_000), 50, 60);
    let update = |d: ActivityDraft| DeescalationCommand::UpdateActivity {
        activity: id.clone(),
        draft: d,
    };
    assert_eq!(
        cell.de("sy.liaison", update(changed.clone()), at(5))
            .unwrap_err()
            .code(),
        "forbidden"
    );
    let events = cell
        .de("il.liaison", update(changed.clone()), at(5))
        .unwrap();
    assert_eq!(events[0].body.kind(), "activity.updated");
    assert!(
        cell.de("il.liaison", update(changed.clone()), at(5))
            .unwrap()
            .is_empty()
    );
    let record = &cell.state.deescalation.activities[&id];
    assert_eq!(record.current.version, 2);
    assert_eq!(record.history.len(), 1);
    assert_eq!(record.current.unacknowledged(), parties(&["sy"]));
    cell.de("sy.liaison", ack(), at(6)).unwrap();
    cell.tick(at(20));
    let v2 = &cell.state.deescalation.activities[&id].current;
    assert_eq!(v2.escalated_at, None, "acknowledged in time");
    changed.window.end = at(70);
    cell.de(
        "il.liaison",
        DeescalationCommand::CancelActivity {
            activity: id.clone(),
        },
        at(7),
    )
    .unwrap();
    assert_eq!(
        cell.de("il.liaison", update(changed), at(7))
            .unwrap_err()
            .code(),
        "conflict"
    );
}

#[test]
fn conflicts_become_alerts_to_both_parties_and_the_supervisor() {
    let mut cell = Cell::new();
    let mut a = draft(ActivityKind::Air, circle(35.8, 33.0, 5_000), 50, 52);
    a.altitude = Some(Band {
        lower_m: 1_000,
        upper_m: 3_000,
    });
    cell.notify("il.liaison", "ac-il", a.clone(), T0).unwrap();
    // Same party: no conflict.
    let events = cell.notify("il.liaison", "ac-il2", a.clone(), T0).unwrap();
    assert!(alerts(&events).is_empty());
    // Stacked altitude layers do not conflict; overlapping ones do.
    let mut b = draft(ActivityKind::Air, circle(35.85, 33.0, 5_000), 51, 53);
    b.altitude = Some(Band {
        lower_m: 3_000,
        upper_m: 6_000,
    });
    let events = cell.notify("sy.liaison", "ac-sy", b.clone(), T0).unwrap();
    assert!(alerts(&events).is_empty());
    b.altitude = Some(Band {
        lower_m: 2_000,
        upper_m: 6_000,
    });
    let events = cell
        .de(
            "sy.liaison",
            DeescalationCommand::UpdateActivity {
                activity: ActivityId::new("ac-sy").unwrap(),
                draft: b,
            },
            T0,
        )
        .unwrap();
    let found = alerts(&events);
    assert_eq!(
        found.len(),
        2,
        "one per conflicting activity of the other party: {found:?}"
    );
    let (cause, event) = found[0];
    assert_eq!(event.audience.0, parties(&["il", "sy", "us"]));
    let AlertCause::Conflict {
        other,
        window,
        altitude,
        version,
        ..
    } = cause
    else {
        panic!("a conflict");
    };
    assert_eq!(other.as_str(), "ac-il");
    assert_eq!(*version, 2);
    assert_eq!(
        *window,
        Window {
            start: at(51),
            end: at(52)
        }
    );
    assert_eq!(
        *altitude,
        Some(Band {
            lower_m: 2_000,
            upper_m: 3_000
        })
    );
    let DeescalationEvent::Alert { alert, .. } = inner(event) else {
        panic!()
    };
    assert_eq!(alert, &AlertId::at_index(cell.state.next_index - 2));
    // A cancelled activity conflicts no more.
    cell.de(
        "il.liaison",
        DeescalationCommand::CancelActivity {
            activity: ActivityId::new("ac-il").unwrap(),
        },
        T0,
    )
    .unwrap();
    let events = cell.notify("sy.liaison", "ac-sy2", a.clone(), T0).unwrap();
    assert_eq!(alerts(&events).len(), 1, "only ac-il2 is left");
    // The dry run finds what notifying would find, and records nothing.
    let user = cell.state.users[&UserId::new("sy.liaison").unwrap()].clone();
    let len = cell.record.len();
    let c = check(
        &cell.state,
        &user,
        &ActivityId::new("ac-probe").unwrap(),
        &a,
        T0,
    )
    .unwrap();
    assert_eq!(c.findings.len(), 1);
    assert_eq!(cell.record.len(), len);
}

#[test]
fn zone_rules_and_force_caps_raise_alerts_to_every_party() {
    use ForceCategory::*;
    let mut cell = Cell::new();
    let rules = PartyRules {
        forbidden_kinds: [ActivityKind::Ground].into(),
        force_caps: Forces::from([(Tanks, 75)]),
    };
    cell.agree_zone("sy-10km", square(36.0, 33.0, 0.1), vec![("sy", rules)]);
    let events = cell
        .notify(
            "sy.liaison",
            "ac-1",
            draft(ActivityKind::Ground, circle(36.0, 33.0, 2_000), 50, 60),
            T0,
        )
        .unwrap();
    let found = alerts(&events);
    assert_eq!(found.len(), 1);
    assert!(matches!(
        found[0].0,
        AlertCause::ZoneRule {
            activity_kind: ActivityKind::Ground,
            zone_version: 1,
            ..
        }
    ));
    assert_eq!(found[0].1.audience.0, parties(&["il", "sy", "us"]));
    // 50 + 40 tanks at once exceed 75; the party's activities are counted together.
    let mut d = draft(ActivityKind::Movement, circle(36.0, 33.0, 2_000), 50, 60);
    d.forces = Forces::from([(Tanks, 50)]);
    assert!(alerts(&cell.notify("sy.liaison", "ac-2", d.clone(), T0).unwrap()).is_empty());
    d.forces = Forces::from([(Tanks, 40)]);
    let events = cell.notify("sy.liaison", "ac-3", d, T0).unwrap();
    let found = alerts(&events);
    let AlertCause::ForceCap {
        total,
        cap,
        activities,
        ..
    } = found[0].0
    else {
        panic!("a force cap");
    };
    assert_eq!((*total, *cap), (90, 75));
    assert_eq!(activities.len(), 2);
    // The rules bind Syria only.
    assert!(
        alerts(
            &cell
                .notify(
                    "il.liaison",
                    "ac-4",
                    draft(ActivityKind::Ground, circle(36.0, 33.0, 2_000), 70, 80),
                    T0
                )
                .unwrap()
        )
        .is_empty()
    );
}

#[test]
fn a_zone_coming_into_force_judges_the_activities_notified_before_it() {
    use ForceCategory::*;
    let mut cell = Cell::new();
    // Notified before any zone: a ground patrol, two tank movements that together pass the
    // cap, one activity already over when the zone comes into force, and one called off.
    let mut events = Vec::new();
    events.extend(
        cell.notify(
            "sy.liaison",
            "ac-ground",
            draft(ActivityKind::Ground, circle(36.0, 33.0, 2_000), 50, 60),
            T0,
        )
        .unwrap(),
    );
    let mut d = draft(ActivityKind::Movement, circle(36.0, 33.0, 2_000), 50, 60);
    d.forces = Forces::from([(Tanks, 50)]);
    events.extend(cell.notify("sy.liaison", "ac-t1", d.clone(), T0).unwrap());
    d.forces = Forces::from([(Tanks, 40)]);
    events.extend(cell.notify("sy.liaison", "ac-t2", d, T0).unwrap());
    events.extend(
        cell.notify(
            "sy.liaison",
            "ac-over",
            draft(ActivityKind::Ground, circle(36.0, 33.0, 2_000), 49, 50),
            at(48),
        )
        .unwrap(),
    );
    events.extend(
        cell.notify(
            "sy.liaison",
            "ac-off",
            draft(ActivityKind::Ground, circle(36.0, 33.0, 2_000), 70, 80),
            T0,
        )
        .unwrap(),
    );
    cell.de(
        "sy.liaison",
        DeescalationCommand::CancelActivity {
            activity: ActivityId::new("ac-off").unwrap(),
        },
        T0,
    )
    .unwrap();
    assert!(alerts(&events).is_empty(), "no zone yet, nothing to break");

    let zone = ZoneId::new("sy-10km").unwrap();
    let rules = PartyRules {
        forbidden_kinds: [ActivityKind::Ground].into(),
        force_caps: Forces::from([(Tanks, 75)]),
    };
    cell.de(
        "us.supervisor",
        DeescalationCommand::ProposeZone {
            zone: zone.clone(),
            name: "Zone".into(),
            description: "Illustrative".into(),
            area: square(36.0, 33.0, 0.1),
            rules: [(party("sy"), rules)].into(),
        },
        at(55),
    )
    .unwrap();
    let approve = DeescalationCommand::ApproveZone {
        zone: zone.clone(),
        version: 1,
    };
    let first = cell.de("il.liaison", approve.clone(), at(55)).unwrap();
    assert!(
        alerts(&first).is_empty(),
        "not in force before the last approval"
    );
    let last = cell.de("sy.liaison", approve, at(55)).unwrap();
    let found: Vec<_> = alerts(&last).into_iter().map(|(c, _)| c).collect();
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(matches!(
        found[0],
        AlertCause::ZoneRule { activity, zone_version: 1, activity_kind: ActivityKind::Ground, .. }
            if activity.as_str() == "ac-ground"
    ));
    let AlertCause::ForceCap {
        total, activities, ..
    } = found[1]
    else {
        panic!("a force cap: {found:?}");
    };
    assert_eq!(*total, 90);
    assert_eq!(
        activities.len(),
        2,
        "one alert for the peak, not one per activity"
    );
    assert_eq!(
        cell.state.deescalation.alerts.len(),
        2,
        "the alerts are in the state"
    );
}

#[test]
fn incidents_go_to_the_parties_they_are_shared_with() {
    let mut cell = Cell::new();
    let report = |activity: Option<&str>| IncidentReport {
        occurred_at: T0,
        place: Coord7::from_degrees("place", 35.9, 33.1).unwrap(),
        category: IncidentCategory::AirspaceViolation,
        description: LangText {
            lang: "ar".into(),
            text: "طائرة مسيرة".into(),
        },
        activity: activity.map(|a| ActivityId::new(a).unwrap()),
        zone: None,
    };
    let command = |id: &str, r, with: &[&str]| DeescalationCommand::ReportIncident {
        incident: IncidentId::new(id).unwrap(),
        report: r,
        shared_with: parties(with),
    };
    let events = cell
        .de("sy.liaison", command("in-1", report(None), &[]), T0)
        .unwrap();
    assert_eq!(events[0].audience.0, parties(&["sy"]), "kept internal");
    let events = cell
        .de("il.analyst", command("in-2", report(None), &["sy"]), T0)
        .unwrap();
    assert_eq!(events[0].audience.0, parties(&["il", "sy", "us"]));
    assert_eq!(queries::incidents(&cell.state, Some(&party("il"))).len(), 1);
    assert_eq!(queries::incidents(&cell.state, Some(&party("sy"))).len(), 2);
    assert_eq!(
        queries::incident(
            &cell.state,
            Some(&party("us")),
            &IncidentId::new("in-1").unwrap()
        )
        .unwrap_err()
        .code(),
        "not_found"
    );
    let e = cell
        .de("sy.liaison", command("in-3", report(Some("ac-x")), &[]), T0)
        .unwrap_err();
    assert_eq!(e.to_string(), "activity no activity `ac-x`");
    let mut future = report(None);
    future.occurred_at = at(1);
    assert_eq!(
        cell.de("sy.liaison", command("in-4", future, &[]), T0)
            .unwrap_err()
            .code(),
        "invalid_field"
    );
    assert_eq!(
        cell.de("us.observer", command("in-5", report(None), &[]), T0)
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

fn fix(track: &str, minutes: i64, lon: f64, lat: f64, kind: ActivityKind) -> PositionFix {
    PositionFix {
        track: PositionTrackId::new(track).unwrap(),
        time: Timestamp(T0.0 + minutes * 60_000),
        lon,
        lat,
        altitude_m: None,
        activity_kind: kind,
    }
}

#[test]
fn a_track_entering_a_forbidden_zone_raises_an_alert_and_only_crossings_are_recorded() {
    let mut cell = Cell::new();
    let rules = PartyRules {
        forbidden_kinds: [ActivityKind::Ground, ActivityKind::Movement].into(),
        force_caps: Forces::new(),
    };
    cell.agree_zone(
        "aos",
        square(35.9, 33.1, 0.05),
        vec![("il", rules.clone()), ("sy", rules)],
    );
    let config = cell.state.config().unwrap().deescalation.clone();
    let mut tracker = Tracker::new(&config);
    let il = party("il");
    // West of the zone, across it, and out east: one entry, one exit.
    let fixes: Vec<PositionFix> = (0..12)
        .map(|i| {
            fix(
                "convoy-7",
                i,
                35.80 + 0.02 * i as f64,
                33.1,
                ActivityKind::Movement,
            )
        })
        .collect();
    let crossings = tracker
        .observe(&cell.state.deescalation, &il, &fixes)
        .unwrap();
    assert_eq!(crossings.len(), 2);
    assert!(crossings[0].is_entry() && !crossings[1].is_entry());
    let events = cell
        .de(
            "il.liaison",
            DeescalationCommand::RecordCrossings {
                crossings: crossings[..1].to_vec(),
            },
            T0,
        )
        .unwrap();
    let kinds: Vec<_> = events.iter().map(|e| e.body.kind()).collect();
    assert_eq!(kinds, ["zone.entered", "deconfliction.alert"]);
    assert_eq!(
        events[0].audience.0,
        parties(&["il", "us"]),
        "a party's tracks stay between it and the supervisor"
    );
    assert_eq!(events[1].audience.0, parties(&["il", "sy", "us"]));
    // Repeating a crossing changes nothing; another party's crossings are refused.
    assert!(
        cell.de(
            "il.liaison",
            DeescalationCommand::RecordCrossings {
                crossings: crossings[..1].to_vec()
            },
            T0
        )
        .unwrap()
        .is_empty()
    );
    assert_eq!(
        cell.de(
            "sy.liaison",
            DeescalationCommand::RecordCrossings {
                crossings: crossings.clone()
            },
            T0
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );
    // A restarted tracker does not repeat the recorded entry, and exits what the track left.
    let mut restarted = Tracker::new(&config);
    let inside = restarted
        .observe(
            &cell.state.deescalation,
            &il,
            &[fix("convoy-7", 20, 35.9, 33.1, ActivityKind::Movement)],
        )
        .unwrap();
    assert!(inside.is_empty(), "{inside:?}");
    let mut restarted = Tracker::new(&config);
    let outside = restarted
        .observe(
            &cell.state.deescalation,
            &il,
            &[fix("convoy-7", 20, 36.2, 33.1, ActivityKind::Movement)],
        )
        .unwrap();
    assert_eq!(outside.len(), 1);
    assert!(!outside[0].is_entry());
    // Humanitarian convoys may enter: an entry, no alert.
    let entry = tracker
        .observe(
            &cell.state.deescalation,
            &il,
            &[fix("aid-1", 0, 35.9, 33.1, ActivityKind::Humanitarian)],
        )
        .unwrap();
    let events = cell
        .de(
            "il.liaison",
            DeescalationCommand::RecordCrossings { crossings: entry },
            T0,
        )
        .unwrap();
    assert_eq!(events.len(), 1);
    let bad = tracker.observe(
        &cell.state.deescalation,
        &il,
        &[fix("x", 0, 200.0, 33.1, ActivityKind::Air)],
    );
    assert_eq!(
        bad.unwrap_err().to_string().split(' ').next(),
        Some("positions[0]")
    );
}

#[test]
fn cloning_the_state_rebuilds_the_index() {
    let mut cell = Cell::new();
    cell.notify(
        "il.liaison",
        "ac-1",
        draft(ActivityKind::Air, circle(35.8, 33.0, 5_000), 50, 52),
        T0,
    )
    .unwrap();
    let copy = cell.state.clone();
    let user = cell.state.users[&UserId::new("sy.liaison").unwrap()].clone();
    let probe = draft(ActivityKind::Air, circle(35.82, 33.0, 5_000), 51, 53);
    let id = ActivityId::new("ac-probe").unwrap();
    let here = check(&cell.state, &user, &id, &probe, T0).unwrap().findings;
    let there = check(&copy, &user, &id, &probe, T0).unwrap().findings;
    assert_eq!(here.len(), 1);
    assert_eq!(here, there);
}

/// Random histories: notifications, changes, cancellations, acknowledgements and time passing.
#[derive(Debug, Clone)]
enum Step {
    Notify {
        by: usize,
        lon: u8,
        lat: u8,
        radius_km: u8,
        start: u8,
        hours: u8,
        band: Option<(u8, u8)>,
    },
    Update {
        activity: usize,
        lon: u8,
        start: u8,
    },
    Cancel {
        activity: usize,
    },
    Ack {
        by: usize,
        activity: usize,
    },
    Wait {
        hours: u8,
    },
}

const LIAISONS: [&str; 3] = ["il.liaison", "sy.liaison", "us.supervisor"];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..3usize, 0..20u8, 0..20u8, 1..15u8, 0..72u8, 1..24u8, proptest::option::of((0..10u8, 1..10u8)))
            .prop_map(|(by, lon, lat, radius_km, start, hours, band)| Step::Notify { by, lon, lat, radius_km, start, hours, band }),
        1 => (0..30usize, 0..20u8, 0..72u8).prop_map(|(activity, lon, start)| Step::Update { activity, lon, start }),
        1 => (0..30usize).prop_map(|activity| Step::Cancel { activity }),
        2 => (0..3usize, 0..30usize).prop_map(|(by, activity)| Step::Ack { by, activity }),
        1 => (1..12u8).prop_map(|hours| Step::Wait { hours }),
    ]
}

fn random_draft(
    lon: u8,
    lat: u8,
    radius_km: u8,
    start: i64,
    hours: u8,
    band: Option<(u8, u8)>,
) -> ActivityDraft {
    let mut d = draft(
        ActivityKind::Air,
        circle(
            35.5 + f64::from(lon) * 0.02,
            33.0 + f64::from(lat) * 0.02,
            u32::from(radius_km) * 1_000,
        ),
        start,
        start + i64::from(hours),
    );
    d.altitude = band.map(|(lo, span)| Band {
        lower_m: i32::from(lo) * 1_000,
        upper_m: i32::from(lo + span) * 1_000,
    });
    d
}

/// The conflicts of `id` by brute force: every other party's live activity whose footprint
/// (by the `geo` crate's own predicate), window and altitude band meet.
fn brute_force_conflicts(state: &CellState, id: &ActivityId) -> BTreeSet<String> {
    let de = &state.deescalation;
    let me = &de.activities[id];
    let mine = me.current.draft.prepare(id, &me.party).unwrap();
    de.activities
        .values()
        .filter(|o| o.id != *id && o.party != me.party && o.cancelled_at.is_none())
        .filter(|o| {
            let (a, b) = (&me.current.draft, &o.current.draft);
            let bands = match (a.altitude, b.altitude) {
                (Some(x), Some(y)) => x.lower_m.max(y.lower_m) < x.upper_m.min(y.upper_m),
                _ => true,
            };
            let theirs = b.prepare(&o.id, &o.party).unwrap();
            a.window.start < b.window.end
                && b.window.start < a.window.end
                && bands
                && mine.footprint().intersects(theirs.footprint())
        })
        .map(|o| o.id.to_string())
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_histories_keep_the_invariants(steps in proptest::collection::vec(step(), 1..40)) {
        let mut cell = Cell::new();
        let mut now = T0;
        let mut ids: Vec<ActivityId> = vec![];
        for (i, s) in steps.iter().enumerate() {
            let (events, subject) = match s {
                Step::Notify { by, lon, lat, radius_km, start, hours, band } => {
                    let id = ActivityId::new(&format!("ac-{i}")).unwrap();
                    let d = random_draft(*lon, *lat, *radius_km, (now.0 - T0.0) / HOUR + i64::from(*start), *hours, *band);
                    let r = cell.notify(LIAISONS[*by], id.as_str(), d, now);
                    if r.is_ok() { ids.push(id.clone()); }
                    (r, Some(id))
                }
                Step::Update { activity, lon, start } if !ids.is_empty() => {
                    let id = ids[activity % ids.len()].clone();
                    let record = &cell.state.deescalation.activities[&id];
                    let by = LIAISONS.iter().find(|u| u.starts_with(record.party.as_str())).unwrap();
                    let d = random_draft(*lon, 5, 5, (now.0 - T0.0) / HOUR + i64::from(*start), 3, None);
                    let r = cell.de(by, DeescalationCommand::UpdateActivity { activity: id.clone(), draft: d }, now);
                    (r, Some(id))
                }
                Step::Cancel { activity } if !ids.is_empty() => {
                    let id = ids[activity % ids.len()].clone();
                    let by = LIAISONS.iter().find(|u| u.starts_with(cell.state.deescalation.activities[&id].party.as_str())).unwrap();
                    (cell.de(by, DeescalationCommand::CancelActivity { activity: id }, now), None)
                }
                Step::Ack { by, activity } if !ids.is_empty() => {
                    let id = ids[activity % ids.len()].clone();
                    (cell.de(LIAISONS[*by], DeescalationCommand::AcknowledgeActivity { activity: id }, now), None)
                }
                Step::Wait { hours } => {
                    now = now.plus(Span::hours(i64::from(*hours)));
                    cell.tick(now);
                    continue;
                }
                _ => continue,
            };
            // Deconfliction raised exactly the conflicts brute force finds, each to both
            // parties and the supervisor.
            if let (Ok(events), Some(id)) = (&events, subject)
                && events.first().is_some_and(|e| matches!(inner(e), DeescalationEvent::ActivityNotified { .. } | DeescalationEvent::ActivityUpdated { .. }))
            {
                let raised: BTreeSet<String> = alerts(events).iter().filter_map(|(c, e)| match c {
                    AlertCause::Conflict { other, parties, .. } => {
                        assert!(e.audience.0.is_superset(parties) && e.audience.contains(&party("us")));
                        Some(other.to_string())
                    }
                    _ => None,
                }).collect();
                prop_assert_eq!(raised, brute_force_conflicts(&cell.state, &id));
            }
        }
        // No missed escalation.
        for a in cell.state.deescalation.activities.values() {
            let v = &a.current;
            if a.cancelled_at.is_none() && v.deadline.is_some_and(|d| d <= now) && !v.unacknowledged().is_empty() {
                prop_assert!(v.escalated_at.is_some(), "activity {} missed its escalation", a.id);
            }
        }
        // Reads show each party exactly what its audience allows.
        for p in ["il", "sy", "us"].map(party) {
            let seen = queries::alerts(&cell.state, Some(&p)).len();
            let allowed = cell.state.deescalation.alerts.iter().filter(|a| a.audience.contains(&p)).count();
            prop_assert_eq!(seen, allowed);
        }
        // The state is exactly the record replayed, index included.
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            let e = Event::from_canonical_bytes(&e.to_canonical_bytes()).unwrap();
            replayed.apply(i as u64, &e);
        }
        prop_assert_eq!(serde_json::to_value(&replayed).unwrap(), serde_json::to_value(&cell.state).unwrap());
        let user = cell.state.users[&UserId::new("sy.liaison").unwrap()].clone();
        let probe = random_draft(10, 10, 14, 24, 24, None);
        let id = ActivityId::new("ac-probe").unwrap();
        prop_assert_eq!(
            check(&replayed, &user, &id, &probe, now).map(|c| c.findings).ok(),
            check(&cell.state, &user, &id, &probe, now).map(|c| c.findings).ok()
        );
    }
}
