//! Scenario and property tests of disputes, driven like the server drives the cell.

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;

use super::queries::{self, DisputeFilter};
use super::*;
use crate::command::{Actor, Command};
use crate::deescalation::{
    Coord7, DeescalationCommand, IncidentCategory, IncidentId, IncidentReport,
};
use crate::due::{DueWhat, owed_by};
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::ids::{PartyId, TrackId};
use crate::state::CellState;
use crate::tests::{Cell, T0, party, text, user};
use crate::time::{Span, Timestamp};

fn id(n: &str) -> DisputeId {
    DisputeId::new(n).unwrap()
}

fn hours(h: i64) -> Timestamp {
    T0.plus(Span::hours(h))
}

fn draft(against: &str, evidence: Vec<Evidence>) -> DisputeDraft {
    DisputeDraft {
        track: TrackId::new("de-escalation").unwrap(),
        against: party(against),
        title: text("en", "Drone over the buffer zone"),
        what: text("en", "A drone crossed the line at dawn."),
        occurred_at: T0,
        place: Some(Coord7::from_degrees("place", 35.9, 33.1).unwrap()),
        evidence,
    }
}

fn run(
    cell: &mut Cell,
    by: &str,
    command: DisputeCommand,
    now: Timestamp,
) -> Result<Vec<Event>, DomainError> {
    cell.run(user(by), Command::Dispute(command), now)
}

/// Runs the cell's timer for disputes at `now`, as the server does.
fn tick(cell: &mut Cell, now: Timestamp) -> Vec<Event> {
    let mut out = vec![];
    for dispute in cell.state.disputes.overdue(now) {
        out.extend(
            cell.run(
                Actor::Cell,
                Command::Dispute(DisputeCommand::Escalate { dispute }),
                now,
            )
            .unwrap(),
        );
    }
    out
}

fn inner(e: &Event) -> &DisputeEvent {
    match &e.body {
        EventBody::Dispute { event } => event,
        other => panic!("not a dispute event: {other:?}"),
    }
}

fn raise(cell: &mut Cell, n: &str, now: Timestamp) {
    run(
        cell,
        "sy.liaison",
        DisputeCommand::Raise {
            dispute: id(n),
            draft: draft("il", vec![]),
        },
        now,
    )
    .unwrap();
}

fn to_mediation(cell: &mut Cell, n: &str) {
    raise(cell, n, T0);
    let d = id(n);
    run(
        cell,
        "il.liaison",
        DisputeCommand::Acknowledge { dispute: d.clone() },
        hours(1),
    )
    .unwrap();
    let answer = DisputeCommand::Answer {
        dispute: d.clone(),
        answer: text("he", "לא היה רחפן שלנו"),
    };
    run(cell, "il.liaison", answer, hours(2)).unwrap();
    let mediate = DisputeCommand::RequestMediation {
        dispute: d,
        reason: text("ar", "الجواب غير كاف"),
    };
    run(cell, "sy.liaison", mediate, hours(3)).unwrap();
}

fn report_incident(cell: &mut Cell, by: &str, n: &str, shared_with: &[&str]) -> IncidentId {
    let incident = IncidentId::new(n).unwrap();
    cell.run(
        user(by),
        Command::Deescalation(DeescalationCommand::ReportIncident {
            incident: incident.clone(),
            report: IncidentReport {
                occurred_at: T0,
                place: Coord7::from_degrees("place", 35.9, 33.1).unwrap(),
                category: IncidentCategory::AirspaceViolation,
                description: text("en", "A drone"),
                activity: None,
                zone: None,
            },
            shared_with: shared_with.iter().map(|p| party(p)).collect(),
        }),
        T0,
    )
    .unwrap();
    incident
}

