//! Scenario and property tests of the core: commands decided and applied, as the server does.

use std::collections::BTreeSet;

use proptest::prelude::*;

use crate::command::{Actor, Command, NewMessage};
use crate::config::CellConfig;
use crate::error::DomainError;
use crate::event::{Event, EventBody};
use crate::ids::{MessageId, PartyId, ThreadId, TrackId, UserId};
use crate::language::LangText;
use crate::message::Priority;
use crate::state::CellState;
use crate::time::{Span, Timestamp};
use crate::user::Role;
use crate::{decide, queries};

pub(crate) const CONFIG: &str = include_str!("../../../examples/levant-cell.toml");
pub(crate) const T0: Timestamp = Timestamp(1_767_700_800_000);

pub(crate) fn party(id: &str) -> PartyId {
    PartyId::new(id).unwrap()
}
pub(crate) fn user(id: &str) -> Actor {
    Actor::User(UserId::new(id).unwrap())
}
pub(crate) fn text(lang: &str, t: &str) -> LangText {
    LangText {
        lang: lang.into(),
        text: t.into(),
    }
}

/// A cell and its record, driven like the server drives it. The fixture every workflow's tests
/// start from: the example cell (Israel, Syria, the United States supervising) with users of
/// every role.
pub(crate) struct Cell {
    pub(crate) state: CellState,
    pub(crate) record: Vec<Event>,
}

impl Cell {
    pub(crate) fn new() -> Cell {
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
            ("il.admin", vec![Role::Admin]),
            ("sy.liaison", vec![Role::Liaison]),
            ("sy.analyst", vec![Role::Analyst]),
            ("sy.admin", vec![Role::Admin]),
            ("us.supervisor", vec![Role::Liaison, Role::Approver]),
            ("us.observer", vec![Role::Observer]),
        ] {
            let p = party(id.split('.').next().unwrap());
            cell.run(
                Actor::Cell,
                Command::AddUser {
                    user: UserId::new(id).unwrap(),
                    display_name: id.to_uppercase(),
                    party: p,
                    roles: roles.into_iter().collect(),
                },
                T0,
            )
            .unwrap();
        }
        cell
    }

    pub(crate) fn run(
        &mut self,
        actor: Actor,
        command: Command,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        let events = decide(&self.state, &actor, &command, now)?;
        for e in &events {
            self.state.apply(self.record.len() as u64, e);
            self.record.push(e.clone());
        }
        Ok(events)
    }

    pub(crate) fn open(
        &mut self,
        by: &str,
        id: &str,
        track: &str,
        with: &[&str],
        priority: Priority,
        now: Timestamp,
    ) -> Result<Vec<Event>, DomainError> {
        self.run(
            user(by),
            Command::OpenThread {
                thread: ThreadId::new(id).unwrap(),
                track: TrackId::new(track).unwrap(),
                subject: text("en", "Subject"),
                participants: with.iter().map(|p| party(p)).collect(),
                first: Some(NewMessage {
                    id: MessageId::new(&format!("{id}-m1")).unwrap(),
                    body: text("ar", "رسالة"),
                    priority,
                }),
            },
            now,
        )
    }

    /// Runs the cell's timer at `now`, as the server does.
    pub(crate) fn tick(&mut self, now: Timestamp) -> Vec<Event> {
        let mut out = vec![];
        for m in self.state.overdue(now) {
            out.extend(
                self.run(Actor::Cell, Command::EscalateOverdue { message: m }, now)
                    .unwrap(),
            );
        }
        out
    }
}

fn mid(id: &str) -> MessageId {
    MessageId::new(id).unwrap()
}

#[test]
fn my_deadlines_list_what_each_party_owes_earliest_first() {
    let mut cell = Cell::new();
    cell.open(
        "sy.liaison",
        "t1",
        "de-escalation",
        &["il"],
        Priority::Routine,
        T0,
    )
    .unwrap();
    cell.open(
        "sy.liaison",
        "t2",
        "de-escalation",
        &["il"],
        Priority::Flash,
        T0,
    )
    .unwrap();
    let il = crate::due::owed_by(&cell.state, &party("il"));
    let owed: Vec<_> = il.iter().map(|d| d.what.clone()).collect();
    assert_eq!(
        owed,
        [
            crate::due::DueWhat::MessageAcknowledgement(mid("t2-m1")),
            crate::due::DueWhat::MessageAcknowledgement(mid("t1-m1")),
        ],
        "the flash falls due first"
    );
    assert!(!il[0].overdue(T0) && il[0].overdue(il[0].due));
    assert!(
        crate::due::owed_by(&cell.state, &party("sy")).is_empty(),
        "the sender owes nothing"
    );
    cell.run(
        user("il.liaison"),
        Command::Acknowledge {
            message: mid("t2-m1"),
        },
        T0,
    )
    .unwrap();
    assert_eq!(crate::due::owed_by(&cell.state, &party("il")).len(), 1);
}

