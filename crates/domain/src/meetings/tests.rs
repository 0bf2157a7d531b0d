//! Scenario and property tests of meetings, minutes and joint statements.

use proptest::prelude::*;

use super::*;
use crate::command::Command;
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::state::CellState;
use crate::tests::{Cell, T0, party, text, user};
use crate::time::Timestamp;

const LANGS: [&str; 3] = ["en", "ar", "he"];

fn meeting_id() -> MeetingId {
    MeetingId::new("paris").unwrap()
}

fn statement_id() -> StatementId {
    StatementId::new("js").unwrap()
}

impl Cell {
    fn mt(&mut self, by: &str, command: MeetingsCommand) -> Result<Vec<Event>, DomainError> {
        self.run(user(by), Command::Meetings(command), T0)
    }

    fn schedule(&mut self) {
        self.mt(
            "us.supervisor",
            MeetingsCommand::Schedule {
                meeting: meeting_id(),
                title: text("en", "Paris meeting"),
                starts_at: T0,
                ends_at: Timestamp(T0.0 + 3_600_000),
                place: "Paris".into(),
                participants: ["il", "sy", "us"].into_iter().map(party).collect(),
                agenda: vec![text("en", "A joint fusion mechanism")],
            },
        )
        .unwrap();
    }

    fn draft_statement(&mut self) {
        self.mt(
            "us.supervisor",
            MeetingsCommand::DraftStatement {
                statement: statement_id(),
                title: text("en", "Joint statement"),
                meeting: Some(meeting_id()),
                authoritative: "en".into(),
            },
        )
        .unwrap();
        for lang in LANGS {
            self.mt(
                "us.supervisor",
                MeetingsCommand::SetStatementText {
                    statement: statement_id(),
                    lang: lang.into(),
                    text: format!("text {lang}"),
                },
            )
            .unwrap();
        }
    }

    fn approve_statement(&mut self, by: &str, lang: &str) -> Result<Vec<Event>, DomainError> {
        let revision = self.state.meetings.statements[&statement_id()].revision;
        self.mt(
            by,
            MeetingsCommand::ApproveStatement {
                statement: statement_id(),
                revision,
                lang: lang.into(),
            },
        )
    }
}

#[test]
fn a_change_to_the_minutes_after_an_approval_resets_every_approval() {
    let mut cell = Cell::new();
    cell.schedule();
    let draft = |t: &str| MeetingsCommand::DraftMinutes {
        meeting: meeting_id(),
        text: text("en", t),
    };
    assert_eq!(
        cell.mt("il.liaison", draft("x")).unwrap_err().code(),
        "forbidden"
    );
    cell.mt("us.supervisor", draft("First")).unwrap();
    let approve = |revision| MeetingsCommand::ApproveMinutes {
        meeting: meeting_id(),
        revision,
    };
    cell.mt("il.liaison", approve(1)).unwrap();
    cell.mt("us.supervisor", draft("Second")).unwrap();
    let m = &cell.state.meetings.meetings[&meeting_id()];
    assert_eq!(m.current_minutes().unwrap().revision, 2);
    assert!(m.current_minutes().unwrap().approvals.is_empty());
    assert!(matches!(
        cell.mt("sy.liaison", approve(1)),
        Err(DomainError::Conflict(_))
    ));
    cell.mt("sy.liaison", approve(2)).unwrap();
    let events = cell.mt("il.liaison", approve(2)).unwrap();
    assert_eq!(events.len(), 2, "the last approval agrees the minutes");
    assert!(
        cell.state.meetings.meetings[&meeting_id()]
            .current_minutes()
            .unwrap()
            .agreed_at
            .is_some()
    );
}

#[test]
fn a_statement_is_published_only_when_every_version_is_approved_and_then_never_changes() {
    let mut cell = Cell::new();
    cell.schedule();
    cell.draft_statement();
    let publish = MeetingsCommand::PublishStatement {
        statement: statement_id(),
    };
    for lang in LANGS {
        cell.approve_statement("il.liaison", lang).unwrap();
    }
    for lang in ["en", "ar"] {
        cell.approve_statement("sy.liaison", lang).unwrap();
    }
    assert!(matches!(
        cell.mt("us.supervisor", publish.clone()),
        Err(DomainError::Conflict(_))
    ));
    assert_eq!(
        cell.approve_statement("us.supervisor", "he")
            .unwrap_err()
            .code(),
        "forbidden"
    );
    cell.approve_statement("sy.liaison", "he").unwrap();
    assert_eq!(
        cell.mt("il.liaison", publish.clone()).unwrap_err().code(),
        "forbidden"
    );
    cell.mt("us.supervisor", publish.clone()).unwrap();
    let e = cell
        .mt(
            "us.supervisor",
            MeetingsCommand::SetStatementText {
                statement: statement_id(),
                lang: "en".into(),
                text: "changed".into(),
            },
        )
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("is published and can no longer change"),
        "{e}"
    );
    assert!(cell.mt("us.supervisor", publish).is_err());
    assert!(cell.approve_statement("il.liaison", "en").is_err());
}