#[test]
fn a_dispute_goes_from_raised_through_mediation_to_resolved_with_its_full_history() {
    let mut cell = Cell::new();
    let evidence = report_incident(&mut cell, "sy.liaison", "in-1", &["il"]);
    let events = run(
        &mut cell,
        "sy.liaison",
        DisputeCommand::Raise {
            dispute: id("d1"),
            draft: draft("il", vec![Evidence::Incident(evidence)]),
        },
        T0,
    )
    .unwrap();
    let everyone: BTreeSet<PartyId> = ["il", "sy", "us"].map(party).into();
    assert_eq!(events[0].audience.0, everyone);
    assert!(matches!(inner(&events[0]), DisputeEvent::Raised { due, .. } if *due == hours(24)));
    to_mediation_steps(&mut cell);
    let d = queries::dispute(&cell.state, Some(&party("il")), &id("d1")).unwrap();
    assert_eq!(d.status, DisputeStatus::Resolved);
    assert!(d.obligations.is_empty());
    let kinds: Vec<&str> = d.history.iter().map(|h| h.event.kind()).collect();
    assert_eq!(
        kinds,
        [
            "dispute.raised",
            "dispute.acknowledged",
            "dispute.answered",
            "dispute.mediation_requested",
            "dispute.information_requested",
            "dispute.information_provided",
            "dispute.findings_recorded",
            "dispute.ruled",
            "dispute.ruling_answered",
            "dispute.ruling_answered",
        ]
    );
    assert!(cell.state.disputes.deadlines.is_empty());
}

fn to_mediation_steps(cell: &mut Cell) {
    let d = id("d1");
    let steps: Vec<(&str, DisputeCommand)> = vec![
        (
            "il.liaison",
            DisputeCommand::Acknowledge { dispute: d.clone() },
        ),
        (
            "il.liaison",
            DisputeCommand::Answer {
                dispute: d.clone(),
                answer: text("he", "לא שלנו"),
            },
        ),
        (
            "sy.liaison",
            DisputeCommand::RequestMediation {
                dispute: d.clone(),
                reason: text("ar", "غير كاف"),
            },
        ),
        (
            "us.supervisor",
            DisputeCommand::RequestInformation {
                dispute: d.clone(),
                party: party("il"),
                kind: RequestKind::Information,
                question: text("en", "Flight logs, please."),
                due: Some(hours(30)),
            },
        ),
        (
            "il.liaison",
            DisputeCommand::ProvideInformation {
                dispute: d.clone(),
                request: 1,
                reply: text("en", "Attached."),
            },
        ),
        (
            "us.supervisor",
            DisputeCommand::RecordFindings {
                dispute: d.clone(),
                findings: text("en", "An unattributed drone."),
            },
        ),
        (
            "us.supervisor",
            DisputeCommand::Rule {
                dispute: d.clone(),
                ruling: text("en", "Both parties tighten drone notices."),
            },
        ),
        (
            "il.liaison",
            DisputeCommand::AnswerRuling {
                dispute: d.clone(),
                accept: true,
                reason: None,
            },
        ),
        (
            "sy.liaison",
            DisputeCommand::AnswerRuling {
                dispute: d.clone(),
                accept: true,
                reason: None,
            },
        ),
    ];
    for (i, (by, command)) in steps.into_iter().enumerate() {
        run(cell, by, command, hours(1 + i as i64)).unwrap();
    }
}

#[test]
fn evidence_the_raiser_cannot_see_is_refused_like_evidence_that_does_not_exist() {
    let mut cell = Cell::new();
    let internal = report_incident(&mut cell, "il.liaison", "in-il", &[]);
    let raise = |e: Evidence| DisputeCommand::Raise {
        dispute: id("d1"),
        draft: draft("il", vec![e]),
    };
    let hidden = run(
        &mut cell,
        "sy.liaison",
        raise(Evidence::Incident(internal)),
        T0,
    )
    .unwrap_err();
    assert_eq!(hidden, DomainError::not_found("incident", "in-il"));
    let absent = run(
        &mut cell,
        "sy.liaison",
        raise(Evidence::Incident(IncidentId::new("in-none").unwrap())),
        T0,
    )
    .unwrap_err();
    assert_eq!(absent, DomainError::not_found("incident", "in-none"));
    assert!(
        cell.state.disputes.disputes.is_empty(),
        "nothing was written"
    );
    let shared = report_incident(&mut cell, "il.liaison", "in-shared", &["sy"]);
    run(
        &mut cell,
        "sy.liaison",
        raise(Evidence::Incident(shared)),
        T0,
    )
    .unwrap();
}

