//! A cell whose record lives in PostgreSQL, set up and served from the command line with
//! `--database`: `init`, `user add`, `token create` and `serve` all reach the same database, and
//! what one wrote the next one reads. Runs when `FUSIONCELL_TEST_DATABASE_URL` names a PostgreSQL
//! server (CI sets it); otherwise it says on stderr that it did not run.

mod cli;

use cli::{Running, arg, run};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

async fn admin(url: &str, statement: String) {
    let mut admin = PgConnection::connect(url).await.expect("connect");
    sqlx::query(AssertSqlSafe(statement))
        .execute(&mut admin)
        .await
        .expect("run the statement");
    admin.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cell_on_postgresql_is_created_and_served_from_the_command_line() {
    let Ok(server) = std::env::var("FUSIONCELL_TEST_DATABASE_URL") else {
        eprintln!("not run: set FUSIONCELL_TEST_DATABASE_URL to a PostgreSQL server to run it");
        return;
    };
    // Only digits: safe to splice into the statements.
    let name = format!("fusioncell_cli_{}", std::process::id());
    admin(
        &server,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
    admin(&server, format!("CREATE DATABASE {name}")).await;
    let url = fusioncell_store::postgres_url_with_database(&server, &name);
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("cell");
    let config = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/levant-cell.toml"
    );

    let (ok, out) = run(&[
        "init",
        "--config",
        config,
        "--data",
        arg(&data),
        "--database",
        &url,
    ])
    .await;
    assert!(ok, "{out}");
    assert!(
        !data.join("cell.db").exists(),
        "the record is in PostgreSQL, not in the data directory"
    );
    let (ok, out) = run(&[
        "user",
        "add",
        "--data",
        arg(&data),
        "--database",
        &url,
        "il.duty",
        "--party",
        "il",
        "--roles",
        "liaison",
    ])
    .await;
    assert!(ok, "{out}");
    let (ok, out) = run(&[
        "token",
        "create",
        "--data",
        arg(&data),
        "--database",
        &url,
        "--user",
        "il.duty",
    ])
    .await;
    assert!(ok, "{out}");
    let token = out.lines().nth(1).unwrap().trim().to_string();
    let (ok, out) = run(&[
        "user",
        "list",
        "--data",
        arg(&data),
        "--database",
        "sqlite:x",
    ])
    .await;
    assert!(
        !ok && out.contains("--database must be a postgres:// URL"),
        "{out}"
    );

    let mut server_process = Running::start(&[
        "serve",
        "--data",
        arg(&data),
        "--database",
        &url,
        "--listen",
        "127.0.0.1:0",
    ]);
    let at = server_process.after("Fusion Cell is serving at").await;
    let client = reqwest::Client::new();
    let me = client
        .get(format!("{at}/api/v1/threads"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(
        me.status(),
        200,
        "the token made before serving is accepted"
    );
    let opened = client
        .post(format!("{at}/api/v1/threads"))
        .bearer_auth(&token)
        .json(&serde_json::json!({
            "track": "de-escalation",
            "participants": ["sy"],
            "subject": {"lang": "en", "text": "Served from PostgreSQL"},
            "message": {"body": {"lang": "en", "text": "Hello"}, "priority": "routine"},
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(opened.status(), 201, "{}", opened.text().await.unwrap());
    server_process.stop().await;

    let mut db = PgConnection::connect(&url).await.unwrap();
    let entries: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM log_entries")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert!(
        entries >= 4,
        "configuration, user, token and thread are in PostgreSQL: {entries}"
    );
    db.close().await.unwrap();
    admin(
        &server,
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
    )
    .await;
}
