//! Tampering with the store behind the server's back, in each way an insider with database
//! access could: change an event, drop one, reorder two, truncate, rewrite history into a fork.
//!
//! Each case runs the same story. A cell with three witnesses commits some traffic; Israel's
//! auditor verifies it and remembers the checkpoint. The server stops, the SQLite file is
//! edited, and then:
//! - an offline export of the edited store fails `verify --export`, naming the entries;
//! - the server restarts on the edited store, every witness refuses its checkpoint and an alert
//!   is recorded for each;
//! - `verify --log` fails: the checkpoint has no cosignature, and the auditor names the entries
//!   that differ from what it saw.

mod kit;
mod record_kit;

use std::path::Path;
use std::sync::Arc;

use fusioncell_domain::{Event, EventBody};
use fusioncell_server::SystemClock;
use fusioncell_server::record::audit::Audit;
use fusioncell_server::record::auditor::{Options, verify_export, verify_live};
use fusioncell_server::record::evidence;
use fusioncell_store::Store;
use kit::TestCell;
use record_kit::{TestWitness, cosigned, settings_with, start_witnesses, status_until};
use serde_json::json;
use sqlx::{Connection, Row, SqliteConnection};

/// A way to edit the store.
#[derive(Clone, Copy, Debug)]
enum Tamper {
    /// Change the text of the message at the index.
    Change,
    /// Delete the entry at the index and move the later ones down.
    Drop,
    /// Swap the entry at the index with the next one.
    Reorder,
    /// Delete the entry at the index and every later one.
    Truncate,
    /// Rewrite every entry from the index on (new texts, new salts).
    Fork,
}

async fn connect(db: &Path) -> SqliteConnection {
    SqliteConnection::connect(&format!("sqlite:{}", db.display()))
        .await
        .unwrap()
}

async fn entry(conn: &mut SqliteConnection, idx: i64) -> (Vec<u8>, Vec<u8>) {
    let row = sqlx::query("SELECT body, salt FROM log_entries WHERE idx = ?")
        .bind(idx)
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    (row.get(0), row.get(1))
}

async fn set(conn: &mut SqliteConnection, idx: i64, body: &[u8], salt: &[u8]) {
    sqlx::query("UPDATE log_entries SET body = ?, salt = ? WHERE idx = ?")
        .bind(body)
        .bind(salt)
        .bind(idx)
        .execute(&mut *conn)
        .await
        .unwrap();
}

/// The event with its message text changed (other events as they are).
fn altered(body: &[u8]) -> Vec<u8> {
    let mut event = Event::from_canonical_bytes(body).unwrap();
    if let EventBody::MessagePosted { body, .. } = &mut event.body {
        body.text = format!("{} (as it was never said)", body.text);
    }
    event.to_canonical_bytes()
}

async fn tamper(db: &Path, how: Tamper, at: i64) {
    let mut conn = connect(db).await;
    let last: i64 = sqlx::query("SELECT MAX(idx) FROM log_entries")
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
    match how {
        Tamper::Change => {
            let (body, salt) = entry(&mut conn, at).await;
            set(&mut conn, at, &altered(&body), &salt).await;
        }
        Tamper::Drop => {
            sqlx::query("DELETE FROM log_entries WHERE idx = ?")
                .bind(at)
                .execute(&mut conn)
                .await
                .unwrap();
            for idx in at + 1..=last {
                sqlx::query("UPDATE log_entries SET idx = ? WHERE idx = ?")
                    .bind(idx - 1)
                    .bind(idx)
                    .execute(&mut conn)
                    .await
                    .unwrap();
            }
        }
        Tamper::Reorder => {
            let (a, a_salt) = entry(&mut conn, at).await;
            let (b, b_salt) = entry(&mut conn, at + 1).await;
            set(&mut conn, at, &b, &b_salt).await;
            set(&mut conn, at + 1, &a, &a_salt).await;
        }
        Tamper::Truncate => {
            sqlx::query("DELETE FROM log_entries WHERE idx >= ?")
                .bind(at)
                .execute(&mut conn)
                .await
                .unwrap();
        }
        Tamper::Fork => {
            for idx in at..=last {
                let (body, _) = entry(&mut conn, idx).await;
                set(&mut conn, idx, &altered(&body), &[0x5a; 32]).await;
            }
        }
    }
    conn.close().await.unwrap();
}