#[test]
fn nobody_takes_a_step_for_another_party() {
    let mut cell = Cell::new();
    raise(&mut cell, "d1", T0);
    let ack = || DisputeCommand::Acknowledge { dispute: id("d1") };
    for by in ["sy.liaison", "us.supervisor", "il.analyst", "il.admin"] {
        assert_eq!(
            run(&mut cell, by, ack(), T0).unwrap_err().code(),
            "forbidden",
            "{by}"
        );
    }
    assert_eq!(
        run(
            &mut cell,
            "us.supervisor",
            DisputeCommand::Raise {
                dispute: id("d2"),
                draft: draft("il", vec![])
            },
            T0
        )
        .unwrap_err()
        .code(),
        "forbidden"
    );
    let against_self = run(
        &mut cell,
        "sy.liaison",
        DisputeCommand::Raise {
            dispute: id("d3"),
            draft: draft("sy", vec![]),
        },
        T0,
    );
    assert!(matches!(against_self, Err(DomainError::Invalid { field, .. }) if field == "against"));
    let early = DisputeCommand::AcceptAnswer { dispute: id("d1") };
    assert_eq!(
        run(&mut cell, "sy.liaison", early, T0).unwrap_err().code(),
        "conflict"
    );
    let escalate = DisputeCommand::Escalate { dispute: id("d1") };
    assert_eq!(
        run(&mut cell, "us.supervisor", escalate, hours(99))
            .unwrap_err()
            .code(),
        "forbidden"
    );
}

#[test]
fn a_ruling_needs_findings_and_a_contest_leaves_the_dispute_contested() {
    let mut cell = Cell::new();
    to_mediation(&mut cell, "d1");
    let rule = || DisputeCommand::Rule {
        dispute: id("d1"),
        ruling: text("en", "Ruling"),
    };
    assert_eq!(
        run(&mut cell, "us.supervisor", rule(), hours(4))
            .unwrap_err()
            .code(),
        "conflict"
    );
    let findings = DisputeCommand::RecordFindings {
        dispute: id("d1"),
        findings: text("en", "Found"),
    };
    run(&mut cell, "us.supervisor", findings, hours(4)).unwrap();
    run(&mut cell, "us.supervisor", rule(), hours(5)).unwrap();
    let answer = |accept| DisputeCommand::AnswerRuling {
        dispute: id("d1"),
        accept,
        reason: Some(text("en", "Because")),
    };
    run(&mut cell, "il.liaison", answer(false), hours(6)).unwrap();
    assert_eq!(
        run(&mut cell, "il.liaison", answer(true), hours(6))
            .unwrap_err()
            .code(),
        "conflict"
    );
    run(&mut cell, "sy.liaison", answer(true), hours(7)).unwrap();
    assert_eq!(
        cell.state.disputes.disputes[&id("d1")].status,
        DisputeStatus::Contested
    );
}

#[test]
fn a_missed_deadline_is_owed_then_escalates_once_to_both_parties_and_the_supervisor() {
    let mut cell = Cell::new();
    raise(&mut cell, "d1", T0);
    let owed = owed_by(&cell.state, &party("il"));
    assert_eq!(owed.len(), 1);
    assert_eq!(
        owed[0].what,
        DueWhat::DisputeStep(id("d1"), Owed::Acknowledge)
    );
    assert_eq!(owed[0].due, hours(24));
    assert!(tick(&mut cell, hours(23)).is_empty());
    let mediate = || DisputeCommand::RequestMediation {
        dispute: id("d1"),
        reason: text("en", "No answer"),
    };
    assert_eq!(
        run(&mut cell, "sy.liaison", mediate(), hours(23))
            .unwrap_err()
            .code(),
        "conflict"
    );
    let escalated = tick(&mut cell, hours(24));
    assert_eq!(escalated.len(), 1);
    assert_eq!(
        escalated[0].audience.0,
        ["il", "sy", "us"].map(party).into()
    );
    assert!(matches!(
        inner(&escalated[0]),
        DisputeEvent::Escalated {
            owed: Owed::Acknowledge,
            ..
        }
    ));
    assert!(tick(&mut cell, hours(48)).is_empty(), "escalates once");
    let late = run(
        &mut cell,
        "il.liaison",
        DisputeCommand::Acknowledge { dispute: id("d1") },
        hours(30),
    )
    .unwrap();
    assert!(matches!(
        inner(&late[0]),
        DisputeEvent::Acknowledged { late: true, .. }
    ));
    run(&mut cell, "sy.liaison", mediate(), hours(31)).unwrap();
    assert_eq!(
        cell.state.disputes.disputes[&id("d1")].status,
        DisputeStatus::InMediation
    );
}

