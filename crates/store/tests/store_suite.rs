//! The store's behaviour, checked identically on SQLite and (when configured) PostgreSQL.
//!
//! Run the PostgreSQL half with
//! `FUSIONCELL_TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres cargo test -p fusioncell-store`;
//! without the variable each PostgreSQL test says on stderr that it did not run.

#[macro_use]
mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::{TestDb, entry};
use fusioncell_store::{ApiTokenRow, Backend, NewEntry, SessionRow, Store, StoreError};

on_both_backends!(
    append_then_read_round_trips,
    indices_are_dense_across_batches,
    wrong_first_index_conflicts_and_writes_nothing,
    multi_entry_appends_are_seen_whole_or_not_at_all,
    cancelled_appends_are_all_or_nothing,
    reopening_keeps_everything,
    concurrent_appenders_leave_no_gaps_or_duplicates,
    passwords_and_totp_secrets,
    api_tokens_insert_list_touch_revoke,
    sessions_language_expiry_and_deletion,
    meta_values,
    feed_tokens_replace_and_revoke,
    taxii_statuses_are_kept_per_party_and_the_oldest_dropped,
    append_notifications,
    damaged_data_is_reported_as_corrupt,
);

/// Every entry in the log, read in pages of `page`.
async fn read_all(store: &Store, page: u32) -> Vec<fusioncell_store::StoredEntry> {
    let mut all = Vec::new();
    loop {
        let batch = store
            .entries(all.len() as u64, page)
            .await
            .expect("read entries");
        if batch.is_empty() {
            return all;
        }
        all.extend(batch);
    }
}

