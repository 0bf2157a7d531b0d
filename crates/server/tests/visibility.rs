//! Property test through HTTP: random histories by random users, then every read endpoint and the
//! live stream are checked, for every party, against the audience of every record and event.

mod kit;

use std::collections::BTreeSet;
use std::time::Duration;

use fusioncell_domain::PartyId;
use kit::{TestCell, USERS};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use serde_json::{Value, json};

#[derive(Debug, Clone)]
enum Op {
    Open {
        by: usize,
        track: usize,
        with: Vec<usize>,
        priority: usize,
    },
    Post {
        by: usize,
        thread: usize,
    },
    Ack {
        by: usize,
        message: usize,
    },
    Translate {
        by: usize,
        message: usize,
    },
}

const TRACKS: [&str; 4] = ["intelligence", "de-escalation", "diplomatic", "commercial"];
const PARTIES: [&str; 3] = ["il", "sy", "us"];
const PRIORITIES: [&str; 3] = ["routine", "priority", "flash"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (
            0..8usize,
            0..4usize,
            proptest::collection::vec(0..3usize, 0..3),
            0..3usize
        )
            .prop_map(|(by, track, with, priority)| Op::Open {
                by,
                track,
                with,
                priority
            }),
        (0..8usize, 0..50usize).prop_map(|(by, thread)| Op::Post { by, thread }),
        (0..8usize, 0..50usize).prop_map(|(by, message)| Op::Ack { by, message }),
        (0..8usize, 0..50usize).prop_map(|(by, message)| Op::Translate { by, message }),
    ]
}

async fn run_history(ops: Vec<Op>) {
    let cell = TestCell::start("5m", "1h").await;
    let start = cell.record_len() as u64 - 1;
    let mut streams = vec![];
    for p in PARTIES {
        let reader = USERS.iter().find(|(u, _)| u.starts_with(p)).unwrap().0;
        streams.push((p, cell.stream(reader, Some(start)).await));
    }
    let (mut threads, mut messages): (Vec<String>, Vec<String>) = (vec![], vec![]);
    for op in ops {
        match op {
            Op::Open {
                by,
                track,
                with,
                priority,
            } => {
                let with: Vec<&str> = with.iter().map(|p| PARTIES[*p]).collect();
                let (status, body) = cell
                    .post(USERS[by].0, "/api/v1/threads", json!({
                        "track": TRACKS[track], "subject": {"lang": "en", "text": "s"}, "participants": with,
                        "message": {"body": {"lang": "he", "text": "t"}, "priority": PRIORITIES[priority]}}))
                    .await;
                if status == 201 {
                    threads.push(body["thread"]["id"].as_str().unwrap().into());
                    messages.push(body["message"]["id"].as_str().unwrap().into());
                } else {
                    assert!([403, 422].contains(&status), "{status} {body}");
                }
            }
            Op::Post { by, thread } if !threads.is_empty() => {
                let t = &threads[thread % threads.len()];
                let (status, body) = cell
                    .post(
                        USERS[by].0,
                        &format!("/api/v1/threads/{t}/messages"),
                        json!({"body": {"lang": "en", "text": "x"}}),
                    )
                    .await;
                if status == 201 {
                    messages.push(body["message"]["id"].as_str().unwrap().into());
                } else {
                    assert!([403, 404].contains(&status), "{status} {body}");
                }
            }
            Op::Ack { by, message } if !messages.is_empty() => {
                let m = &messages[message % messages.len()];
                let (status, body) = cell
                    .post(
                        USERS[by].0,
                        &format!("/api/v1/messages/{m}/acknowledge"),
                        Value::Null,
                    )
                    .await;
                assert!([200, 403, 404, 409].contains(&status), "{status} {body}");
            }
            Op::Translate { by, message } if !messages.is_empty() => {
                let m = &messages[message % messages.len()];
                let (status, body) = cell
                    .post(
                        USERS[by].0,
                        &format!("/api/v1/messages/{m}/translations"),
                        json!({"lang": "ar", "text": "ترجمة"}),
                    )
                    .await;
                assert!([201, 403, 404].contains(&status), "{status} {body}");
            }
            _ => {}
        }
    }
    let state = cell.app.core.read().state.clone();
    for (login, _) in USERS {
        let party = PartyId::new(login.split('.').next().unwrap()).unwrap();
        // The thread list holds exactly the threads whose audience includes the party.
        let (_, list) = cell.get(login, "/api/v1/threads").await;
        let listed: BTreeSet<String> = list
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_str().unwrap().to_string())
            .collect();
        let allowed: BTreeSet<String> = state
            .threads
            .values()
            .filter(|t| t.audience.contains(&party))
            .map(|t| t.id.to_string())
            .collect();
        assert_eq!(listed, allowed, "{login}: thread list");
        // Every thread and message by id: 200 when in the audience, else 404 (never 403).
        for t in state.threads.values() {
            let (status, _) = cell.get(login, &format!("/api/v1/threads/{}", t.id)).await;
            assert_eq!(
                status,
                if t.audience.contains(&party) {
                    200
                } else {
                    404
                },
                "{login}: thread {}",
                t.id
            );
            for m in &t.messages {
                let (status, _) = cell.get(login, &format!("/api/v1/messages/{m}")).await;
                assert_eq!(
                    status,
                    if t.audience.contains(&party) {
                        200
                    } else {
                        404
                    },
                    "{login}: message {m}"
                );
            }
        }
        // The pending list only names visible messages.
        let (_, pending) = cell.get(login, "/api/v1/pending").await;
        for key in ["to_acknowledge", "awaiting_others", "escalations"] {
            for m in pending[key].as_array().unwrap() {
                let thread = &state.threads
                    [&fusioncell_domain::ThreadId::new(m["thread"].as_str().unwrap()).unwrap()];
                assert!(
                    thread.audience.contains(&party),
                    "{login}: {key} leaks {}",
                    m["id"]
                );
            }
        }
    }
    // The live stream of each party carries exactly the events in its audience, in order.
    for (p, mut stream) in streams {
        let party = PartyId::new(p).unwrap();
        let mut got = vec![];
        while let Some(e) = stream.next(Duration::from_millis(300)).await {
            got.push(e.id);
        }
        let read = cell.app.core.read();
        let expected: Vec<u64> = read.log[start as usize + 1..]
            .iter()
            .filter(|c| c.event.audience.contains(&party))
            .map(|c| c.index)
            .collect();
        assert_eq!(got, expected, "party {p}: live stream");
    }
}

#[test]
fn no_party_ever_reads_outside_its_audience() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 6,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(op(), 5..40), |ops| {
            runtime.block_on(run_history(ops));
            Ok(())
        })
        .unwrap();
}