#[test]
fn a_flash_message_escalates_when_nobody_acknowledges_it() {
    let mut cell = Cell::new();
    let events = cell
        .open(
            "sy.liaison",
            "t1",
            "de-escalation",
            &["il"],
            Priority::Flash,
            T0,
        )
        .unwrap();
    let EventBody::MessagePosted {
        addressed,
        deadline,
        ..
    } = &events[1].body
    else {
        panic!()
    };
    assert_eq!(addressed, &BTreeSet::from([party("il")]));
    assert_eq!(*deadline, Some(T0.plus(Span::minutes(5))));
    assert!(
        events[1].audience.contains(&party("us")),
        "the supervisor sees cross-party traffic"
    );

    assert!(cell.tick(T0.plus(Span::minutes(4))).is_empty());
    let escalated = cell.tick(T0.plus(Span::minutes(5)));
    assert_eq!(escalated.len(), 1);
    let EventBody::AcknowledgementOverdue { missing, .. } = &escalated[0].body else {
        panic!()
    };
    assert_eq!(missing, &BTreeSet::from([party("il")]));
    assert!(
        escalated[0].audience.contains(&party("us"))
            && escalated[0].audience.contains(&party("sy"))
    );
    assert!(
        cell.tick(T0.plus(Span::minutes(10))).is_empty(),
        "escalates once"
    );
    assert_eq!(
        queries::escalations(&cell.state, Some(&party("us"))).len(),
        1
    );

    // A late acknowledgement is still recorded, and flagged late.
    let acks = cell
        .run(
            user("il.liaison"),
            Command::Acknowledge {
                message: mid("t1-m1"),
            },
            T0.plus(Span::minutes(11)),
        )
        .unwrap();
    assert!(matches!(
        acks.last().unwrap().body,
        EventBody::MessageAcknowledged { late: true, .. }
    ));
}

#[test]
fn an_acknowledged_message_does_not_escalate_and_receipts_are_recorded_once() {
    let mut cell = Cell::new();
    cell.open(
        "sy.liaison",
        "t1",
        "de-escalation",
        &["il"],
        Priority::Flash,
        T0,
    )
    .unwrap();
    let t = T0.plus(Span::minutes(1));
    let kinds: Vec<_> = cell
        .run(
            user("il.liaison"),
            Command::Acknowledge {
                message: mid("t1-m1"),
            },
            t,
        )
        .unwrap()
        .iter()
        .map(|e| e.body.kind())
        .collect();
    assert_eq!(
        kinds,
        ["message.delivered", "message.read", "message.acknowledged"]
    );
    assert!(
        cell.run(
            user("il.liaison"),
            Command::Acknowledge {
                message: mid("t1-m1")
            },
            t
        )
        .unwrap()
        .is_empty()
    );
    assert!(
        cell.run(
            user("il.liaison"),
            Command::MarkRead {
                message: mid("t1-m1")
            },
            t
        )
        .unwrap()
        .is_empty()
    );
    assert!(cell.tick(T0.plus(Span::hours(1))).is_empty());
    assert!(cell.state.deadlines.is_empty());
    assert!(queries::awaiting_acknowledgement(&cell.state, &party("il")).is_empty());
}

#[test]
fn acknowledgement_is_for_liaison_officers_of_an_addressed_party() {
    let mut cell = Cell::new();
    cell.open(
        "sy.liaison",
        "t1",
        "de-escalation",
        &["il"],
        Priority::Priority,
        T0,
    )
    .unwrap();
    let ack = |c: &mut Cell, who: &str| {
        c.run(
            user(who),
            Command::Acknowledge {
                message: mid("t1-m1"),
            },
            T0,
        )
    };
    assert!(matches!(
        ack(&mut cell, "il.analyst"),
        Err(DomainError::Forbidden(_))
    ));
    assert!(
        matches!(ack(&mut cell, "sy.liaison"), Err(DomainError::Conflict(_))),
        "the sender's party is not addressed"
    );
    assert!(matches!(
        ack(&mut cell, "us.supervisor"),
        Err(DomainError::Conflict(_))
    ));
    assert!(ack(&mut cell, "il.liaison").is_ok());
}

