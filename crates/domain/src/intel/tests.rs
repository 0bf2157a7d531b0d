//! Scenario and property tests of intelligence sharing, on the shared fixture with a fourth
//! party (Jordan) so that a release can have several recipients.

use std::collections::BTreeSet;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::command::{Actor, Command};
use crate::config::CellConfig;
use crate::due::{DueWhat, owed_by};
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::ids::{PartyId, TrackId, UserId};
use crate::intel::queries::{ReportFilter, report, reports};
use crate::state::CellState;
use crate::tests::{CONFIG, Cell, T0, party, text, user};
use crate::time::{Span, Timestamp};
use crate::user::Role;

const JORDAN: &str = r#"
[[parties]]
id = "jo"
languages = ["ar", "en"]
names = { en = "Jordan", ar = "الأردن", he = "ירדן" }
"#;

/// The example cell with a fourth party and users of every role.
fn cell() -> Cell {
    let mut cell = Cell {
        state: CellState::default(),
        record: vec![],
    };
    let config = CellConfig::from_toml(&format!("{CONFIG}{JORDAN}")).unwrap();
    cell.run(Actor::Cell, Command::Configure(config), T0)
        .unwrap();
    for (id, roles) in [
        ("il.liaison", vec![Role::Liaison]),
        ("il.analyst", vec![Role::Analyst]),
        ("sy.liaison", vec![Role::Liaison]),
        ("sy.analyst", vec![Role::Analyst]),
        ("jo.liaison", vec![Role::Liaison]),
        ("us.supervisor", vec![Role::Liaison, Role::Approver]),
        ("us.observer", vec![Role::Observer]),
    ] {
        cell.run(
            Actor::Cell,
            Command::AddUser {
                user: UserId::new(id).unwrap(),
                display_name: id.to_uppercase(),
                party: party(id.split('.').next().unwrap()),
                roles: roles.into_iter().collect(),
            },
            T0,
        )
        .unwrap();
    }
    cell
}

fn rid(id: &str) -> ReportId {
    ReportId::new(id).unwrap()
}

fn parties(list: &[&str]) -> BTreeSet<PartyId> {
    list.iter().map(|p| party(p)).collect()
}

fn content(tlp: Tlp, to: &[&str]) -> ReportContent {
    ReportContent {
        title: text("en", "Convoy sighted near Quneitra"),
        summary: text("en", "Three trucks heading south."),
        body: text("he", "שלוש משאיות נעות דרומה, מקור אנושי."),
        occurred_at: T0,
        place: Some(
            Place::from_geojson(
                "place",
                &json!({"type": "Point", "coordinates": [35.82, 33.12]}),
            )
            .unwrap(),
        ),
        tlp,
        releasable_to: parties(to),
        reliability: Reliability::B,
        credibility: Credibility::new(2).unwrap(),
        attachments: vec![Attachment {
            name: "photo".into(),
            url: "https://files.example/photo.jpg".into(),
            sha256: "a".repeat(64),
        }],
        related: BTreeSet::new(),
    }
}

impl Cell {
    fn intel(
        &mut self,
        by: &str,
        c: IntelCommand,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.run(user(by), Command::Intel(c), now)
    }

    fn draft(&mut self, by: &str, id: &str, c: ReportContent) -> Result<Vec<Event>, DomainError> {
        self.intel(
            by,
            IntelCommand::Draft {
                report: rid(id),
                track: TrackId::new("intelligence").unwrap(),
                content: c,
            },
            T0,
        )
    }

    fn vet(
        &mut self,
        id: &str,
        version: u32,
        decision: VetDecision,
    ) -> Result<Vec<Event>, DomainError> {
        self.intel(
            "us.supervisor",
            IntelCommand::Vet {
                report: rid(id),
                version,
                decision,
            },
            T0,
        )
    }

    fn sees(&self, p: &str, id: &str) -> bool {
        report(&self.state, Some(&party(p)), &rid(id)).is_ok()
    }
}

fn audience(events: &[Event], i: usize) -> BTreeSet<PartyId> {
    events[i].audience.0.clone()
}

fn approve() -> VetDecision {
    VetDecision::Approve { comment: None }
}

