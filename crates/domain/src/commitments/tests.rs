//! Scenario and property tests of commitments: decided and applied as the server does.

use proptest::prelude::*;

use super::*;
use crate::command::{Actor, Command};
use crate::due::{DueWhat, owed_by};
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::ids::TrackId;
use crate::state::CellState;
use crate::tests::{Cell, T0, party, text, user};
use crate::time::Timestamp;

const HOUR: i64 = 3_600_000;
const USERS: [&str; 8] = [
    "il.liaison",
    "il.analyst",
    "il.admin",
    "sy.liaison",
    "sy.analyst",
    "sy.admin",
    "us.supervisor",
    "us.observer",
];

fn at(hours: i64) -> Timestamp {
    Timestamp(T0.0 + hours * HOUR)
}

fn cid(id: &str) -> CommitmentId {
    CommitmentId::new(id).unwrap()
}

fn mid(id: &str) -> MilestoneId {
    MilestoneId::new(id).unwrap()
}

fn milestones(dues: &[i64]) -> Vec<MilestoneDraft> {
    dues.iter()
        .enumerate()
        .map(|(i, h)| MilestoneDraft {
            id: mid(&format!("m{}", i + 1)),
            title: text("en", &format!("Step {}", i + 1)),
            due: at(*h),
        })
        .collect()
}

impl Cell {
    fn cm(
        &mut self,
        by: &str,
        command: CommitmentsCommand,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.run(user(by), Command::Commitments(command), now)
    }

    fn propose(
        &mut self,
        by: &str,
        id: &str,
        owner: &str,
        dues: &[i64],
    ) -> Result<Vec<Event>, DomainError> {
        let beneficiary = if owner == "il" { "sy" } else { "il" };
        self.cm(
            by,
            CommitmentsCommand::Propose {
                commitment: cid(id),
                owner: party(owner),
                beneficiary: party(beneficiary),
                track: TrackId::new("de-escalation").unwrap(),
                title: text("en", "Withdrawal from area X"),
                milestones: milestones(dues),
            },
            T0,
        )
    }

    fn approve_all(&mut self, id: &str, version: u32, now: Timestamp) {
        for by in ["il.liaison", "sy.liaison", "us.supervisor"] {
            self.cm(
                by,
                CommitmentsCommand::Approve {
                    commitment: cid(id),
                    version,
                },
                now,
            )
            .unwrap();
        }
    }

    /// Runs the cell's commitment timer at `now`, as the server does.
    fn tick_commitments(&mut self, now: Timestamp) -> Vec<Event> {
        let mut out = vec![];
        for (commitment, milestone) in self.state.commitments.overdue(now) {
            out.extend(
                self.run(
                    Actor::Cell,
                    Command::Commitments(CommitmentsCommand::Escalate {
                        commitment,
                        milestone,
                    }),
                    now,
                )
                .unwrap(),
            );
        }
        out
    }

    fn commitment(&self, id: &str) -> &Commitment {
        &self.state.commitments.commitments[&cid(id)]
    }
}

fn evidence() -> Evidence {
    Evidence {
        text: text("he", "הכוחות נסוגו"),
        links: vec!["https://example.org/report.pdf".into(), "inc-1".into()],
    }
}

#[test]
fn a_commitment_is_in_force_only_once_every_party_approved() {
    let mut cell = Cell::new();
    cell.propose("sy.liaison", "c1", "il", &[24, 48]).unwrap();
    for by in ["il.liaison", "sy.liaison"] {
        let events = cell
            .cm(
                by,
                CommitmentsCommand::Approve {
                    commitment: cid("c1"),
                    version: 1,
                },
                T0,
            )
            .unwrap();
        assert_eq!(events.len(), 1);
    }
    assert_eq!(cell.commitment("c1").status(), CommitmentStatus::Proposed);
    let attest = CommitmentsCommand::Attest {
        commitment: cid("c1"),
        milestone: mid("m1"),
        evidence: evidence(),
    };
    assert!(matches!(
        cell.cm("il.liaison", attest.clone(), T0),
        Err(DomainError::Conflict(_))
    ));
    let events = cell
        .cm(
            "us.supervisor",
            CommitmentsCommand::Approve {
                commitment: cid("c1"),
                version: 1,
            },
            T0,
        )
        .unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(cell.commitment("c1").status(), CommitmentStatus::InForce);
    // Only the owner attests; the supervisor verifies.
    assert!(matches!(
        cell.cm("sy.liaison", attest.clone(), T0),
        Err(DomainError::Forbidden(_))
    ));
    cell.cm("il.liaison", attest, at(1)).unwrap();
    let verify = |verified, reason| CommitmentsCommand::Verify {
        commitment: cid("c1"),
        milestone: mid("m1"),
        verified,
        reason,
    };
    assert!(matches!(
        cell.cm("il.liaison", verify(true, None), at(2)),
        Err(DomainError::Forbidden(_))
    ));
    let e = cell
        .cm("us.supervisor", verify(false, None), at(2))
        .unwrap_err();
    assert_eq!(e.code(), "invalid_field");
    cell.cm(
        "us.supervisor",
        verify(false, Some(text("en", "No photos"))),
        at(2),
    )
    .unwrap();
    assert_eq!(
        cell.commitment("c1").milestone_status(&mid("m1")),
        MilestoneStatus::Open
    );
    assert_eq!(cell.commitment("c1").progress[&mid("m1")].history.len(), 2);
}