#[test]
fn both_parties_see_identical_counts() {
    let mut cell = Cell::new();
    raise(&mut cell, "d1", T0);
    to_mediation(&mut cell, "d2");
    run(
        &mut cell,
        "il.liaison",
        DisputeCommand::Raise {
            dispute: id("d3"),
            draft: draft("sy", vec![]),
        },
        hours(800),
    )
    .unwrap();
    let now = hours(801);
    let il = queries::counts(&cell.state, Some(&party("il")), now);
    let sy = queries::counts(&cell.state, Some(&party("sy")), now);
    assert_eq!(il, sy);
    assert_eq!(il.total, 3);
    assert_eq!(il.by_status[&DisputeStatus::InMediation], 1);
    assert_eq!(il.overdue, 1, "d1 was never acknowledged");
    assert_eq!(il.by_month.len(), 2);
    let overdue = DisputeFilter {
        overdue: Some(true),
        ..Default::default()
    };
    assert_eq!(
        queries::disputes(&cell.state, Some(&party("sy")), &overdue, now).len(),
        1
    );
}

// --- Property tests --------------------------------------------------------------------------

const ACTORS: [&str; 6] = [
    "il.liaison",
    "sy.liaison",
    "us.supervisor",
    "il.analyst",
    "sy.admin",
    "us.observer",
];

#[derive(Clone, Debug)]
enum Step {
    /// `actor: None` is the officer whose step it is, so that histories get deep; `Some` is
    /// anyone at all, to try acting for another party.
    Act {
        actor: Option<usize>,
        op: u8,
        dispute: usize,
        pick: u8,
        hours: u8,
    },
    Tick {
        hours: u8,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (proptest::option::weighted(0.3, 0..ACTORS.len()), 0..11u8, 0..3usize, 0..4u8, 0..6u8)
            .prop_map(|(actor, op, dispute, pick, hours)| Step::Act { actor, op, dispute, pick, hours }),
        1 => (1..60u8).prop_map(|hours| Step::Tick { hours }),
    ]
}

fn command(
    op: u8,
    dispute: DisputeId,
    pick: u8,
    actor_party: &str,
    now: Timestamp,
) -> DisputeCommand {
    let other = if actor_party == "il" { "sy" } else { "il" };
    let t = text("en", "text");
    match op {
        0 => DisputeCommand::Raise {
            dispute,
            draft: draft(other, vec![]),
        },
        1 => DisputeCommand::Acknowledge { dispute },
        2 => DisputeCommand::Answer { dispute, answer: t },
        3 => DisputeCommand::AcceptAnswer { dispute },
        4 => DisputeCommand::RequestMediation { dispute, reason: t },
        5 => DisputeCommand::RequestInformation {
            dispute,
            party: party(if pick.is_multiple_of(2) { "il" } else { "sy" }),
            kind: RequestKind::Inspection,
            question: t,
            due: (pick > 1).then(|| now.plus(Span::hours(i64::from(pick) * 5))),
        },
        6 => DisputeCommand::ProvideInformation {
            dispute,
            request: u32::from(pick) + 1,
            reply: t,
        },
        7 => DisputeCommand::RecordFindings {
            dispute,
            findings: t,
        },
        8 => DisputeCommand::Rule { dispute, ruling: t },
        9 => DisputeCommand::AnswerRuling {
            dispute,
            accept: pick != 0,
            reason: None,
        },
        _ => DisputeCommand::Escalate { dispute },
    }
}

/// The officer whose step `op` is on `dispute` (a raiser when there is no dispute yet).
fn rightful_actor(state: &CellState, dispute: &DisputeId, op: u8, pick: u8) -> &'static str {
    let officer = |p: &PartyId| {
        if p.as_str() == "il" {
            "il.liaison"
        } else {
            "sy.liaison"
        }
    };
    let Some(d) = state.disputes.disputes.get(dispute) else {
        return if pick.is_multiple_of(2) {
            "il.liaison"
        } else {
            "sy.liaison"
        };
    };
    match op {
        1 | 2 => officer(d.respondent()),
        5 | 7 | 8 => "us.supervisor",
        6 => d
            .requests
            .iter()
            .find(|r| r.number == u32::from(pick) + 1)
            .map_or("il.liaison", |r| officer(&r.party)),
        9 if pick.is_multiple_of(2) => officer(d.respondent()),
        _ => officer(&d.raiser),
    }
}