async fn append_then_read_round_trips(db: &TestDb) {
    let store = db.store();
    let expected_backend = if db.url().starts_with("sqlite:") {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    assert_eq!(store.backend(), expected_backend);
    assert_eq!(store.len().await.expect("len"), 0);
    assert!(store.is_empty().await.expect("is_empty"));
    assert!(store.entries(0, 10).await.expect("entries").is_empty());

    let batch = vec![
        entry("first"),
        NewEntry {
            recorded_at_ms: -5,
            body: Vec::new(),
            salt: [0xff; 32],
        },
        NewEntry {
            recorded_at_ms: i64::MAX,
            body: (0..=255u8).cycle().take(100_000).collect(),
            salt: [7; 32],
        },
    ];
    store.append(0, &batch).await.expect("append");
    assert_eq!(store.len().await.expect("len"), 3);
    assert!(!store.is_empty().await.expect("is_empty"));

    let read = store.entries(0, 10).await.expect("entries");
    assert_eq!(read.len(), 3);
    for (i, (stored, new)) in read.iter().zip(&batch).enumerate() {
        assert_eq!(stored.index, i as u64);
        assert_eq!(stored.recorded_at_ms, new.recorded_at_ms);
        assert_eq!(stored.body, new.body);
        assert_eq!(stored.salt, new.salt);
    }
    assert_eq!(store.entries(1, 1).await.expect("entries"), read[1..2]);
    assert_eq!(store.entries(2, 10).await.expect("entries"), read[2..]);
    assert!(store.entries(1, 0).await.expect("limit 0").is_empty());
    assert!(store.entries(3, 10).await.expect("past end").is_empty());
    assert!(
        store
            .entries(u64::MAX, 10)
            .await
            .expect("far past end")
            .is_empty()
    );
}

async fn indices_are_dense_across_batches(db: &TestDb) {
    let store = db.store();
    let mut next = 0u64;
    for size in [1usize, 5, 0, 3, 17, 1] {
        let batch: Vec<NewEntry> = (0..size)
            .map(|i| entry(&format!("e{}", next + i as u64)))
            .collect();
        store.append(next, &batch).await.expect("append");
        next += size as u64;
        assert_eq!(store.len().await.expect("len"), next);
    }
    for page in [1, 4, 1000] {
        let all = read_all(store, page).await;
        assert_eq!(all.len() as u64, next);
        for (i, stored) in all.iter().enumerate() {
            assert_eq!(stored.index, i as u64);
            assert_eq!(stored.body, format!("e{i}").into_bytes());
        }
    }
}

async fn wrong_first_index_conflicts_and_writes_nothing(db: &TestDb) {
    let store = db.store();
    store
        .append(0, &[entry("a"), entry("b")])
        .await
        .expect("append");
    let before = store.entries(0, 100).await.expect("entries");

    for (first, batch) in [
        (0u64, vec![entry("x"), entry("y"), entry("z")]),
        (1, vec![entry("x")]),
        (3, vec![entry("x"), entry("y")]),
        (u64::MAX, vec![entry("x")]),
        (5, Vec::new()),
    ] {
        match store.append(first, &batch).await {
            Err(StoreError::Conflict { expected, actual }) => {
                assert_eq!((expected, actual), (first, 2));
            }
            other => panic!("append at {first}: expected Conflict, got {other:?}"),
        }
    }
    assert_eq!(store.len().await.expect("len"), 2);
    assert_eq!(store.entries(0, 100).await.expect("entries"), before);

    // The right index still works after conflicts, and an empty append is a checked no-op.
    store.append(2, &[]).await.expect("empty append");
    store.append(2, &[entry("c")]).await.expect("append");
    assert_eq!(store.len().await.expect("len"), 3);
}

async fn multi_entry_appends_are_seen_whole_or_not_at_all(db: &TestDb) {
    const BATCH: u64 = 7;
    const BATCHES: u64 = 30;
    let store = db.store().clone();
    let writer = tokio::spawn({
        let store = store.clone();
        async move {
            for b in 0..BATCHES {
                let batch: Vec<NewEntry> = (0..BATCH).map(|i| entry(&format!("{b}-{i}"))).collect();
                store.append(b * BATCH, &batch).await.expect("append");
            }
        }
    });
    // Read while the writer works: a reader must never see part of a batch.
    let mut observations = 0;
    while !writer.is_finished() {
        let len = store.len().await.expect("len");
        assert_eq!(len % BATCH, 0, "saw a partial batch: length {len}");
        let seen = store.entries(0, 10_000).await.expect("entries").len() as u64;
        assert_eq!(seen % BATCH, 0, "read a partial batch: {seen} entries");
        observations += 1;
    }
    writer.await.expect("writer task");
    assert!(observations > 0);
    assert_eq!(store.len().await.expect("len"), BATCH * BATCHES);
}

async fn cancelled_appends_are_all_or_nothing(db: &TestDb) {
    const BATCH: usize = 400;
    let store = db.store();
    // Drop the append future at different points: before, during and after its commit.
    for delay_us in [0u64, 50, 200, 1_000, 3_000, 10_000, 50_000] {
        let first = store.len().await.expect("len");
        let batch: Vec<NewEntry> = (0..BATCH)
            .map(|i| entry(&format!("c{delay_us}-{i}")))
            .collect();
        let task = tokio::spawn({
            let store = store.clone();
            async move { store.append(first, &batch).await }
        });
        tokio::time::sleep(Duration::from_micros(delay_us)).await;
        task.abort();
        let _ = task.await;
        // A server (PostgreSQL) may still finish a commit its client abandoned mid-flight; let it
        // settle, so the two reads below see the same outcome. Either outcome is whole.
        tokio::time::sleep(Duration::from_millis(100)).await;

        let len = store.len().await.expect("len after cancel");
        assert!(
            len == first || len == first + BATCH as u64,
            "cancelled append left {} of {BATCH} entries",
            len - first
        );
        let written = store.entries(first, 10_000).await.expect("entries");
        assert_eq!(written.len() as u64, len - first);
    }
    // The writer is still usable after all those cancellations.
    let len = store.len().await.expect("len");
    store
        .append(len, &[entry("after")])
        .await
        .expect("append after cancels");
    let all = read_all(store, 1000).await;
    assert_eq!(all.len() as u64, len + 1);
}

async fn reopening_keeps_everything(db: &TestDb) {
    let store = db.store();
    store
        .append(0, &[entry("one"), entry("two")])
        .await
        .expect("append");
    store.append(2, &[entry("three")]).await.expect("append");
    store
        .set_password("u1", "$argon2id$v=19$abc")
        .await
        .expect("password");
    store
        .set_totp("u1", Some("JBSWY3DPEHPK3PXP"))
        .await
        .expect("totp");
    let token = token_row("t1", "u1", 1);
    store.insert_api_token(&token).await.expect("token");
    let session = session_row(1, "u1", 10_000);
    store.insert_session(&session).await.expect("session");
    store
        .put_meta("cell-id", b"\x00\x01cell")
        .await
        .expect("meta");
    let log = store.entries(0, 100).await.expect("entries");
    store.close().await;

    let reopened = db.open_again().await;
    assert_eq!(reopened.len().await.expect("len"), 3);
    assert_eq!(reopened.entries(0, 100).await.expect("entries"), log);
    assert_eq!(
        reopened.password("u1").await.expect("password").as_deref(),
        Some("$argon2id$v=19$abc")
    );
    assert_eq!(
        reopened.totp("u1").await.expect("totp").as_deref(),
        Some("JBSWY3DPEHPK3PXP")
    );
    assert_eq!(
        reopened
            .api_token_by_hash(&token.hash)
            .await
            .expect("token"),
        Some(token)
    );
    assert_eq!(
        reopened.session(&session.hash).await.expect("session"),
        Some(session)
    );
    assert_eq!(
        reopened.meta("cell-id").await.expect("meta").as_deref(),
        Some(&b"\x00\x01cell"[..])
    );
    // And the log goes on where it stopped.
    reopened.append(3, &[entry("four")]).await.expect("append");
    assert_eq!(reopened.len().await.expect("len"), 4);
    reopened.close().await;
}

async fn concurrent_appenders_leave_no_gaps_or_duplicates(db: &TestDb) {
    const TASKS: usize = 4;
    const PER_TASK: usize = 25;
    // Two independent stores on one database, as two processes would have, each shared by
    // two tasks.
    let stores = [db.store().clone(), db.open_again().await];
    let mut tasks = Vec::new();
    for t in 0..TASKS {
        let store = stores[t % stores.len()].clone();
        tasks.push(tokio::spawn(async move {
            let mut conflicts = 0u32;
            for i in 0..PER_TASK {
                // Entries from one task come in pairs sometimes, to mix batch sizes.
                let batch = if i % 5 == 0 {
                    vec![entry(&format!("t{t}-{i}a")), entry(&format!("t{t}-{i}b"))]
                } else {
                    vec![entry(&format!("t{t}-{i}"))]
                };
                loop {
                    let len = store.len().await.expect("len");
                    match store.append(len, &batch).await {
                        Ok(()) => break,
                        Err(StoreError::Conflict { .. }) => conflicts += 1,
                        Err(err) => panic!("append failed: {err}"),
                    }
                }
            }
            conflicts
        }));
    }
    for task in tasks {
        task.await.expect("appender task");
    }

    let all = read_all(db.store(), 64).await;
    let mut expected = BTreeSet::new();
    for t in 0..TASKS {
        for i in 0..PER_TASK {
            if i % 5 == 0 {
                expected.insert(format!("t{t}-{i}a").into_bytes());
                expected.insert(format!("t{t}-{i}b").into_bytes());
            } else {
                expected.insert(format!("t{t}-{i}").into_bytes());
            }
        }
    }
    assert_eq!(all.len(), expected.len(), "duplicates or losses");
    for (i, stored) in all.iter().enumerate() {
        assert_eq!(stored.index, i as u64, "gap at {i}");
    }
    let bodies: BTreeSet<Vec<u8>> = all.iter().map(|e| e.body.clone()).collect();
    assert_eq!(bodies, expected);
    // Pairs were appended atomically, so their halves are adjacent.
    for (i, stored) in all.iter().enumerate() {
        if stored.body.ends_with(b"a") {
            let mut partner = stored.body.clone();
            *partner.last_mut().expect("non-empty") = b'b';
            assert_eq!(all[i + 1].body, partner, "pair split at {i}");
        }
    }
    assert_eq!(db.store().len().await.expect("len"), all.len() as u64);
    stores[1].close().await;
}

async fn passwords_and_totp_secrets(db: &TestDb) {
    let store = db.store();
    assert_eq!(store.password("alice").await.expect("password"), None);
    assert_eq!(store.totp("alice").await.expect("totp"), None);

    store.set_password("alice", "phc-1").await.expect("set");
    assert_eq!(
        store.password("alice").await.expect("get").as_deref(),
        Some("phc-1")
    );
    store.set_password("alice", "phc-2").await.expect("replace");
    assert_eq!(
        store.password("alice").await.expect("get").as_deref(),
        Some("phc-2")
    );
    assert_eq!(store.totp("alice").await.expect("totp"), None);

    store
        .set_totp("alice", Some("SECRET"))
        .await
        .expect("set totp");
    assert_eq!(
        store.totp("alice").await.expect("totp").as_deref(),
        Some("SECRET")
    );
    store.set_totp("alice", None).await.expect("clear totp");
    assert_eq!(store.totp("alice").await.expect("totp"), None);
    // Clearing one credential leaves the other alone.
    assert_eq!(
        store.password("alice").await.expect("get").as_deref(),
        Some("phc-2")
    );

    // A TOTP secret can exist without a password, and users are independent.
    store
        .set_totp("bob", Some("BOBSECRET"))
        .await
        .expect("set totp");
    assert_eq!(store.password("bob").await.expect("password"), None);
    assert_eq!(
        store.totp("bob").await.expect("totp").as_deref(),
        Some("BOBSECRET")
    );
    assert_eq!(
        store.password("alice").await.expect("get").as_deref(),
        Some("phc-2")
    );
}

fn token_row(id: &str, user: &str, created: i64) -> ApiTokenRow {
    let mut hash = [0u8; 32];
    hash[..id.len()].copy_from_slice(id.as_bytes());
    ApiTokenRow {
        id: id.to_owned(),
        user_id: user.to_owned(),
        label: format!("label of {id}"),
        hash,
        created_at_ms: created,
        last_used_at_ms: None,
        revoked_at_ms: None,
    }
}

async fn api_tokens_insert_list_touch_revoke(db: &TestDb) {
    let store = db.store();
    let t1 = token_row("t1", "u1", 10);
    let t2 = token_row("t2", "u1", 20);
    let t3 = token_row("t3", "u2", 15);
    for t in [&t2, &t1, &t3] {
        store.insert_api_token(t).await.expect("insert");
    }
    assert_eq!(
        store.api_token_by_hash(&t1.hash).await.expect("by hash"),
        Some(t1.clone())
    );
    assert_eq!(
        store.api_token_by_hash(&[9; 32]).await.expect("by hash"),
        None
    );
    assert_eq!(
        store.api_tokens(Some("u1")).await.expect("list"),
        vec![t1.clone(), t2.clone()]
    );
    assert_eq!(
        store.api_tokens(None).await.expect("list all"),
        vec![t1.clone(), t3.clone(), t2.clone()]
    );
    assert!(
        store
            .api_tokens(Some("nobody"))
            .await
            .expect("list")
            .is_empty()
    );

    // Same id, or same hash, is refused.
    let same_id = ApiTokenRow {
        hash: [42; 32],
        ..t1.clone()
    };
    let same_hash = ApiTokenRow {
        id: "t9".into(),
        ..t1.clone()
    };
    for dup in [same_id, same_hash] {
        assert!(matches!(
            store.insert_api_token(&dup).await,
            Err(StoreError::AlreadyExists(_))
        ));
    }

    store.touch_api_token("t1", 100).await.expect("touch");
    store.touch_api_token("t1", 150).await.expect("touch again");
    store
        .touch_api_token("unknown", 150)
        .await
        .expect("touch unknown");
    let touched = store
        .api_token_by_hash(&t1.hash)
        .await
        .expect("by hash")
        .expect("present");
    assert_eq!(touched.last_used_at_ms, Some(150));

    assert!(store.revoke_api_token("t1", 200).await.expect("revoke"));
    assert!(
        !store
            .revoke_api_token("t1", 300)
            .await
            .expect("revoke again")
    );
    assert!(
        !store
            .revoke_api_token("unknown", 300)
            .await
            .expect("revoke unknown")
    );
    let revoked = store
        .api_token_by_hash(&t1.hash)
        .await
        .expect("by hash")
        .expect("present");
    assert_eq!(
        revoked.revoked_at_ms,
        Some(200),
        "first revocation time is kept"
    );
    let t2_now = store.api_token_by_hash(&t2.hash).await.expect("by hash");
    assert_eq!(t2_now, Some(t2), "other tokens are untouched");
}

fn session_row(n: u8, user: &str, expires: i64) -> SessionRow {
    SessionRow {
        hash: [n; 32],
        user_id: user.to_owned(),
        csrf: format!("csrf-{n}"),
        language: "en".to_owned(),
        created_at_ms: 1,
        expires_at_ms: expires,
    }
}

async fn sessions_language_expiry_and_deletion(db: &TestDb) {
    let store = db.store();
    let s1 = session_row(1, "u1", 1_000);
    let s2 = session_row(2, "u1", 2_000);
    let s3 = session_row(3, "u2", 3_000);
    let s4 = session_row(4, "u2", 5_000);
    for s in [&s1, &s2, &s3, &s4] {
        store.insert_session(s).await.expect("insert");
    }
    assert!(matches!(
        store.insert_session(&s1).await,
        Err(StoreError::AlreadyExists(_))
    ));
    assert_eq!(
        store.session(&s1.hash).await.expect("get"),
        Some(s1.clone())
    );
    assert_eq!(store.session(&[0; 32]).await.expect("get"), None);

    store
        .set_session_language(&s1.hash, "fr")
        .await
        .expect("language");
    store
        .set_session_language(&[0; 32], "fr")
        .await
        .expect("language of unknown");
    let s1_fr = store
        .session(&s1.hash)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(s1_fr.language, "fr");
    assert_eq!(s1_fr.csrf, s1.csrf);

    // Expiry: a session expiring exactly now is expired; later ones stay.
    assert_eq!(store.delete_expired_sessions(999).await.expect("expire"), 0);
    assert_eq!(
        store.delete_expired_sessions(2_000).await.expect("expire"),
        2
    );
    assert_eq!(store.session(&s1.hash).await.expect("get"), None);
    assert_eq!(store.session(&s2.hash).await.expect("get"), None);
    assert_eq!(
        store.session(&s3.hash).await.expect("get"),
        Some(s3.clone())
    );
    assert_eq!(
        store
            .delete_expired_sessions(2_000)
            .await
            .expect("expire again"),
        0
    );

    store.delete_session(&s3.hash).await.expect("delete");
    store.delete_session(&s3.hash).await.expect("delete twice");
    assert_eq!(store.session(&s3.hash).await.expect("get"), None);
    assert_eq!(
        store.session(&s4.hash).await.expect("get"),
        Some(s4.clone())
    );

    let s5 = session_row(5, "u3", 9_000);
    store.insert_session(&s5).await.expect("insert");
    store.delete_user_sessions("u2").await.expect("delete user");
    assert_eq!(store.session(&s4.hash).await.expect("get"), None);
    assert_eq!(store.session(&s5.hash).await.expect("get"), Some(s5));
}

async fn meta_values(db: &TestDb) {
    let store = db.store();
    assert_eq!(store.meta("k").await.expect("meta"), None);
    store.put_meta("k", b"v1").await.expect("put");
    assert_eq!(
        store.meta("k").await.expect("meta").as_deref(),
        Some(&b"v1"[..])
    );
    store.put_meta("k", b"v2").await.expect("overwrite");
    assert_eq!(
        store.meta("k").await.expect("meta").as_deref(),
        Some(&b"v2"[..])
    );
    store.put_meta("empty", b"").await.expect("put empty");
    assert_eq!(
        store.meta("empty").await.expect("meta").as_deref(),
        Some(&b""[..])
    );
    assert_eq!(
        store.meta("K").await.expect("meta"),
        None,
        "keys are case-sensitive"
    );
}

async fn feed_tokens_replace_and_revoke(db: &TestDb) {
    let store = db.store();
    let (a, b) = ([1u8; 32], [2u8; 32]);
    assert_eq!(store.feed_token_user(&a).await.expect("get"), None);
    store.set_feed_token("u1", &a, 10).await.expect("set");
    assert_eq!(
        store.feed_token_user(&a).await.expect("get").as_deref(),
        Some("u1")
    );
    assert_eq!(store.feed_token_created("u1").await.expect("get"), Some(10));
    store.set_feed_token("u1", &b, 20).await.expect("replace");
    assert_eq!(
        store.feed_token_user(&a).await.expect("get"),
        None,
        "the old token is revoked"
    );
    assert_eq!(
        store.feed_token_user(&b).await.expect("get").as_deref(),
        Some("u1")
    );
    assert!(matches!(
        store.set_feed_token("u2", &b, 30).await,
        Err(StoreError::AlreadyExists(_))
    ));
    assert!(store.delete_feed_token("u1").await.expect("delete"));
    assert!(!store.delete_feed_token("u1").await.expect("delete again"));
    assert_eq!(store.feed_token_user(&b).await.expect("get"), None);
    assert_eq!(store.feed_token_created("u1").await.expect("get"), None);
}

async fn taxii_statuses_are_kept_per_party_and_the_oldest_dropped(db: &TestDb) {
    let store = db.store();
    store
        .put_taxii_status("s1", "il", r#"{"id":"s1"}"#, 10, 2)
        .await
        .expect("put");
    assert_eq!(
        store
            .taxii_status("s1", "il")
            .await
            .expect("get")
            .as_deref(),
        Some(r#"{"id":"s1"}"#)
    );
    assert_eq!(
        store.taxii_status("s1", "sy").await.expect("get"),
        None,
        "only the party that made it"
    );
    assert!(matches!(
        store.put_taxii_status("s1", "sy", "{}", 11, 2).await,
        Err(StoreError::AlreadyExists(_))
    ));
    store
        .put_taxii_status("s2", "sy", "{}", 20, 2)
        .await
        .expect("put");
    store
        .put_taxii_status("s3", "il", "{}", 30, 2)
        .await
        .expect("put");
    assert_eq!(
        store.taxii_status("s1", "il").await.expect("get"),
        None,
        "the oldest beyond two is dropped"
    );
    assert!(store.taxii_status("s2", "sy").await.expect("get").is_some());
    assert!(store.taxii_status("s3", "il").await.expect("get").is_some());
}

async fn append_notifications(db: &TestDb) {
    let store = db.store();
    match store.backend() {
        Backend::Sqlite => {
            assert!(matches!(
                store.listen_appends().await,
                Err(StoreError::Unsupported(_))
            ));
        }
        Backend::Postgres => {
            let mut appends = store.listen_appends().await.expect("listen");
            // Appends from another process sharing the database are announced too.
            let other = db.open_again().await;
            other
                .append(0, &[entry("a"), entry("b")])
                .await
                .expect("append");
            // Neither a conflict nor an empty append announces anything.
            assert!(other.append(0, &[entry("x")]).await.is_err());
            other.append(2, &[]).await.expect("empty append");
            store.append(2, &[entry("c")]).await.expect("append");
            let mut seen = Vec::new();
            for _ in 0..2 {
                let length = tokio::time::timeout(Duration::from_secs(10), appends.recv())
                    .await
                    .expect("notification within 10 s")
                    .expect("channel open");
                seen.push(length);
            }
            assert_eq!(seen, vec![2, 3], "lengths in commit order");
            // Closing the store ends the subscription.
            other.close().await;
            store.close().await;
            let end = tokio::time::timeout(Duration::from_secs(10), appends.recv())
                .await
                .expect("channel closes within 10 s");
            assert_eq!(end, None);
        }
    }
}

async fn damaged_data_is_reported_as_corrupt(db: &TestDb) {
    let store = db.store();
    store
        .append(0, &[entry("a"), entry("b"), entry("c")])
        .await
        .expect("append");
    store
        .insert_api_token(&token_row("good", "u1", 1))
        .await
        .expect("token");

    // A hole in the log.
    db.tamper(&["DELETE FROM log_entries WHERE idx = 1"]).await;
    assert!(matches!(
        store.entries(0, 10).await,
        Err(StoreError::Corrupt(message)) if message.contains("gap")
    ));
    // Reads that do not cross the hole still work.
    assert_eq!(store.entries(2, 10).await.expect("entries").len(), 1);

    // A token hash of the wrong length, slipped past the schema's CHECK.
    match store.backend() {
        Backend::Sqlite => {
            db.tamper(&[
                "PRAGMA ignore_check_constraints = ON",
                "INSERT INTO api_tokens (id, user_id, label, hash, created_at_ms) \
                 VALUES ('bad', 'u1', 'x', x'0102', 2)",
            ])
            .await
        }
        Backend::Postgres => {
            db.tamper(&[
                "ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_hash_check",
                "INSERT INTO api_tokens (id, user_id, label, hash, created_at_ms) \
                 VALUES ('bad', 'u1', 'x', '\\x0102', 2)",
            ])
            .await
        }
    }
    assert!(matches!(
        store.api_tokens(Some("u1")).await,
        Err(StoreError::Corrupt(message)) if message.contains("bad")
    ));

    // On PostgreSQL, a length that disagrees with the entries is caught when the store opens.
    if store.backend() == Backend::Postgres {
        db.tamper(&["UPDATE log_head SET length = 9"]).await;
        assert!(matches!(
            Store::open(&db.url()).await,
            Err(StoreError::Corrupt(message)) if message.contains("log_head")
        ));
    }
}

#[tokio::test]
async fn bad_urls_are_refused() {
    for url in [
        "",
        "cell.db",
        "mysql://root@127.0.0.1/cell",
        "sqlite:",
        "sqlite::memory:",
        "postgres://127.0.0.1:notaport/cell",
    ] {
        match Store::open(url).await {
            Err(StoreError::BadUrl(message)) => assert!(!message.is_empty()),
            other => panic!("{url:?}: expected BadUrl, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn sqlite_in_a_missing_directory_is_a_database_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite:{}/no/such/dir/cell.db", dir.path().display());
    assert!(matches!(
        Store::open(&url).await,
        Err(StoreError::Database(_))
    ));
}

#[tokio::test]
async fn sqlite_url_and_dir_open_the_same_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let by_dir = Store::open_sqlite_dir(dir.path()).await.expect("open dir");
    by_dir.append(0, &[entry("x")]).await.expect("append");
    by_dir.close().await;
    assert!(dir.path().join("cell.db").exists());
    let by_url = Store::open(&format!("sqlite://{}/cell.db", dir.path().display()))
        .await
        .expect("open url");
    assert_eq!(by_url.len().await.expect("len"), 1);
    by_url.close().await;
}

#[tokio::test]
async fn sqlite_baseline_reports_a_duration() {
    let dir = tempfile::tempdir().expect("temp dir");
    let elapsed = fusioncell_store::sqlite_baseline_inserts(dir.path(), 10, 128)
        .await
        .expect("baseline");
    assert!(elapsed > Duration::ZERO);
}