#[test]
fn a_revision_resets_approvals_and_keeps_the_version_in_force() {
    let mut cell = Cell::new();
    cell.propose("il.liaison", "c1", "il", &[24]).unwrap();
    cell.approve_all("c1", 1, T0);
    cell.cm(
        "sy.liaison",
        CommitmentsCommand::Revise {
            commitment: cid("c1"),
            title: text("ar", "الانسحاب"),
            milestones: milestones(&[12, 36]),
        },
        at(1),
    )
    .unwrap();
    let c = cell.commitment("c1");
    assert_eq!(c.in_force, Some(1));
    assert_eq!(c.versions.len(), 2);
    assert!(c.versions[1].approvals.is_empty());
    // Version 1 is no longer open for approval; version 2 is.
    assert!(matches!(
        cell.cm(
            "il.liaison",
            CommitmentsCommand::Approve {
                commitment: cid("c1"),
                version: 1
            },
            at(1)
        ),
        Err(DomainError::Conflict(_))
    ));
    cell.approve_all("c1", 2, at(2));
    assert_eq!(cell.commitment("c1").in_force, Some(2));
    assert_eq!(cell.commitment("c1").current().unwrap().milestones.len(), 2);
}

#[test]
fn an_overdue_milestone_alerts_everyone_once_and_is_in_the_owners_deadlines() {
    let mut cell = Cell::new();
    cell.propose("il.liaison", "c1", "il", &[24, 48]).unwrap();
    assert!(
        owed_by(&cell.state, &party("il")).is_empty(),
        "not in force yet"
    );
    cell.approve_all("c1", 1, T0);
    let due = owed_by(&cell.state, &party("il"));
    assert_eq!(due.len(), 2);
    assert_eq!(
        due[0].what,
        DueWhat::MilestoneAttestation(cid("c1"), mid("m1"))
    );
    assert!(owed_by(&cell.state, &party("sy")).is_empty());
    assert!(cell.tick_commitments(at(23)).is_empty());
    let events = cell.tick_commitments(at(24));
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].audience.0.len(), 3, "every party is alerted");
    assert!(matches!(
        &events[0].body,
        EventBody::Commitments { event: CommitmentsEvent::MilestoneOverdue { milestone, .. } } if *milestone == mid("m1")
    ));
    assert!(
        cell.tick_commitments(at(25)).is_empty(),
        "once per due date"
    );
    assert!(cell.commitment("c1").any_overdue(at(25)));
    // Attested late, then refused: open again, already escalated for this due date.
    cell.cm(
        "il.liaison",
        CommitmentsCommand::Attest {
            commitment: cid("c1"),
            milestone: mid("m1"),
            evidence: evidence(),
        },
        at(30),
    )
    .unwrap();
    cell.cm(
        "us.supervisor",
        CommitmentsCommand::Verify {
            commitment: cid("c1"),
            milestone: mid("m1"),
            verified: false,
            reason: Some(text("en", "Not seen")),
        },
        at(31),
    )
    .unwrap();
    assert!(cell.tick_commitments(at(32)).is_empty());
    assert_eq!(cell.tick_commitments(at(48)).len(), 1);
}