#[test]
fn a_draft_reaches_its_party_only_then_vetting_then_the_release_list() {
    let mut cell = cell();
    let e = cell
        .draft("il.analyst", "r1", content(Tlp::Amber, &["sy"]))
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["il"]));
    assert!(cell.sees("il", "r1") && !cell.sees("us", "r1") && !cell.sees("sy", "r1"));

    let e = cell
        .intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    assert_eq!(e.len(), 1, "the intelligence track is vetted");
    assert_eq!(audience(&e, 0), parties(&["il", "us"]));
    assert!(cell.sees("us", "r1") && !cell.sees("sy", "r1") && !cell.sees("jo", "r1"));
    let vq = reports(
        &cell.state,
        Some(&party("us")),
        &ReportFilter {
            stage: Some(ReportStage::Submitted),
            ..Default::default()
        },
    );
    assert_eq!(vq.len(), 1);

    let e = cell.vet("r1", 1, approve()).unwrap();
    assert_eq!(
        audience(&e, 0),
        parties(&["il", "us"]),
        "the approval itself"
    );
    assert_eq!(audience(&e, 1), parties(&["il", "sy", "us"]), "the release");
    assert!(cell.sees("sy", "r1") && !cell.sees("jo", "r1"));

    // Syria owes an acknowledgement by the deadline, then acknowledges.
    assert!(
        owed_by(&cell.state, &party("sy"))
            .iter()
            .any(|d| d.what == DueWhat::ReportAcknowledgement(rid("r1")))
    );
    let e = cell
        .intel(
            "sy.liaison",
            IntelCommand::Acknowledge { report: rid("r1") },
            T0,
        )
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["il", "sy", "us"]));
    assert!(owed_by(&cell.state, &party("sy")).is_empty());
    let il = report(&cell.state, Some(&party("il")), &rid("r1")).unwrap();
    assert_eq!(il.missing, Some(BTreeSet::new()));
    assert_eq!(il.acknowledgements.len(), 1);
    // A second acknowledgement is harmless.
    assert!(
        cell.intel(
            "sy.analyst",
            IntelCommand::Acknowledge { report: rid("r1") },
            T0
        )
        .unwrap()
        .is_empty()
    );
}

#[test]
fn a_sanitized_release_never_shows_recipients_the_original() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Green, &["sy", "jo"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    let sanitized = Sanitized {
        title: text("en", "Movement reported in the south"),
        summary: text("en", "Vehicles heading south."),
        body: text("en", "Vehicles were seen moving south."),
    };
    cell.vet(
        "r1",
        1,
        VetDecision::ApproveSanitized {
            sanitized: sanitized.clone(),
            comment: Some(text("en", "Source detail removed.")),
        },
    )
    .unwrap();

    let sy = report(&cell.state, Some(&party("sy")), &rid("r1")).unwrap();
    assert_eq!(sy.content.title, sanitized.title);
    assert!(sy.sanitized && !sy.sees_working);
    assert!(sy.versions.is_empty() && sy.vetting.is_empty() && sy.author.is_none());
    let il = report(&cell.state, Some(&party("il")), &rid("r1")).unwrap();
    assert_eq!(il.content.title.text, "Convoy sighted near Quneitra");
    assert_eq!(
        il.released[0].content.title, sanitized.title,
        "the originator sees the change"
    );
    assert_eq!(il.vetting[0].decision, "sanitized");

    // Search looks only at what the reader may see.
    let find = |p: &str, q: &str| {
        reports(
            &cell.state,
            Some(&party(p)),
            &ReportFilter {
                text: Some(q.into()),
                ..Default::default()
            },
        )
        .len()
    };
    assert_eq!(find("il", "quneitra"), 1);
    assert_eq!(find("sy", "quneitra"), 0);
    assert_eq!(find("sy", "SOUTH"), 1);
}

#[test]
fn returned_reports_are_revised_and_resubmitted() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Amber, &["sy"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    let e = cell
        .vet(
            "r1",
            1,
            VetDecision::Return {
                comment: text("en", "Grade the source."),
            },
        )
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["il", "us"]));
    assert_eq!(
        cell.state.intel.reports[&rid("r1")].stage,
        ReportStage::Returned
    );
    // Vetting a stale version is refused.
    cell.intel(
        "il.analyst",
        IntelCommand::Edit {
            report: rid("r1"),
            content: content(Tlp::Amber, &["sy"]),
        },
        T0,
    )
    .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    assert!(matches!(
        cell.vet("r1", 1, approve()),
        Err(DomainError::Conflict(_))
    ));
    cell.vet("r1", 2, approve()).unwrap();
    let sy = report(&cell.state, Some(&party("sy")), &rid("r1")).unwrap();
    assert_eq!((sy.version, sy.stage), (2, ReportStage::Released));
}