#[test]
fn internal_threads_do_not_exist_for_other_parties() {
    let mut cell = Cell::new();
    let events = cell
        .open(
            "il.liaison",
            "internal",
            "diplomatic",
            &[],
            Priority::Routine,
            T0,
        )
        .unwrap();
    for e in &events {
        assert_eq!(e.audience.0, BTreeSet::from([party("il")]));
    }
    let EventBody::MessagePosted { deadline, .. } = &events[1].body else {
        panic!()
    };
    assert_eq!(
        *deadline, None,
        "nobody else has to acknowledge an internal message"
    );
    for other in ["sy", "us"] {
        assert!(queries::threads(&cell.state, Some(&party(other)), None).is_empty());
        let e = queries::thread(
            &cell.state,
            Some(&party(other)),
            &ThreadId::new("internal").unwrap(),
        )
        .unwrap_err();
        assert_eq!(e.code(), "not_found");
    }
    for (who, command) in [
        (
            "sy.liaison",
            Command::MarkRead {
                message: mid("internal-m1"),
            },
        ),
        (
            "us.supervisor",
            Command::Translate {
                message: mid("internal-m1"),
                text: text("en", "x"),
            },
        ),
        (
            "sy.liaison",
            Command::PostMessage {
                thread: ThreadId::new("internal").unwrap(),
                message: NewMessage {
                    id: mid("x"),
                    body: text("en", "hi"),
                    priority: Priority::Routine,
                },
            },
        ),
    ] {
        let e = cell.run(user(who), command, T0).unwrap_err();
        assert_eq!(e.code(), "not_found", "{who}: {e}");
    }
}