#[test]
fn commitments_are_refused_with_the_field_at_fault() {
    let mut cell = Cell::new();
    let e = cell.propose("il.analyst", "c1", "il", &[1]).unwrap_err();
    assert_eq!(e.code(), "forbidden");
    let e = cell.propose("il.liaison", "c1", "il", &[]).unwrap_err();
    assert!(e.to_string().starts_with("milestones"));
    let e = cell
        .cm(
            "il.liaison",
            CommitmentsCommand::Propose {
                commitment: cid("c1"),
                owner: party("il"),
                beneficiary: party("il"),
                track: TrackId::new("diplomatic").unwrap(),
                title: text("en", "x"),
                milestones: milestones(&[1]),
            },
            T0,
        )
        .unwrap_err();
    assert!(e.to_string().starts_with("beneficiary"));
    let mut twice = milestones(&[1, 2]);
    twice[1].id = mid("m1");
    let e = cell
        .cm(
            "il.liaison",
            CommitmentsCommand::Propose {
                commitment: cid("c1"),
                owner: party("il"),
                beneficiary: party("sy"),
                track: TrackId::new("diplomatic").unwrap(),
                title: text("en", "x"),
                milestones: twice,
            },
            T0,
        )
        .unwrap_err();
    assert!(e.to_string().starts_with("milestones[1].id"));
    assert!(cell.state.commitments.commitments.is_empty());
}

// ---- Property tests: random command sequences by random actors. ----

#[derive(Clone, Debug)]
enum Step {
    Propose {
        by: usize,
        owner: usize,
        dues: Vec<u8>,
    },
    Revise {
        by: usize,
        c: usize,
        dues: Vec<u8>,
    },
    Approve {
        by: usize,
        c: usize,
        version: u32,
    },
    Attest {
        by: usize,
        c: usize,
        m: usize,
    },
    Verify {
        by: usize,
        c: usize,
        m: usize,
        ok: bool,
    },
    Wait {
        hours: u8,
    },
}

fn step() -> impl Strategy<Value = Step> {
    let dues = proptest::collection::vec(1..96u8, 1..4);
    prop_oneof![
        2 => (0..8usize, 0..3usize, dues.clone()).prop_map(|(by, owner, dues)| Step::Propose { by, owner, dues }),
        1 => (0..8usize, 0..8usize, dues).prop_map(|(by, c, dues)| Step::Revise { by, c, dues }),
        5 => (0..8usize, 0..8usize, 1..4u32).prop_map(|(by, c, version)| Step::Approve { by, c, version }),
        3 => (0..8usize, 0..8usize, 0..4usize).prop_map(|(by, c, m)| Step::Attest { by, c, m }),
        3 => (0..8usize, 0..8usize, 0..4usize, any::<bool>()).prop_map(|(by, c, m, ok)| Step::Verify { by, c, m, ok }),
        2 => (1..30u8).prop_map(|hours| Step::Wait { hours }),
    ]
}

const PARTIES: [&str; 3] = ["il", "sy", "us"];