#[test]
fn a_meeting_between_two_parties_is_hidden_from_the_third() {
    let mut cell = Cell::new();
    cell.mt(
        "il.liaison",
        MeetingsCommand::Schedule {
            meeting: meeting_id(),
            title: text("he", "פגישה"),
            starts_at: T0,
            ends_at: T0,
            place: "Paris".into(),
            participants: ["il", "us"].into_iter().map(party).collect(),
            agenda: vec![],
        },
    )
    .map(|_| ())
    .unwrap_err();
    cell.mt(
        "il.liaison",
        MeetingsCommand::Schedule {
            meeting: meeting_id(),
            title: text("he", "פגישה"),
            starts_at: T0,
            ends_at: Timestamp(T0.0 + 1),
            place: "Paris".into(),
            participants: ["il", "us"].into_iter().map(party).collect(),
            agenda: vec![],
        },
    )
    .unwrap();
    assert!(queries::meeting(&cell.state, Some(&party("sy")), &meeting_id()).is_err());
    assert!(queries::meeting(&cell.state, Some(&party("us")), &meeting_id()).is_ok());
    let e = cell
        .mt(
            "sy.liaison",
            MeetingsCommand::ApproveMinutes {
                meeting: meeting_id(),
                revision: 1,
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
}

#[derive(Clone, Debug)]
enum Step {
    Minutes { by: usize, t: u8 },
    ApproveMinutes { by: usize, revision: u32 },
    Text { by: usize, lang: usize, t: u8 },
    Approve { by: usize, lang: usize, stale: bool },
    Publish { by: usize },
}

const USERS: [&str; 5] = [
    "il.liaison",
    "il.analyst",
    "sy.liaison",
    "us.supervisor",
    "us.observer",
];

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        1 => (0..5usize, 0..3u8).prop_map(|(by, t)| Step::Minutes { by, t }),
        1 => (0..5usize, 1..4u32).prop_map(|(by, revision)| Step::ApproveMinutes { by, revision }),
        1 => (0..5usize, 0..3usize, 0..3u8).prop_map(|(by, lang, t)| Step::Text { by, lang, t }),
        3 => (0..5usize, 0..3usize, any::<bool>()).prop_map(|(by, lang, stale)| Step::Approve { by, lang, stale }),
        1 => (0..5usize).prop_map(|by| Step::Publish { by }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_histories_keep_the_invariants(steps in proptest::collection::vec(step(), 1..60)) {
        let mut cell = Cell::new();
        cell.schedule();
        cell.mt("us.supervisor", MeetingsCommand::DraftStatement {
            statement: statement_id(), title: text("en", "t"), meeting: None, authoritative: "en".into(),
        }).unwrap();
        for s in &steps {
            let published_before = cell.state.meetings.statements[&statement_id()].clone();
            let revision = published_before.revision;
            let r = match s {
                Step::Minutes { by, t } => cell.mt(USERS[*by], MeetingsCommand::DraftMinutes { meeting: meeting_id(), text: text("en", &format!("m{t}")) }),
                Step::ApproveMinutes { by, revision } => cell.mt(USERS[*by], MeetingsCommand::ApproveMinutes { meeting: meeting_id(), revision: *revision }),
                Step::Text { by, lang, t } => cell.mt(USERS[*by], MeetingsCommand::SetStatementText { statement: statement_id(), lang: LANGS[*lang].into(), text: format!("s{t}") }),
                Step::Approve { by, lang, stale } => cell.mt(USERS[*by], MeetingsCommand::ApproveStatement {
                    statement: statement_id(), revision: if *stale { revision.saturating_sub(1) } else { revision }, lang: LANGS[*lang].into(),
                }),
                Step::Publish { by } => cell.mt(USERS[*by], MeetingsCommand::PublishStatement { statement: statement_id() }),
            };
            let events = r.unwrap_or_default();
            let s = &cell.state.meetings.statements[&statement_id()];
            // Immutable once published.
            if published_before.published_at.is_some() {
                prop_assert!(events.is_empty());
                prop_assert_eq!(s, &published_before);
            }
            // Published only with every approval of every version.
            if s.published_at.is_some() {
                prop_assert!(s.ready(&["en".into(), "ar".into(), "he".into()]));
            }
            // Approvals are only of the current texts, by the approvers themselves.
            for given in s.approvals.values() {
                prop_assert!(given.keys().all(|p| s.approvers.contains(p)));
            }
            let m = &cell.state.meetings.meetings[&meeting_id()];
            if let Some(x) = m.current_minutes() {
                prop_assert!(x.approvals.keys().all(|p| x.approvers.contains(p)));
                prop_assert_eq!(x.agreed_at.is_some(), x.awaiting().is_empty());
            }
            for e in &events {
                let EventBody::Meetings { event } = &e.body else { panic!() };
                match event {
                    MeetingsEvent::MinutesApproved { party, .. } | MeetingsEvent::StatementApproved { party, .. } => {
                        prop_assert_eq!(e.party.as_ref(), Some(party));
                    }
                    MeetingsEvent::MinutesDrafted { .. } | MeetingsEvent::StatementTextSet { .. } | MeetingsEvent::StatementPublished { .. } => {
                        prop_assert_eq!(e.party.as_ref(), Some(&party("us")));
                    }
                    _ => {}
                }
            }
        }
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            replayed.apply(i as u64, &Event::from_canonical_bytes(&e.to_canonical_bytes()).unwrap());
        }
        prop_assert_eq!(
            serde_json::to_value(&replayed.meetings).unwrap(),
            serde_json::to_value(&cell.state.meetings).unwrap()
        );
    }
}