#[test]
fn strict_markings_keep_each_recipients_responses_to_itself() {
    for (tlp, strict) in [
        (Tlp::Amber, false),
        (Tlp::AmberStrict, true),
        (Tlp::Red, true),
    ] {
        let mut cell = cell();
        cell.draft("il.analyst", "r1", content(tlp, &["sy", "jo"]))
            .unwrap();
        cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
            .unwrap();
        cell.vet("r1", 1, approve()).unwrap();
        let e = cell
            .intel(
                "sy.analyst",
                IntelCommand::Feedback {
                    report: rid("r1"),
                    usefulness: Usefulness::Useful,
                    comment: None,
                },
                T0,
            )
            .unwrap();
        let expected = if strict {
            parties(&["il", "sy", "us"])
        } else {
            parties(&["il", "sy", "jo", "us"])
        };
        assert_eq!(audience(&e, 0), expected, "{tlp}");
        cell.intel(
            "sy.liaison",
            IntelCommand::Acknowledge { report: rid("r1") },
            T0,
        )
        .unwrap();
        let jo = report(&cell.state, Some(&party("jo")), &rid("r1")).unwrap();
        assert_eq!(jo.feedback.is_empty(), strict, "{tlp}");
        assert_eq!(jo.acknowledgements.is_empty(), strict, "{tlp}");
        assert!(
            jo.missing.is_none(),
            "recipients are not told who is still silent"
        );
        let il = report(&cell.state, Some(&party("il")), &rid("r1")).unwrap();
        assert_eq!(il.feedback.len(), 1);
    }
}