/// Checks every invariant of the commitments state and of the events one step produced.
fn check_invariants(state: &CellState, events: &[Event], now: Timestamp) {
    let supervisor = party("us");
    for c in state.commitments.commitments.values() {
        assert_ne!(c.owner, c.beneficiary);
        assert_eq!(c.audience.0.len(), 3);
        // No skipped approval: the version in force has every approval, and only versions
        // that have every approval ever came into force.
        for v in &c.versions {
            assert_eq!(v.in_force_at.is_some(), v.awaiting().is_empty(), "{v:?}");
        }
        if let Some(n) = c.in_force {
            assert!(c.version(n).unwrap().awaiting().is_empty());
        }
        // Progress only for milestones of a version in force, and its status follows history.
        for (m, p) in &c.progress {
            assert!(
                c.versions
                    .iter()
                    .any(|v| v.in_force_at.is_some() && v.milestone(m).is_some())
            );
            let last = p
                .history
                .iter()
                .rev()
                .find(|s| !matches!(s, model::Step::Overdue { .. }));
            let expected = match last {
                None | Some(model::Step::NotVerified { .. }) => MilestoneStatus::Open,
                Some(model::Step::Attested { .. }) => MilestoneStatus::Attested,
                Some(model::Step::Verified { .. }) => MilestoneStatus::Verified,
                Some(model::Step::Overdue { .. }) => unreachable!(),
            };
            assert_eq!(p.status, expected);
        }
        // No missed escalation: after the timer ran, every open milestone past due escalated.
        if let Some(v) = c.current() {
            for m in &v.milestones {
                if c.is_overdue(m, now) {
                    assert_eq!(
                        c.progress.get(&m.id).and_then(|p| p.escalated_for),
                        Some(m.due)
                    );
                }
            }
        }
    }
    // No party acting for another.
    for e in events {
        let EventBody::Commitments { event } = &e.body else {
            panic!("not a commitment event")
        };
        let c = &state.commitments.commitments[event.commitment()];
        match event {
            CommitmentsEvent::Approved { party, .. } => assert_eq!(e.party.as_ref(), Some(party)),
            CommitmentsEvent::MilestoneAttested { .. } => {
                assert_eq!(e.party.as_ref(), Some(&c.owner))
            }
            CommitmentsEvent::MilestoneVerified { .. }
            | CommitmentsEvent::MilestoneNotVerified { .. } => {
                assert_eq!(e.party.as_ref(), Some(&supervisor))
            }
            CommitmentsEvent::MilestoneOverdue { .. } => assert!(e.actor.is_none()),
            CommitmentsEvent::Proposed { version, .. } if *version > 1 => {
                let p = e.party.as_ref().unwrap();
                assert!(*p == c.owner || *p == c.beneficiary || *p == supervisor);
            }
            CommitmentsEvent::Proposed { .. } | CommitmentsEvent::InForce { .. } => {}
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_histories_keep_the_invariants(steps in proptest::collection::vec(step(), 1..60)) {
        let mut cell = Cell::new();
        let mut now = T0;
        let mut ids: Vec<CommitmentId> = vec![];
        for (i, s) in steps.iter().enumerate() {
            let pick = |c: usize| (!ids.is_empty()).then(|| ids[c % ids.len()].clone());
            let offset = (now.0 - T0.0) / HOUR;
            let drafts = |dues: &[u8]| -> Vec<MilestoneDraft> {
                dues.iter().enumerate().map(|(j, h)| MilestoneDraft {
                    id: mid(&format!("m{j}")),
                    title: text("en", "step"),
                    due: at(offset + i64::from(*h)),
                }).collect()
            };
            let result = match s {
                Step::Propose { by, owner, dues } => {
                    let id = cid(&format!("c{i}"));
                    let owner = party(PARTIES[*owner]);
                    let beneficiary = party(if owner.as_str() == "il" { "sy" } else { "il" });
                    let r = cell.cm(USERS[*by], CommitmentsCommand::Propose {
                        commitment: id.clone(), owner, beneficiary,
                        track: TrackId::new("de-escalation").unwrap(),
                        title: text("en", "t"), milestones: drafts(dues),
                    }, now);
                    if r.is_ok() { ids.push(id); }
                    Some(r)
                }
                Step::Revise { by, c, dues } => pick(*c).map(|commitment| cell.cm(USERS[*by], CommitmentsCommand::Revise {
                    commitment, title: text("ar", "ن"), milestones: drafts(dues),
                }, now)),
                Step::Approve { by, c, version } => pick(*c).map(|commitment| cell.cm(USERS[*by], CommitmentsCommand::Approve { commitment, version: *version }, now)),
                Step::Attest { by, c, m } => pick(*c).map(|commitment| cell.cm(USERS[*by], CommitmentsCommand::Attest {
                    commitment, milestone: mid(&format!("m{m}")), evidence: evidence(),
                }, now)),
                Step::Verify { by, c, m, ok } => pick(*c).map(|commitment| cell.cm(USERS[*by], CommitmentsCommand::Verify {
                    commitment, milestone: mid(&format!("m{m}")), verified: *ok,
                    reason: (!ok).then(|| text("en", "not seen")),
                }, now)),
                Step::Wait { hours } => {
                    now = Timestamp(now.0 + i64::from(*hours) * HOUR);
                    None
                }
            };
            if let Some(Err(e)) = &result {
                // A refusal is one of the domain's stable refusals and changes nothing.
                prop_assert!(matches!(e.code(), "forbidden" | "conflict" | "not_found" | "invalid_field"), "{e}");
            }
            let mut events = match result { Some(Ok(events)) => events, _ => vec![] };
            events.extend(cell.tick_commitments(now));
            check_invariants(&cell.state, &events, now);
        }
        // Replay = live state.
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            let back = Event::from_canonical_bytes(&e.to_canonical_bytes()).unwrap();
            replayed.apply(i as u64, &back);
        }
        prop_assert_eq!(
            serde_json::to_value(&replayed.commitments).unwrap(),
            serde_json::to_value(&cell.state.commitments).unwrap()
        );
    }
}
