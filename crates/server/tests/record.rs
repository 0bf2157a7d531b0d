//! The shared record end to end: three witnesses cosign, one is restarted in the middle, one is
//! fed a forked record and refuses (the alert reaches the live stream); entries, receipts,
//! consistency proofs and tiles, read back with the ledger crate's own parsers.

mod kit;
mod record_kit;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use fusioncell_domain::{Event, EventBody};
use fusioncell_ledger::tiles::{audit_tiles, verify_entry_bundle};
use fusioncell_ledger::{
    Note, SignatureVerifier, SignedCheckpoint, TilePath, TlogProof, entry_commitment, leaf_hash,
    verify_consistency, verify_inclusion,
};
use fusioncell_server::record::auditor::{Options, verify_live};
use fusioncell_server::{Settings, SystemClock};
use kit::TestCell;
use record_kit::{
    TestWitness, cosigned, settings_with, snapshot, start_witnesses, status_until, witness_state,
};
use serde_json::json;

async fn get_text(cell: &TestCell, path: &str, token: Option<&str>) -> (u16, String) {
    let mut request = cell.http.get(format!("{}{path}", cell.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

async fn post_message(cell: &TestCell, user: &str, thread: &str, text: &str) -> u64 {
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

fn decode_hash(text: &str) -> [u8; 32] {
    STANDARD.decode(text).unwrap().try_into().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_witnesses_cosign_one_restarts_and_one_refuses_a_fork() {
    let cell = TestCell::start("5m", "1h").await;
    let mut witnesses = start_witnesses(&cell.app).await;
    let (thread, _) = cell
        .open_thread("il.liaison", "de-escalation", &["sy"], "routine")
        .await;
    let published = cosigned(&cell.app, 3).await;

    // Our checkpoint, as anyone reads it, carries the log's signature and three cosignatures,
    // each verified by the ledger crate's note parser.
    let (status, text) = get_text(&cell, "/log/checkpoint", None).await;
    assert_eq!(status, 200);
    let log_key = cell.app.record.view().log_key.unwrap();
    let note = Note::parse(text.as_bytes()).unwrap();
    let keys: Vec<_> = witnesses.iter().map(TestWitness::key).collect();
    let verifiers: Vec<&dyn SignatureVerifier> =
        std::iter::once(&log_key as &dyn SignatureVerifier)
            .chain(keys.iter().map(|k| k as &dyn SignatureVerifier))
            .collect();
    assert_eq!(note.verify(&verifiers).unwrap().len(), 4);
    let signed = SignedCheckpoint::open(text.as_bytes(), &log_key).unwrap();
    for (witness, key) in witnesses.iter().zip(&keys) {
        let line = note
            .signatures()
            .iter()
            .find(|s| s.name == key.name())
            .unwrap();
        key.verify_cosignature(&signed.checkpoint, line).unwrap();
        assert_eq!(witness.cosigned_size(), published.size());
    }
    let (_, served_key) = get_text(&cell, "/log/key", None).await;
    assert_eq!(served_key.trim(), log_key.verifier_key());

    // Sy's witness goes down in the middle of the traffic: the record goes on without it.
    witnesses[1].stop().await;
    for i in 0..3 {
        post_message(
            &cell,
            "il.liaison",
            &thread,
            &format!("while sy's witness is down {i}"),
        )
        .await;
    }
    let down = status_until(&cell.app, "sy's witness to be failing", |s| {
        witness_state(s, "sy") == "failing"
            && s.checkpoint.as_ref().is_some_and(|c| c.size == s.entries)
    })
    .await;
    let sy = down.witnesses.iter().find(|w| w.party == "sy").unwrap();
    assert!(!sy.on_checkpoint);
    assert!(sy.behind.unwrap() >= 3, "{sy:?}");
    assert!(
        sy.problem.as_deref().unwrap().contains("cannot reach"),
        "{sy:?}"
    );
    assert!(
        down.witnesses
            .iter()
            .filter(|w| w.party != "sy")
            .all(|w| w.on_checkpoint)
    );

    // It comes back with its state on disk and catches up: one consistency proof from the size
    // it cosigned last.
    let before = witnesses[1].cosigned_size();
    witnesses[1].restart().await;
    post_message(&cell, "sy.liaison", &thread, "back").await;
    let published = cosigned(&cell.app, 3).await;
    assert!(published.size() > before);
    assert_eq!(witnesses[1].cosigned_size(), published.size());
    let back = status_until(&cell.app, "sy's witness to cosign again", |s| {
        witness_state(s, "sy") == "cosigning"
    })
    .await;
    assert!(
        back.witnesses.iter().all(|w| w.behind == Some(0)),
        "{back:?}"
    );

    // A forked copy of the record, with one message rewritten, is fed to us's witness by a
    // second server holding the same log key: the witness refuses, and the fork's server raises
    // the alert to every party on the live stream.
    let fork_dir = snapshot(cell.dir.path()).await;
    rewrite_message(
        &fork_dir.path().join("cell.db"),
        "while sy's witness is down 1",
    )
    .await;
    let mut fork = TestCell::open_with(
        fork_dir,
        Arc::new(SystemClock),
        settings_with(&[&witnesses[2]]),
    )
    .await;
    fork.tokens = cell.tokens.clone();
    let mut stream = fork.stream("sy.liaison", Some(0)).await;
    let alert = stream
        .until("record.witness_refused", Duration::from_secs(15))
        .await
        .expect("the refusal reaches the live stream");
    assert_eq!(alert.data["body"]["party"], "us");
    assert_eq!(alert.data["body"]["witness"], "us.witness.test");
    let reason = alert.data["body"]["reason"].as_str().unwrap();
    assert!(reason.contains("rewritten"), "{reason}");
    assert_eq!(
        witnesses[2].refused(),
        1,
        "the witness keeps the forked checkpoint"
    );
    let refused = status_until(&fork.app, "us's witness to refuse", |s| {
        witness_state(s, "us") == "refused"
    })
    .await;
    assert_eq!(refused.alerts.len(), 1);

    // The genuine record goes on, cosigned by all three.
    post_message(&cell, "il.liaison", &thread, "after the fork").await;
    let published = cosigned(&cell.app, 3).await;
    assert_eq!(witnesses[2].cosigned_size(), published.size());
}

/// Rewrites the text of the message with `text` in a stored record.
async fn rewrite_message(db: &std::path::Path, text: &str) {
    use sqlx::{Connection, Row};
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite:{}", db.display()))
        .await
        .unwrap();
    let rows = sqlx::query("SELECT idx, body FROM log_entries")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    for row in rows {
        let (idx, body): (i64, Vec<u8>) = (row.get(0), row.get(1));
        let mut event = Event::from_canonical_bytes(&body).unwrap();
        if let EventBody::MessagePosted { body, .. } = &mut event.body
            && body.text == text
        {
            body.text = "rewritten history".into();
            sqlx::query("UPDATE log_entries SET body = ? WHERE idx = ?")
                .bind(event.to_canonical_bytes())
                .bind(idx)
                .execute(&mut conn)
                .await
                .unwrap();
            conn.close().await.unwrap();
            return;
        }
    }
    panic!("no message {text:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn entries_receipts_and_proofs_check_with_the_ledger_and_respect_the_audience() {
    let cell = TestCell::start("5m", "1h").await;
    let witnesses = start_witnesses(&cell.app).await;
    let (thread, _) = cell
        .open_thread("il.liaison", "de-escalation", &["sy"], "routine")
        .await;
    let shared = post_message(&cell, "il.liaison", &thread, "shared with sy and us").await;
    let (internal, _) = cell
        .open_thread("il.liaison", "de-escalation", &[], "routine")
        .await;
    let private = post_message(&cell, "il.liaison", &internal, "for il only").await;
    let old = cosigned(&cell.app, 3).await;
    let log_key = cell.app.record.view().log_key.unwrap();

    // The write answer says where to get the receipt.
    let (status, body) = cell
        .post(
            "il.liaison",
            &format!("/api/v1/threads/{thread}/messages"),
            json!({"body": {"lang": "en", "text": "receipt please"}}),
        )
        .await;
    assert_eq!(status, 201);
    let index = body["record"]["indices"][0].as_u64().unwrap();
    let receipt_path = body["record"]["receipts"][0].as_str().unwrap().to_string();
    assert_eq!(receipt_path, format!("/api/v1/log/receipts/{index}"));

    // The entry: its event and salt open the commitment, which the proof includes in the
    // (cosigned) checkpoint. The request waits for a checkpoint covering the fresh entry.
    let (status, entry) = cell
        .get("sy.liaison", &format!("/api/v1/log/entries/{index}"))
        .await;
    assert_eq!(status, 200, "{entry}");
    let salt = decode_hash(entry["salt"].as_str().unwrap());
    let event = entry["event"].as_str().unwrap();
    let commitment = entry_commitment(&salt, event.as_bytes());
    assert_eq!(
        decode_hash(entry["commitment"].as_str().unwrap()),
        commitment
    );
    let checkpoint =
        SignedCheckpoint::open(entry["checkpoint"].as_str().unwrap().as_bytes(), &log_key).unwrap();
    let proof: Vec<[u8; 32]> = entry["inclusion_proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| decode_hash(h.as_str().unwrap()))
        .collect();
    verify_inclusion(
        &leaf_hash(&commitment),
        index,
        checkpoint.checkpoint.size,
        &proof,
        &checkpoint.checkpoint.root,
    )
    .unwrap();
    let stored = Event::from_canonical_bytes(event.as_bytes()).unwrap();
    assert_eq!(stored.body.kind(), "message.posted");

    // The receipt is a C2SP tlog-proof that the ledger parses and checks against the event.
    let (status, receipt) = get_text(&cell, &receipt_path, Some(&cell.tokens["sy.liaison"])).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(
        receipt.starts_with("c2sp.org/tlog-proof@v1\nextra "),
        "{receipt}"
    );
    let parsed = TlogProof::parse(receipt.as_bytes()).unwrap();
    assert_eq!(parsed.to_string(), receipt, "byte-exact round trip");
    assert_eq!(parsed.index, index);
    parsed.verify_entry(event.as_bytes(), &log_key).unwrap();
    assert!(parsed.verify_entry(b"another event", &log_key).is_err());
    for w in &witnesses {
        let key = w.key();
        let line = parsed
            .checkpoint
            .note
            .signatures()
            .iter()
            .find(|s| s.name == key.name())
            .expect("the receipt's checkpoint is cosigned");
        key.verify_cosignature(&parsed.checkpoint.checkpoint, line)
            .unwrap();
    }

    // An internal entry of il does not exist for sy or us: 404, as for a guessed id.
    for user in ["sy.liaison", "us.supervisor"] {
        for path in [
            format!("/api/v1/log/entries/{private}"),
            format!("/api/v1/log/receipts/{private}"),
        ] {
            let (status, body) = cell.get(user, &path).await;
            assert_eq!(status, 404, "{user} {path}: {body}");
            assert_eq!(body["code"], "not_found");
        }
    }
    let (status, _) = cell
        .get("il.analyst", &format!("/api/v1/log/entries/{private}"))
        .await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/log/entries/999999",
        "/api/v1/log/entries/x1",
        "/api/v1/log/entries/+1",
    ] {
        assert_eq!(cell.get("il.liaison", path).await.0, 404, "{path}");
    }
    let (status, _) = get_text(&cell, &format!("/api/v1/log/entries/{shared}"), None).await;
    assert_eq!(status, 401);

    // Openings: exactly the entries each caller may see.
    let (status, opened) = cell.get("sy.liaison", "/api/v1/log/openings").await;
    assert_eq!(status, 200, "{opened}");
    let indices: Vec<u64> = opened["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["index"].as_u64().unwrap())
        .collect();
    assert!(indices.contains(&shared) && !indices.contains(&private));
    let sy = fusioncell_domain::PartyId::new("sy").unwrap();
    let to = opened["to"].as_u64().unwrap();
    let visible = cell
        .app
        .core
        .read()
        .log
        .iter()
        .filter(|c| c.event.audience.contains(&sy) && c.index < to)
        .count();
    assert_eq!(indices.len(), visible);
    let (status, page) = cell
        .get("il.liaison", "/api/v1/log/openings?from=2&limit=3")
        .await;
    assert_eq!(status, 200);
    assert_eq!(page["next"], 5);
    assert_eq!(
        cell.get("il.liaison", "/api/v1/log/openings?limit=0")
            .await
            .0,
        422
    );

    // Consistency: from the older checkpoint to the current one, checked by the ledger.
    let current = cosigned(&cell.app, 3).await;
    let (status, consistency) = cell
        .get(
            "us.supervisor",
            &format!("/api/v1/log/consistency?from={}", old.size()),
        )
        .await;
    assert_eq!(status, 200, "{consistency}");
    assert_eq!(consistency["to"], current.size());
    let proof: Vec<[u8; 32]> = consistency["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| decode_hash(h.as_str().unwrap()))
        .collect();
    verify_consistency(
        old.size(),
        current.size(),
        &proof,
        &old.signed.checkpoint.root,
        &current.signed.checkpoint.root,
    )
    .unwrap();
    let (status, _) = get_text(&cell, "/api/v1/log/consistency?from=1&to=2", None).await;
    assert_eq!(status, 200, "hashes only: public by default");
    for bad in [
        format!("/api/v1/log/consistency?from={}&to=1", old.size()),
        format!("/api/v1/log/consistency?from=0&to={}", current.size() + 100),
    ] {
        assert_eq!(cell.get("il.liaison", &bad).await.0, 422, "{bad}");
    }
    assert_eq!(
        cell.get("il.liaison", "/api/v1/log/consistency").await.0,
        400
    );

    // Tiles: immutable, within the checkpoint, and they rebuild its tree; entry bundles hold
    // the commitments.
    let size = current.size();
    let level0 = TilePath::hashes(0, 0, u16::try_from(size).unwrap()).unwrap();
    let response = cell
        .http
        .get(format!("{}/log/{level0}", cell.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(
        response.headers()["content-type"],
        "application/octet-stream"
    );
    let hashes = response.bytes().await.unwrap().to_vec();
    let bundle_path = TilePath::entries(0, u16::try_from(size).unwrap()).unwrap();
    let bundle = cell
        .http
        .get(format!("{}/log/{bundle_path}", cell.url))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let commitments = verify_entry_bundle(&bundle, &hashes).unwrap();
    assert_eq!(commitments[index as usize], commitment);
    let tree = audit_tiles(size, &current.signed.checkpoint.root, |_| {
        Some(hashes.clone())
    })
    .unwrap();
    assert_eq!(tree.root(), current.signed.checkpoint.root);
    for missing in [
        format!("/log/tile/0/000.p/{}", size + 1),
        "/log/tile/0/001".to_string(),
        "/log/tile/0/0".to_string(),
        "/log/tile/entries/000.p/0".to_string(),
    ] {
        assert_eq!(get_text(&cell, &missing, None).await.0, 404, "{missing}");
    }

    // The status, and the API description.
    let (status, record) = cell.get("il.liaison", "/api/v1/log/status").await;
    assert_eq!(status, 200);
    assert_eq!(record["witnesses"].as_array().unwrap().len(), 3);
    assert_eq!(record["log_key"], log_key.verifier_key());
    let (_, openapi) = cell.get("il.liaison", "/api/openapi.json").await;
    for path in [
        "/log/checkpoint",
        "/log/key",
        "/log/tile/{path}",
        "/api/v1/log/entries/{index}",
        "/api/v1/log/receipts/{index}",
        "/api/v1/log/consistency",
        "/api/v1/log/openings",
        "/api/v1/log/status",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} is documented");
    }

    // And the whole of it passes an audit by il, then again against what il saw.
    let state = tempfile::tempdir().unwrap();
    let options = Options {
        state: Some(state.path().join("audit.json")),
        witnesses: witnesses.iter().map(|w| w.key().verifier_key()).collect(),
        log_key: Some(log_key.verifier_key()),
    };
    let first = verify_live(&cell.url, &cell.tokens["il.liaison"], &options)
        .await
        .unwrap();
    assert!(first.passed(), "{:?}", first.problems);
    post_message(&cell, "il.liaison", &thread, "one more").await;
    cosigned(&cell.app, 3).await;
    let second = verify_live(&cell.url, &cell.tokens["il.liaison"], &options)
        .await
        .unwrap();
    assert!(second.passed(), "{:?}", second.problems);
    assert!(
        second
            .checked
            .iter()
            .any(|c| c.contains("consistency proof from size")),
        "{:?}",
        second.checked
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_setting_makes_the_public_log_endpoints_need_a_caller() {
    let mut settings = Settings::default();
    settings.record.require_authentication = true;
    let cell = TestCell::start_with("5m", "1h", settings).await;
    cell.app
        .record
        .ready(Duration::from_secs(10))
        .await
        .unwrap();
    cosigned(&cell.app, 0).await;
    let token = cell.tokens["sy.liaison"].clone();
    for path in [
        "/log/checkpoint",
        "/log/key",
        "/log/tile/0/000.p/1",
        "/api/v1/log/consistency?from=0",
    ] {
        assert_eq!(get_text(&cell, path, None).await.0, 401, "{path}");
        assert_eq!(get_text(&cell, path, Some(&token)).await.0, 200, "{path}");
    }
    let open = TestCell::start("5m", "1h").await;
    cosigned(&open.app, 0).await;
    assert_eq!(get_text(&open, "/log/checkpoint", None).await.0, 200);
}