async fn post(cell: &TestCell, user: &str, thread: &str, text: &str) -> u64 {
    let (status, body) = cell
        .post(
            user,
            &format!("/api/v1/threads/{thread}/messages"),
            json!({"body": {"lang": "en", "text": text}}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["record"]["indices"][0].as_u64().unwrap()
}

fn mentions(audit: &Audit, what: &str) -> bool {
    audit.problems.iter().any(|p| p.contains(what))
}

/// Runs the story for `how`; returns the offline and the live audits and the edited index.
async fn story(how: Tamper) -> (Audit, Audit, u64) {
    let cell = TestCell::start("5m", "1h").await;
    let mut witnesses: Vec<TestWitness> = start_witnesses(&cell.app).await;
    let (thread, _) = cell
        .open_thread("il.liaison", "de-escalation", &["sy"], "routine")
        .await;
    let at = post(&cell, "il.liaison", &thread, "first").await;
    post(&cell, "il.liaison", &thread, "second").await;
    post(&cell, "sy.liaison", &thread, "third").await;
    cosigned(&cell.app, 3).await;

    let state = tempfile::tempdir().unwrap();
    let keys = witnesses.iter().map(|w| w.key().verifier_key()).collect();
    let options = Options {
        state: Some(state.path().join("audit.json")),
        witnesses: keys,
        log_key: None,
    };
    let token = cell.tokens["il.liaison"].clone();
    let before = verify_live(&cell.url, &token, &options).await.unwrap();
    assert!(before.passed(), "{:?}", before.problems);

    let tokens = cell.tokens.clone();
    let dir = cell.stop().await;
    tamper(&dir.path().join("cell.db"), how, at as i64).await;

    // Offline: the export carries the last cosigned checkpoint, the tiles of what the store
    // now holds, and every opening.
    let store = Store::open_sqlite_dir(dir.path()).await.unwrap();
    let settings = settings_with(&witnesses.iter().collect::<Vec<_>>());
    let exported = evidence::export(&store, &settings.record, None)
        .await
        .unwrap();
    store.close().await;
    let file = state.path().join("export.json");
    std::fs::write(&file, serde_json::to_vec(&exported).unwrap()).unwrap();
    let offline = verify_export(&file, &options).unwrap();
    assert!(!offline.passed(), "{how:?}: the export verifies");

    // Live: the server restarts on the edited store; the witnesses refuse it.
    let mut reopened = TestCell::open_with(dir, Arc::new(SystemClock), settings).await;
    reopened.tokens = tokens;
    let refused = status_until(
        &reopened.app,
        "every witness to refuse, with an alert",
        |s| s.witnesses.iter().all(|w| w.state == "refused") && s.alerts.len() >= 3,
    )
    .await;
    assert_eq!(refused.alerts.len(), 3, "{how:?}: one alert per witness");
    let (_, alert) = reopened
        .get(
            "sy.liaison",
            &format!("/api/v1/log/entries/{}", refused.alerts[0].index),
        )
        .await;
    assert!(
        alert["event"]
            .as_str()
            .unwrap()
            .contains("record.witness_refused"),
        "{how:?}: every party sees the alert: {alert}"
    );
    for w in &witnesses {
        assert!(
            w.refused() <= 1,
            "{how:?}: evidence kept at most once per refusal"
        );
    }
    // The alerts are entries too: wait for a checkpoint that covers them.
    cosigned(&reopened.app, 0).await;
    let live = verify_live(&reopened.url, &token, &options).await.unwrap();
    assert!(!live.passed(), "{how:?}: the live record verifies");
    assert!(
        mentions(&live, "carries no cosignature by witness"),
        "{how:?}: {:?}",
        live.problems
    );
    for w in &mut witnesses {
        w.stop().await;
    }
    (offline, live, at)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_event_is_caught() {
    let (offline, live, at) = story(Tamper::Change).await;
    assert!(
        mentions(&offline, "another root than the checkpoint"),
        "{:?}",
        offline.problems
    );
    let named = format!("; entry {at} changed since your last check");
    assert!(mentions(&offline, &named), "{:?}", offline.problems);
    assert!(mentions(&live, &named), "{:?}", live.problems);
    assert!(
        mentions(&live, "the record was rewritten"),
        "{:?}",
        live.problems
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_event_is_caught() {
    let (offline, live, at) = story(Tamper::Drop).await;
    assert!(mentions(&offline, "are missing"), "{:?}", offline.problems);
    assert!(
        mentions(&offline, "the record shrank"),
        "{:?}",
        offline.problems
    );
    let from = format!("entries {at}, {}", at + 1);
    assert!(mentions(&offline, &from), "{:?}", offline.problems);
    assert!(mentions(&live, &from), "{:?}", live.problems);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reordered_events_are_caught() {
    let (offline, live, at) = story(Tamper::Reorder).await;
    let named = format!("; entries {at}, {} changed since your last check", at + 1);
    assert!(mentions(&offline, &named), "{:?}", offline.problems);
    assert!(mentions(&live, &named), "{:?}", live.problems);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_truncated_record_is_caught() {
    let (offline, live, at) = story(Tamper::Truncate).await;
    let missing = format!("hold the leaves of only {at} of the");
    assert!(mentions(&offline, &missing), "{:?}", offline.problems);
    assert!(
        mentions(&offline, "the record shrank"),
        "{:?}",
        offline.problems
    );
    // Three alerts take the place of the three entries cut off: same size, other entries.
    assert!(
        mentions(&live, &format!("entries {at}, ")),
        "{:?}",
        live.problems
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forked_history_is_caught() {
    let (offline, live, at) = story(Tamper::Fork).await;
    assert!(
        mentions(&offline, "another root than the checkpoint"),
        "{:?}",
        offline.problems
    );
    let from = format!("entries {at}, {}", at + 1);
    assert!(mentions(&offline, &from), "{:?}", offline.problems);
    assert!(mentions(&live, &from), "{:?}", live.problems);
}
