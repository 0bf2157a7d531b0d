//! The shared record's commands, as an operator and a party run them: `demo` prints the log key
//! and runs a witness per party, `witness` runs a party's own witness, `verify` checks a live cell
//! and an export and fails (exit code 1) on a forged one, `export` writes a party's evidence.

mod cli;

use cli::{Running, arg, run};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn witness_verify_and_export_from_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let (data, witness_dir) = (dir.path().join("cell"), dir.path().join("witness"));
    let (state, export) = (dir.path().join("audit.json"), dir.path().join("il.json"));

    // The demo cell, to learn its log key; then a token for Israel's auditor.
    let mut demo = Running::start(&["demo", "--data", arg(&data), "--listen", "127.0.0.1:0"]);
    let log_key = demo.after("The shared record's log key:").await;
    assert!(
        demo.after("cosigned by the witnesses of")
            .await
            .contains("il, sy, us")
    );
    demo.stop().await;
    let origin = log_key.split('+').next().unwrap().to_string();
    let (ok, out) = run(&[
        "token",
        "create",
        "--data",
        arg(&data),
        "--user",
        "il.liaison",
    ])
    .await;
    assert!(ok, "{out}");
    let token = out.lines().nth(1).unwrap().trim().to_string();

    // Israel runs its own witness, and the operator lists it in record.toml.
    let mut witness = Running::start(&[
        "witness",
        "--log",
        "http://127.0.0.1:9",
        "--origin",
        &origin,
        "--log-key",
        &log_key,
        "--key",
        arg(&witness_dir.join("witness.key")),
        "--name",
        "il.own-witness.example",
        "--data",
        arg(&witness_dir),
        "--listen",
        "127.0.0.1:0",
    ]);
    let url = witness.after(&format!("for {origin} at ")).await;
    let key = witness.after("Its key, for the cell's record.toml:").await;
    std::fs::write(
        data.join("record.toml"),
        format!("[[witnesses]]\nparty = \"il\"\nurl = \"{url}\"\nkey = \"{key}\"\n"),
    )
    .unwrap();

    // Served again, the record is cosigned by Israel's own witness too, and verifies.
    let mut demo = Running::start(&["demo", "--data", arg(&data), "--listen", "127.0.0.1:0"]);
    let cell = demo
        .after("Log in at")
        .await
        .trim_end_matches("/login")
        .to_string();
    demo.after("cosigned by the witnesses of").await;
    let verify = [
        "verify",
        "--log",
        &cell,
        "--token",
        &token,
        "--state",
        arg(&state),
        "--witness",
        &key,
    ];
    let (ok, out) = run(&verify).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("ok    cosigned by witness il.own-witness.example"),
        "{out}"
    );
    assert!(out.contains("The record verifies."), "{out}");
    demo.stop().await;
    witness.stop().await;

    // Offline: Israel's export verifies against what its auditor saw live.
    let (ok, out) = run(&[
        "export",
        "--data",
        arg(&data),
        "--out",
        arg(&export),
        "--party",
        "il",
    ])
    .await;
    assert!(ok, "{out}");
    let check = [
        "verify",
        "--export",
        arg(&export),
        "--state",
        arg(&state),
        "--witness",
        &key,
    ];
    let (ok, out) = run(&check).await;
    assert!(ok, "{out}");
    assert!(
        out.contains("consistent with the checkpoint you saw last"),
        "{out}"
    );

    // A forged export fails, saying where.
    let mut forged: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&export).unwrap()).unwrap();
    let event = forged["openings"][3]["event"]
        .as_str()
        .unwrap()
        .replace("il.", "xx.");
    forged["openings"][3]["event"] = event.into();
    let index = forged["openings"][3]["index"].as_u64().unwrap();
    std::fs::write(&export, serde_json::to_vec(&forged).unwrap()).unwrap();
    let (ok, out) = run(&check).await;
    assert!(!ok, "a forged export must fail: {out}");
    assert!(
        out.contains(&format!(
            "FAIL  entry {index}: the event and salt given do not open"
        )),
        "{out}"
    );
    assert!(out.contains("the record failed verification"), "{out}");
}
