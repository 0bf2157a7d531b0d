//! An acknowledged append survives the process dying without closing the store: the test
//! re-runs its own binary as a child that appends, reports, and exits on the spot with
//! `process::exit` (no destructors, so no pool shutdown, no `sqlite3_close`, no WAL checkpoint;
//! unlike `abort` it leaves no core file); the parent then reopens the file. SQLite only: with PostgreSQL
//! the server, not this process, owns durability.
//!
//! (A killed process still leaves its writes in the OS page cache; surviving power loss rests on
//! `synchronous=FULL`, which the unit tests check is set.)

use std::process::Command;

use fusioncell_store::{NewEntry, Store};

/// Set in the child to the directory of the database it must write.
const CHILD_DIR_VAR: &str = "FUSIONCELL_STORE_CRASH_CHILD_DIR";
const TEST_NAME: &str = "acknowledged_appends_survive_a_dying_process";
/// The child's exit status, to tell its sudden exit from a test failure.
const CHILD_EXIT: i32 = 86;

fn entry(i: u64) -> NewEntry {
    NewEntry {
        recorded_at_ms: i as i64,
        body: format!("entry {i}").into_bytes(),
        salt: [i as u8; 32],
    }
}

/// The child: append, say so, and die at once.
fn child(dir: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Store::open_sqlite_dir(dir.as_ref()).await.expect("open");
        for i in 0..20u64 {
            store.append(i, &[entry(i)]).await.expect("append");
        }
        println!("ACKNOWLEDGED 20");
        // Exit inside the runtime, with the store and its pools still alive.
        std::process::exit(CHILD_EXIT);
    })
}

#[test]
fn acknowledged_appends_survive_a_dying_process() {
    if let Ok(dir) = std::env::var(CHILD_DIR_VAR) {
        // Does not return; if it did, the parent sees a clean exit and fails.
        child(&dir);
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let output = Command::new(std::env::current_exe().expect("test binary"))
        .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD_DIR_VAR, dir.path())
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(CHILD_EXIT),
        "the child should have exited on the spot: {output:?}"
    );
    assert!(
        stdout.contains("ACKNOWLEDGED 20"),
        "the child did not finish appending: {output:?}"
    );
    // The WAL was never checkpointed, so recovery has to come from it.
    assert!(dir.path().join("cell.db-wal").exists());

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let store = Store::open_sqlite_dir(dir.path()).await.expect("reopen");
        assert_eq!(store.len().await.expect("len"), 20);
        let entries = store.entries(0, 100).await.expect("entries");
        for (i, stored) in entries.iter().enumerate() {
            let expected = entry(i as u64);
            assert_eq!(stored.index, i as u64);
            assert_eq!(stored.body, expected.body);
            assert_eq!(stored.salt, expected.salt);
        }
        store.close().await;
    });
}