#[test]
fn responses_and_sightings_are_checked() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Clear, &["sy"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    // Before release a recipient cannot even find it.
    let r = cell.intel(
        "sy.liaison",
        IntelCommand::Acknowledge { report: rid("r1") },
        T0,
    );
    assert!(matches!(r, Err(DomainError::NotFound { .. })));
    cell.vet("r1", 1, approve()).unwrap();
    cell.intel(
        "sy.analyst",
        IntelCommand::Corroborate {
            report: rid("r1"),
            opinion: Opinion::Disagree,
            comment: text("ar", "لم نرَ شيئاً"),
        },
        T0,
    )
    .unwrap();
    let sighting = SightingReport {
        count: 2,
        first_seen: T0,
        last_seen: T0,
        place: None,
        note: None,
    };
    cell.intel(
        "sy.analyst",
        IntelCommand::Sighting {
            report: rid("r1"),
            sighting: sighting.clone(),
        },
        T0,
    )
    .unwrap();
    let bad = SightingReport {
        count: 0,
        ..sighting.clone()
    };
    let err = cell
        .intel(
            "sy.analyst",
            IntelCommand::Sighting {
                report: rid("r1"),
                sighting: bad,
            },
            T0,
        )
        .unwrap_err();
    assert_eq!(err, DomainError::invalid("count", "must be at least 1"));
    // The originator does not respond to itself; jo never received it.
    assert!(matches!(
        cell.intel(
            "il.liaison",
            IntelCommand::Feedback {
                report: rid("r1"),
                usefulness: Usefulness::Useful,
                comment: None
            },
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        cell.intel(
            "jo.liaison",
            IntelCommand::Feedback {
                report: rid("r1"),
                usefulness: Usefulness::Useful,
                comment: None
            },
            T0
        ),
        Err(DomainError::NotFound { .. })
    ));
    let il = report(&cell.state, Some(&party("il")), &rid("r1")).unwrap();
    assert_eq!((il.corroborations.len(), il.sightings.len()), (1, 1));
}

#[test]
fn only_the_supervisors_approvers_vet_and_only_the_originator_changes() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Amber, &["sy"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    assert!(matches!(
        cell.intel(
            "il.liaison",
            IntelCommand::Vet {
                report: rid("r1"),
                version: 1,
                decision: approve()
            },
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        cell.intel(
            "sy.liaison",
            IntelCommand::Vet {
                report: rid("r1"),
                version: 1,
                decision: approve()
            },
            T0
        ),
        Err(DomainError::NotFound { .. })
    ));
    assert!(matches!(
        cell.intel(
            "us.supervisor",
            IntelCommand::Withdraw {
                report: rid("r1"),
                reason: text("en", "x")
            },
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        cell.intel(
            "us.observer",
            IntelCommand::Draft {
                report: rid("r2"),
                track: TrackId::new("intelligence").unwrap(),
                content: content(Tlp::Red, &[])
            },
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    // Drafts of the supervisor need no vetting.
    let e = cell
        .draft("us.supervisor", "r3", content(Tlp::Green, &["il", "sy"]))
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["us"]));
    let e = cell
        .intel(
            "us.supervisor",
            IntelCommand::Submit { report: rid("r3") },
            T0,
        )
        .unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(
        cell.state.intel.reports[&rid("r3")].recipients,
        parties(&["il", "sy"])
    );
}

#[test]
fn invalid_fields_are_named() {
    let mut cell = cell();
    let field = |r: Result<Vec<Event>, DomainError>| match r {
        Err(DomainError::Invalid { field, .. }) => field,
        other => panic!("expected an invalid field, got {other:?}"),
    };
    assert_eq!(
        field(cell.draft("il.analyst", "r1", content(Tlp::Red, &["il"]))),
        "releasable_to"
    );
    assert_eq!(
        field(cell.draft("il.analyst", "r1", content(Tlp::Red, &["xx"]))),
        "releasable_to"
    );
    let mut c = content(Tlp::Red, &["sy"]);
    c.attachments[0].sha256 = "XYZ".into();
    assert_eq!(
        field(cell.draft("il.analyst", "r1", c)),
        "attachments[0].sha256"
    );
    let mut c = content(Tlp::Red, &["sy"]);
    c.occurred_at = T0.plus(Span::hours(1));
    assert_eq!(field(cell.draft("il.analyst", "r1", c)), "occurred_at");
    let mut c = content(Tlp::Red, &["sy"]);
    c.title.lang = "xx".into();
    assert_eq!(field(cell.draft("il.analyst", "r1", c)), "title.lang");
    assert!(
        cell.record
            .iter()
            .all(|e| !matches!(e.body, EventBody::Intel { .. })),
        "nothing written"
    );
    let e = Place::from_geojson("place", &json!({"type": "Point", "coordinates": [200, 0]}))
        .unwrap_err();
    assert!(matches!(e, DomainError::Invalid { field, .. } if field == "place"));
    let area = Place::from_geojson("place", &json!({"type": "Polygon", "coordinates": [[[35.0, 33.0], [35.1, 33.0], [35.1, 33.1], [35.0, 33.0]]]})).unwrap();
    assert_eq!(area.to_geojson()["type"], "MultiPolygon");
}

#[test]
fn corrections_are_vetted_while_recipients_keep_the_last_release() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Amber, &["sy"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    cell.vet("r1", 1, approve()).unwrap();
    let mut fixed = content(Tlp::Amber, &["sy", "jo"]);
    fixed.summary = text("en", "Four trucks heading south.");
    let e = cell
        .intel(
            "il.analyst",
            IntelCommand::Correct {
                report: rid("r1"),
                content: fixed,
            },
            T0,
        )
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["il", "us"]));
    let sy = report(&cell.state, Some(&party("sy")), &rid("r1")).unwrap();
    assert_eq!((sy.version, sy.stage), (1, ReportStage::Released));
    assert!(!cell.sees("jo", "r1"));
    cell.vet("r1", 2, approve()).unwrap();
    let jo = report(&cell.state, Some(&party("jo")), &rid("r1")).unwrap();
    assert_eq!(jo.version, 2);
    assert_eq!(jo.released.len(), 1, "jo sees only the release it received");
    let il = report(&cell.state, Some(&party("il")), &rid("r1")).unwrap();
    assert_eq!((il.versions.len(), il.released.len()), (2, 2));
    // Withdrawal reaches everyone who received it and ends what is owed.
    let e = cell
        .intel(
            "il.analyst",
            IntelCommand::Withdraw {
                report: rid("r1"),
                reason: text("en", "Source retracted."),
            },
            T0,
        )
        .unwrap();
    assert_eq!(audience(&e, 0), parties(&["il", "sy", "jo", "us"]));
    assert!(owed_by(&cell.state, &party("sy")).is_empty());
    assert_eq!(
        report(&cell.state, Some(&party("sy")), &rid("r1"))
            .unwrap()
            .stage,
        ReportStage::Withdrawn
    );
}

#[test]
fn silent_recipients_escalate_once_at_the_deadline() {
    let mut cell = cell();
    cell.draft("il.analyst", "r1", content(Tlp::Amber, &["sy", "jo"]))
        .unwrap();
    cell.intel("il.analyst", IntelCommand::Submit { report: rid("r1") }, T0)
        .unwrap();
    cell.vet("r1", 1, approve()).unwrap();
    cell.intel(
        "sy.liaison",
        IntelCommand::Acknowledge { report: rid("r1") },
        T0,
    )
    .unwrap();
    let deadline = cell.state.intel.reports[&rid("r1")].deadline.unwrap();
    assert!(cell.state.intel.overdue(deadline.plus(Span(-1))).is_empty());
    assert_eq!(cell.state.intel.overdue(deadline), vec![rid("r1")]);
    let e = cell
        .run(
            Actor::Cell,
            Command::Intel(IntelCommand::Escalate { report: rid("r1") }),
            deadline,
        )
        .unwrap();
    assert!(
        matches!(&e[0].body, EventBody::Intel { event: IntelEvent::Escalated { missing, .. } } if *missing == parties(&["jo"]))
    );
    assert!(cell.state.intel.overdue(deadline).is_empty());
    let e = cell
        .intel(
            "jo.liaison",
            IntelCommand::Acknowledge { report: rid("r1") },
            deadline.plus(Span::minutes(1)),
        )
        .unwrap();
    assert!(matches!(
        &e[0].body,
        EventBody::Intel {
            event: IntelEvent::Acknowledged { late: true, .. }
        }
    ));
}

#[test]
fn the_release_rule() {
    let config = CellConfig::from_toml(&format!("{CONFIG}{JORDAN}")).unwrap();
    let il = party("il");
    let to = parties(&["sy", "il", "zz"]);
    assert_eq!(
        release::audience(&config, &il, Reach::Originator).0,
        parties(&["il"])
    );
    assert_eq!(
        release::audience(&config, &il, Reach::Vetting).0,
        parties(&["il", "us"])
    );
    assert_eq!(
        release::audience(&config, &il, Reach::Released(&to)).0,
        parties(&["il", "sy", "us"]),
        "unknown parties never enter"
    );
    assert_eq!(
        release::recipients(&config, &il, &parties(&["sy", "us"])),
        parties(&["sy"])
    );
    let track = TrackId::new("intelligence").unwrap();
    assert!(release::needs_vetting(&config, &track, &il));
    assert!(!release::needs_vetting(&config, &track, &party("us")));
    assert!(!release::needs_vetting(
        &config,
        &TrackId::new("diplomatic").unwrap(),
        &il
    ));
    assert_eq!(Tlp::parse("tlp:amber+strict"), Some(Tlp::AmberStrict));
    assert_eq!(
        serde_json::to_value(Tlp::AmberStrict).unwrap(),
        "AMBER+STRICT"
    );
}

const USERS: [&str; 6] = [
    "il.analyst",
    "sy.analyst",
    "jo.liaison",
    "us.supervisor",
    "sy.liaison",
    "il.liaison",
];
const PARTIES: [&str; 4] = ["il", "sy", "jo", "us"];

#[derive(Clone, Debug)]
enum Step {
    Draft {
        by: usize,
        tlp: usize,
        to: u8,
    },
    /// Draft, submit and approve at once, so that histories have releases to respond to.
    Release {
        by: usize,
        tlp: usize,
        to: u8,
    },
    Edit {
        report: usize,
        to: u8,
    },
    Submit {
        report: usize,
    },
    Vet {
        report: usize,
        how: u8,
    },
    Ack {
        by: usize,
        report: usize,
    },
    Feedback {
        by: usize,
        report: usize,
    },
    Correct {
        report: usize,
        to: u8,
    },
    Withdraw {
        report: usize,
    },
    Wait {
        hours: u8,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..USERS.len(), 0..5usize, any::<u8>()).prop_map(|(by, tlp, to)| Step::Draft {
            by,
            tlp,
            to
        }),
        (0..USERS.len(), 0..5usize, any::<u8>()).prop_map(|(by, tlp, to)| Step::Release {
            by,
            tlp,
            to
        }),
        (any::<usize>(), any::<u8>()).prop_map(|(report, to)| Step::Edit { report, to }),
        any::<usize>().prop_map(|report| Step::Submit { report }),
        any::<usize>().prop_map(|report| Step::Submit { report }),
        (any::<usize>(), 0..3u8).prop_map(|(report, how)| Step::Vet { report, how }),
        (any::<usize>(), 0..3u8).prop_map(|(report, how)| Step::Vet { report, how }),
        (0..USERS.len(), any::<usize>()).prop_map(|(by, report)| Step::Ack { by, report }),
        (0..USERS.len(), any::<usize>()).prop_map(|(by, report)| Step::Feedback { by, report }),
        (any::<usize>(), any::<u8>()).prop_map(|(report, to)| Step::Correct { report, to }),
        any::<usize>().prop_map(|report| Step::Withdraw { report }),
        (1..4u8).prop_map(|hours| Step::Wait { hours }),
    ]
}

fn release_list(bits: u8) -> Vec<&'static str> {
    PARTIES
        .iter()
        .enumerate()
        .filter(|(i, _)| bits & (1 << i) != 0)
        .map(|(_, p)| *p)
        .collect()
}