/// The workflow written out once more, independently of `decide` and `apply`: which event may
/// follow which status, and the status it leads to.
fn next_status(
    d: &Dispute,
    status: DisputeStatus,
    e: &DisputeEvent,
    answered: usize,
    escalated_respondent: bool,
) -> Option<DisputeStatus> {
    use DisputeStatus as S;
    match (status, e) {
        (_, DisputeEvent::Escalated { .. }) if !status.is_closed() => Some(status),
        (S::Raised, DisputeEvent::Acknowledged { .. }) => Some(S::Acknowledged),
        (S::Acknowledged, DisputeEvent::Answered { .. }) => Some(S::Answered),
        (S::Answered, DisputeEvent::AnswerAccepted { .. }) => Some(S::Resolved),
        (S::Answered, DisputeEvent::MediationRequested { .. }) => Some(S::InMediation),
        (S::Raised | S::Acknowledged, DisputeEvent::MediationRequested { .. })
            if escalated_respondent =>
        {
            Some(S::InMediation)
        }
        (
            S::InMediation,
            DisputeEvent::InformationRequested { .. }
            | DisputeEvent::InformationProvided { .. }
            | DisputeEvent::FindingsRecorded { .. },
        ) => Some(S::InMediation),
        (S::InMediation, DisputeEvent::Ruled { .. }) if !d.findings.is_empty() => Some(S::Ruled),
        (S::Ruled, DisputeEvent::RulingAnswered { .. }) if answered < 1 => Some(S::Ruled),
        (S::Ruled, DisputeEvent::RulingAnswered { .. }) => {
            Some(if d.ruling_responses.values().all(|r| r.accepted) {
                S::Resolved
            } else {
                S::Contested
            })
        }
        _ => None,
    }
}

/// Which party may record `e` on `d`; `None` for the cell's timer.
fn rightful_party(d: &Dispute, e: &DisputeEvent) -> Option<Vec<PartyId>> {
    let us = party("us");
    Some(match e {
        DisputeEvent::Raised { .. }
        | DisputeEvent::AnswerAccepted { .. }
        | DisputeEvent::MediationRequested { .. } => vec![d.raiser.clone()],
        DisputeEvent::Acknowledged { .. } | DisputeEvent::Answered { .. } => {
            vec![d.respondent().clone()]
        }
        DisputeEvent::InformationRequested { .. }
        | DisputeEvent::FindingsRecorded { .. }
        | DisputeEvent::Ruled { .. } => vec![us],
        DisputeEvent::InformationProvided { request, .. } => {
            vec![
                d.requests
                    .iter()
                    .find(|r| r.number == *request)?
                    .party
                    .clone(),
            ]
        }
        DisputeEvent::RulingAnswered { .. } => vec![d.raiser.clone(), d.respondent().clone()],
        DisputeEvent::Escalated { .. } => return None,
    })
}

fn check_history(d: &Dispute) -> Result<(), TestCaseError> {
    let mut status = DisputeStatus::Raised;
    let mut answered_ruling = BTreeSet::new();
    let mut escalated_respondent = false;
    prop_assert_eq!(d.history[0].event.kind(), "dispute.raised");
    for h in &d.history[1..] {
        let next = next_status(
            d,
            status,
            &h.event,
            answered_ruling.len(),
            escalated_respondent,
        );
        prop_assert!(
            next.is_some(),
            "{:?} after {:?} in {:?}",
            h.event,
            status,
            d.id
        );
        status = next.unwrap();
        match (rightful_party(d, &h.event), &h.party) {
            (None, p) => prop_assert!(p.is_none(), "escalations are the cell's"),
            (Some(rightful), Some(p)) => {
                prop_assert!(rightful.contains(p), "{:?} by {:?}", h.event, p)
            }
            (Some(_), None) => prop_assert!(false, "a party's step by the cell"),
        }
        if let DisputeEvent::RulingAnswered { .. } = h.event {
            prop_assert!(
                answered_ruling.insert(h.party.clone()),
                "a party answered the ruling twice"
            );
        }
        if let DisputeEvent::Escalated { party, .. } = &h.event {
            escalated_respondent |= party == d.respondent();
        }
    }
    prop_assert_eq!(status, d.status);
    Ok(())
}