#[test]
fn roles_limit_what_users_do() {
    let mut cell = Cell::new();
    assert!(matches!(
        cell.open(
            "il.analyst",
            "a",
            "de-escalation",
            &["sy"],
            Priority::Routine,
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    assert!(
        cell.open(
            "il.analyst",
            "b",
            "intelligence",
            &["sy"],
            Priority::Routine,
            T0
        )
        .is_ok()
    );
    assert!(matches!(
        cell.open(
            "us.observer",
            "c",
            "diplomatic",
            &["il"],
            Priority::Routine,
            T0
        ),
        Err(DomainError::Forbidden(_))
    ));
    // The supervisor may write in any cross-party thread.
    let post = Command::PostMessage {
        thread: ThreadId::new("b").unwrap(),
        message: NewMessage {
            id: mid("b-m2"),
            body: text("en", "Noted."),
            priority: Priority::Routine,
        },
    };
    let events = cell.run(user("us.supervisor"), post, T0).unwrap();
    let EventBody::MessagePosted { addressed, .. } = &events[0].body else {
        panic!()
    };
    assert_eq!(addressed, &BTreeSet::from([party("il"), party("sy")]));
    // A party admin manages only its own party's users; others do not exist for it.
    let add = |p: &str| Command::AddUser {
        user: UserId::new("x.new").unwrap(),
        display_name: "N".into(),
        party: party(p),
        roles: [Role::Liaison].into(),
    };
    assert!(matches!(
        cell.run(user("il.admin"), add("sy"), T0),
        Err(DomainError::Forbidden(_))
    ));
    assert!(cell.run(user("il.admin"), add("il"), T0).is_ok());
    let e = cell
        .run(
            user("il.admin"),
            Command::DisableUser {
                user: UserId::new("sy.liaison").unwrap(),
            },
            T0,
        )
        .unwrap_err();
    assert_eq!(e.code(), "not_found");
    assert!(
        cell.run(
            user("il.liaison"),
            Command::DisableUser {
                user: UserId::new("il.analyst").unwrap()
            },
            T0
        )
        .is_err()
    );
    // A disabled user can no longer act.
    cell.run(
        user("il.admin"),
        Command::DisableUser {
            user: UserId::new("il.liaison").unwrap(),
        },
        T0,
    )
    .unwrap();
    assert_eq!(
        cell.open(
            "il.liaison",
            "d",
            "diplomatic",
            &["sy"],
            Priority::Routine,
            T0
        )
        .unwrap_err(),
        DomainError::AccountDisabled
    );
}

#[test]
fn bad_input_is_refused_with_the_field() {
    let mut cell = Cell::new();
    let mut open = |lang: &str, t: &str, track: &str, with: &str| {
        cell.run(
            user("il.liaison"),
            Command::OpenThread {
                thread: ThreadId::new("t").unwrap(),
                track: TrackId::new(track).unwrap(),
                subject: text(lang, t),
                participants: [party(with)].into(),
                first: None,
            },
            T0,
        )
    };
    assert!(
        matches!(open("fr", "x", "diplomatic", "sy"), Err(DomainError::Invalid { field, .. }) if field == "subject.lang")
    );
    assert!(
        matches!(open("en", " ", "diplomatic", "sy"), Err(DomainError::Invalid { field, .. }) if field == "subject.text")
    );
    assert!(
        matches!(open("en", &"x".repeat(201), "diplomatic", "sy"), Err(DomainError::Invalid { field, .. }) if field == "subject.text")
    );
    assert!(
        matches!(open("en", "x", "sports", "sy"), Err(DomainError::Invalid { field, .. }) if field == "track")
    );
    assert!(
        matches!(open("en", "x", "diplomatic", "fr"), Err(DomainError::Invalid { field, .. }) if field == "participants")
    );
    assert!(open("en", "x", "diplomatic", "sy").is_ok());
    assert!(matches!(
        open("en", "x", "diplomatic", "sy"),
        Err(DomainError::Conflict(_))
    ));
}

#[test]
fn translations_keep_the_original_authoritative() {
    let mut cell = Cell::new();
    cell.open(
        "sy.liaison",
        "t1",
        "diplomatic",
        &["il"],
        Priority::Routine,
        T0,
    )
    .unwrap();
    let tr = |lang: &str| Command::Translate {
        message: mid("t1-m1"),
        text: text(lang, "A message"),
    };
    assert!(
        cell.run(user("il.liaison"), tr("ar"), T0).is_err(),
        "same language as the original"
    );
    cell.run(user("il.liaison"), tr("en"), T0).unwrap();
    let m = &cell.state.messages[&mid("t1-m1")];
    assert_eq!(m.body, text("ar", "رسالة"));
    assert_eq!(
        m.translations[0].translator,
        UserId::new("il.liaison").unwrap()
    );
    assert_eq!(m.translations[0].translator_party, party("il"));
}

#[test]
fn events_round_trip_through_their_canonical_bytes() {
    let mut cell = Cell::new();
    cell.open(
        "sy.liaison",
        "t1",
        "diplomatic",
        &["il"],
        Priority::Flash,
        T0,
    )
    .unwrap();
    for e in &cell.record {
        let bytes = e.to_canonical_bytes();
        let back = Event::from_canonical_bytes(&bytes).unwrap();
        assert_eq!(&back, e);
        assert_eq!(back.to_canonical_bytes(), bytes, "encoding is canonical");
    }
    let mut newer = cell.record[0].clone();
    newer.schema = 99;
    assert!(Event::from_canonical_bytes(&newer.to_canonical_bytes()).is_err());
}

#[test]
fn only_the_cell_raises_witness_alerts_and_every_party_sees_them() {
    let mut cell = Cell::new();
    let alert = |party_id: &str, reason: &str| Command::RecordWitnessRefused {
        witness: "il.witness".into(),
        party: party(party_id),
        size: 12,
        reason: reason.into(),
    };
    assert!(matches!(
        cell.run(user("us.supervisor"), alert("il", "inconsistent"), T0),
        Err(DomainError::Forbidden(_))
    ));
    assert!(matches!(
        cell.run(Actor::Cell, alert("fr", "inconsistent"), T0),
        Err(DomainError::Invalid { field, .. }) if field == "party"
    ));
    assert!(matches!(
        cell.run(Actor::Cell, alert("il", " "), T0),
        Err(DomainError::Invalid { field, .. }) if field == "reason"
    ));
    let before = cell.state.clone();
    let events = cell
        .run(
            Actor::Cell,
            alert("il", "consistency proof does not verify"),
            T0,
        )
        .unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].body.kind(), "record.witness_refused");
    assert_eq!(events[0].actor, None);
    for p in PARTIES {
        assert!(crate::visibility::can_see(&events[0].audience, &party(p)));
    }
    let bytes = events[0].to_canonical_bytes();
    assert_eq!(Event::from_canonical_bytes(&bytes).unwrap(), events[0]);
    // An alert is a fact about the record, not about threads or users.
    assert_eq!(cell.state.users, before.users);
    assert_eq!(cell.state.threads.len(), before.threads.len());
}

// ---- Property tests: random histories by random actors ----

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
const TRACKS: [&str; 4] = ["intelligence", "de-escalation", "diplomatic", "commercial"];
const PARTIES: [&str; 3] = ["il", "sy", "us"];

#[derive(Debug, Clone)]
enum Step {
    Open {
        by: usize,
        track: usize,
        with: Vec<usize>,
        priority: usize,
    },
    Post {
        by: usize,
        thread: usize,
        priority: usize,
    },
    Ack {
        by: usize,
        message: usize,
    },
    Read {
        by: usize,
        message: usize,
    },
    Wait {
        minutes: i64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (
            0..8usize,
            0..4usize,
            proptest::collection::vec(0..3usize, 0..3),
            0..3usize
        )
            .prop_map(|(by, track, with, priority)| Step::Open {
                by,
                track,
                with,
                priority
            }),
        (0..8usize, 0..20usize, 0..3usize).prop_map(|(by, thread, priority)| Step::Post {
            by,
            thread,
            priority
        }),
        (0..8usize, 0..40usize).prop_map(|(by, message)| Step::Ack { by, message }),
        (0..8usize, 0..40usize).prop_map(|(by, message)| Step::Read { by, message }),
        (1..90i64).prop_map(|minutes| Step::Wait { minutes }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_histories_keep_the_invariants(steps in proptest::collection::vec(step(), 1..60)) {
        let mut cell = Cell::new();
        let mut now = T0;
        let (mut threads, mut messages) = (vec![], vec![]);
        for (i, s) in steps.iter().enumerate() {
            let outcome = match s {
                Step::Open { by, track, with, priority } => {
                    let id = format!("t{i}");
                    let with: Vec<&str> = with.iter().map(|p| PARTIES[*p]).collect();
                    let r = cell.open(USERS[*by], &id, TRACKS[*track], &with, Priority::ALL[*priority], now);
                    if r.is_ok() { threads.push(id.clone()); messages.push(format!("{id}-m1")); }
                    r.map(|e| (USERS[*by], e))
                }
                Step::Post { by, thread, priority } if !threads.is_empty() => {
                    let id = format!("m{i}");
                    let r = cell.run(user(USERS[*by]), Command::PostMessage {
                        thread: ThreadId::new(&threads[thread % threads.len()]).unwrap(),
                        message: NewMessage { id: mid(&id), body: text("he", "הודעה"), priority: Priority::ALL[*priority] },
                    }, now);
                    if r.is_ok() { messages.push(id); }
                    r.map(|e| (USERS[*by], e))
                }
                Step::Ack { by, message } if !messages.is_empty() => cell
                    .run(user(USERS[*by]), Command::Acknowledge { message: mid(&messages[message % messages.len()]) }, now)
                    .map(|e| (USERS[*by], e)),
                Step::Read { by, message } if !messages.is_empty() => cell
                    .run(user(USERS[*by]), Command::MarkRead { message: mid(&messages[message % messages.len()]) }, now)
                    .map(|e| (USERS[*by], e)),
                Step::Wait { minutes } => {
                    now = now.plus(Span::minutes(*minutes));
                    cell.tick(now);
                    continue;
                }
                _ => continue,
            };
            if let Ok((by, events)) = outcome {
                let actor_party = party(by.split('.').next().unwrap());
                for e in &events {
                    // Nobody acts for another party, and every actor sees what it did.
                    prop_assert_eq!(e.party.as_ref(), Some(&actor_party));
                    prop_assert!(e.audience.contains(&actor_party));
                }
            }
        }
        // No missed escalation: every message past its deadline with a silent party escalated.
        for m in cell.state.messages.values() {
            if let Some(d) = m.deadline
                && d <= now && !m.unacknowledged().is_empty()
            {
                prop_assert!(m.escalated_at.is_some(), "message {} missed its escalation", m.id);
            }
        }
        // What each party reads is exactly what its audience allows.
        for p in PARTIES.map(party) {
            let visible: BTreeSet<_> = queries::threads(&cell.state, Some(&p), None).iter().map(|t| t.id.clone()).collect();
            for t in cell.state.threads.values() {
                prop_assert_eq!(visible.contains(&t.id), t.audience.contains(&p));
                prop_assert_eq!(t.audience.contains(&party("us")), t.participants.len() > 1 || t.participants.contains(&party("us")));
            }
        }
        // The state is exactly the record replayed.
        let mut replayed = CellState::default();
        for (i, e) in cell.record.iter().enumerate() {
            let e = Event::from_canonical_bytes(&e.to_canonical_bytes()).unwrap();
            replayed.apply(i as u64, &e);
        }
        prop_assert_eq!(serde_json::to_value(&replayed).unwrap(), serde_json::to_value(&cell.state).unwrap());
    }
}