/// The author's user of the report's originating party.
fn originator_user(cell: &Cell, id: &ReportId) -> &'static str {
    let o = cell.state.intel.reports[id].originator.clone();
    USERS.iter().find(|u| u.starts_with(o.as_str())).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn no_report_reaches_a_party_outside_its_release(steps in proptest::collection::vec(step(), 1..60)) {
        let mut cell = cell();
        let mut now = T0;
        let mut ids: Vec<ReportId> = vec![];
        for (i, s) in steps.iter().enumerate() {
            let pick = |n: usize| (!ids.is_empty()).then(|| ids[n % ids.len()].clone());
            let _ = match s.clone() {
                Step::Draft { by, tlp, to } => {
                    let by = USERS[by];
                    let mine = by.split('.').next().unwrap();
                    let list: Vec<&str> = release_list(to).into_iter().filter(|p| *p != mine).collect();
                    let id = format!("r{i}");
                    let r = cell.draft(by, &id, content(Tlp::ALL[tlp], &list));
                    if r.is_ok() { ids.push(rid(&id)); }
                    r
                }
                Step::Release { by, tlp, to } => {
                    let by = USERS[by];
                    let mine = by.split('.').next().unwrap();
                    let list: Vec<&str> = release_list(to).into_iter().filter(|p| *p != mine).collect();
                    let id = rid(&format!("r{i}"));
                    let draft = IntelCommand::Draft { report: id.clone(), track: TrackId::new("intelligence").unwrap(), content: content(Tlp::ALL[tlp], &list) };
                    if cell.intel(by, draft, now).is_ok() {
                        ids.push(id.clone());
                        cell.intel(by, IntelCommand::Submit { report: id.clone() }, now).unwrap();
                        if mine != "us" {
                            cell.intel("us.supervisor", IntelCommand::Vet { report: id, version: 1, decision: approve() }, now).unwrap();
                        }
                    }
                    continue;
                }
                Step::Edit { report, to } | Step::Correct { report, to } => {
                    let Some(id) = pick(report) else { continue };
                    let by = originator_user(&cell, &id);
                    let mine = by.split('.').next().unwrap();
                    let list: Vec<&str> = release_list(to).into_iter().filter(|p| *p != mine).collect();
                    let c = content(Tlp::ALL[usize::from(to) % 5], &list);
                    let cmd = if matches!(s, Step::Edit { .. }) { IntelCommand::Edit { report: id, content: c } } else { IntelCommand::Correct { report: id, content: c } };
                    cell.intel(by, cmd, now)
                }
                Step::Submit { report } => {
                    let Some(id) = pick(report) else { continue };
                    let by = originator_user(&cell, &id);
                    cell.intel(by, IntelCommand::Submit { report: id }, now)
                }
                Step::Vet { report, how } => {
                    let Some(id) = pick(report) else { continue };
                    let version = cell.state.intel.reports[&id].working().version;
                    let decision = match how {
                        0 => approve(),
                        1 => VetDecision::Return { comment: text("en", "Revise.") },
                        _ => VetDecision::ApproveSanitized { sanitized: Sanitized { title: text("en", "T"), summary: text("en", "S"), body: text("en", "B") }, comment: None },
                    };
                    cell.intel("us.supervisor", IntelCommand::Vet { report: id, version, decision }, now)
                }
                Step::Ack { by, report } => {
                    let Some(id) = pick(report) else { continue };
                    cell.intel(USERS[by], IntelCommand::Acknowledge { report: id }, now)
                }
                Step::Feedback { by, report } => {
                    let Some(id) = pick(report) else { continue };
                    cell.intel(USERS[by], IntelCommand::Feedback { report: id, usefulness: Usefulness::AlreadyKnown, comment: None }, now)
                }
                Step::Withdraw { report } => {
                    let Some(id) = pick(report) else { continue };
                    let by = originator_user(&cell, &id);
                    cell.intel(by, IntelCommand::Withdraw { report: id, reason: text("en", "Retracted.") }, now)
                }
                Step::Wait { hours } => {
                    now = now.plus(Span::hours(i64::from(hours)));
                    for id in cell.state.intel.overdue(now) {
                        cell.run(Actor::Cell, Command::Intel(IntelCommand::Escalate { report: id }), now).unwrap();
                    }
                    continue;
                }
            };
        }
        let supervisor = party("us");
        for r in cell.state.intel.reports.values() {
            // Every event about the report: a draft stays with its party; everything else goes
            // no further than the originator, the supervisor and the parties of some release.
            let submitted = cell.record.iter().any(|e| matches!(&e.body, EventBody::Intel { event: IntelEvent::Submitted { report, .. } } if *report == r.id));
            let released_to: BTreeSet<PartyId> = r.released.iter().flat_map(|v| v.content.releasable_to.iter().cloned()).collect();
            for e in &cell.record {
                let EventBody::Intel { event } = &e.body else { continue };
                if event.report() != &r.id { continue; }
                prop_assert!(e.audience.contains(&r.originator));
                for p in &e.audience.0 {
                    prop_assert!(*p == r.originator || *p == supervisor || released_to.contains(p), "{} reached {p}", event.kind());
                }
                if matches!(event, IntelEvent::Drafted { .. }) {
                    prop_assert_eq!(e.audience.0.len(), 1);
                }
                if let IntelEvent::Released { content, .. } = event {
                    let mut expected: BTreeSet<PartyId> = content.releasable_to.clone();
                    expected.insert(r.originator.clone());
                    expected.insert(supervisor.clone());
                    prop_assert_eq!(&e.audience.0, &expected);
                }
            }
            // Reads: a party sees the report only as the rule says, and a recipient only ever
            // sees released text.
            for p in PARTIES.map(party) {
                let seen = report(&cell.state, Some(&p), &r.id);
                let current: Option<&BTreeSet<PartyId>> = r.current_release().map(|v| &v.content.releasable_to);
                let allowed = p == r.originator
                    || (p == supervisor && submitted)
                    || current.is_some_and(|to| to.contains(&p));
                prop_assert_eq!(seen.is_ok(), allowed, "{} for {}", r.id, p);
                if let Ok(v) = seen && p != r.originator && p != supervisor {
                    prop_assert!(!v.sees_working && v.versions.is_empty() && v.vetting.is_empty());
                    prop_assert!(r.released.iter().any(|x| &x.content == v.content));
                    // Under a strict marking (never changed by a correction), a recipient sees
                    // only its own responses.
                    if v.content.tlp.is_strict() && r.released.len() == 1 {
                        prop_assert!(v.feedback.iter().all(|f| f.party == p));
                        prop_assert!(v.acknowledgements.iter().all(|(q, _)| **q == p));
                    }
                }
            }
        }
        // The state is exactly the record replayed.
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            let e = Event::from_canonical_bytes(&e.to_canonical_bytes()).unwrap();
            replayed.apply(i as u64, &e);
        }
        prop_assert_eq!(serde_json::to_value(&replayed.intel).unwrap(), serde_json::to_value(&cell.state.intel).unwrap());
        // No missed escalation.
        for r in cell.state.intel.reports.values() {
            if r.stage != ReportStage::Withdrawn && r.deadline.is_some_and(|d| d <= now) && !r.unacknowledged().is_empty() {
                prop_assert!(r.escalated_at.is_some());
            }
        }
    }
}