/// What each status leaves owed, derived from the dispute's own fields.
fn check_obligations(d: &Dispute) -> Result<(), TestCaseError> {
    let keys: BTreeSet<(PartyId, Owed)> = d
        .obligations
        .iter()
        .map(|o| (o.party.clone(), o.owed))
        .collect();
    let resp = d.respondent().clone();
    let expected: BTreeSet<(PartyId, Owed)> = match d.status {
        DisputeStatus::Raised => [(resp, Owed::Acknowledge)].into(),
        DisputeStatus::Acknowledged => [(resp, Owed::Answer)].into(),
        DisputeStatus::Answered => [(d.raiser.clone(), Owed::Decide)].into(),
        DisputeStatus::InMediation => d
            .requests
            .iter()
            .filter(|r| r.reply.is_none())
            .map(|r| (r.party.clone(), Owed::Reply(r.number)))
            .collect(),
        DisputeStatus::Ruled => [d.raiser.clone(), resp]
            .into_iter()
            .filter(|p| !d.ruling_responses.contains_key(p))
            .map(|p| (p, Owed::RespondToRuling))
            .collect(),
        DisputeStatus::Resolved | DisputeStatus::Contested => BTreeSet::new(),
    };
    prop_assert_eq!(keys, expected, "{:?}", d.id);
    prop_assert_eq!(
        d.ruling.is_some(),
        matches!(d.status, DisputeStatus::Ruled | DisputeStatus::Contested)
            || (d.status == DisputeStatus::Resolved && !d.ruling_responses.is_empty())
    );
    if d.ruling.is_some() {
        prop_assert!(!d.findings.is_empty());
    }
    Ok(())
}

/// Brute force: every unescalated obligation, straight from the disputes.
fn brute_force_deadlines(state: &CellState) -> BTreeSet<(Timestamp, DisputeId, PartyId, Owed)> {
    state
        .disputes
        .disputes
        .values()
        .flat_map(|d| {
            d.obligations
                .iter()
                .filter(|o| o.escalated_at.is_none())
                .map(|o| (o.due, d.id.clone(), o.party.clone(), o.owed))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_histories_keep_the_workflow(steps in proptest::collection::vec(step(), 1..120)) {
        let mut cell = Cell::new();
        let mut now = T0;
        let ids = ["d0", "d1", "d2"].map(id);
        for s in steps {
            match s {
                Step::Tick { hours } => {
                    now = now.plus(Span::hours(i64::from(hours)));
                    tick(&mut cell, now);
                    for d in cell.state.disputes.disputes.values() {
                        for o in &d.obligations {
                            prop_assert!(o.due > now || o.escalated_at.is_some(), "missed escalation of {:?} on {:?}", o, d.id);
                        }
                    }
                }
                Step::Act { actor, op, dispute, pick, hours } => {
                    now = now.plus(Span::hours(i64::from(hours)));
                    let who = match actor {
                        Some(a) => ACTORS[a],
                        None => rightful_actor(&cell.state, &ids[dispute], op, pick),
                    };
                    let p = &who[..2];
                    let before = cell.record.len();
                    let result = run(&mut cell, who, command(op, ids[dispute].clone(), pick, p, now), now);
                    if result.is_err() {
                        prop_assert_eq!(cell.record.len(), before, "a refusal writes nothing");
                    }
                }
            }
            prop_assert_eq!(&cell.state.disputes.deadlines, &brute_force_deadlines(&cell.state));
        }
        for d in cell.state.disputes.disputes.values() {
            check_history(d)?;
            check_obligations(d)?;
        }
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            let bytes = e.to_canonical_bytes();
            replayed.apply(i as u64, &Event::from_canonical_bytes(&bytes).unwrap());
        }
        prop_assert_eq!(
            serde_json::to_value(&replayed.disputes).unwrap(),
            serde_json::to_value(&cell.state.disputes).unwrap()
        );
        let il = queries::counts(&cell.state, Some(&party("il")), now);
        prop_assert_eq!(&il, &queries::counts(&cell.state, Some(&party("sy")), now));
        let by_status: BTreeMap<_, _> = il.by_status.into_iter().filter(|(_, n)| *n > 0).collect();
        prop_assert_eq!(by_status.values().sum::<u64>(), il.total);
    }
}
