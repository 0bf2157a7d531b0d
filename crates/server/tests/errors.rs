//! Bad input gets a clear 4xx with a stable code, and never a partial write.

mod kit;

use kit::TestCell;
use serde_json::{Value, json};

#[tokio::test]
async fn bad_requests_get_stable_codes_and_change_nothing() {
    let cell = TestCell::start("5m", "1h").await;
    let (thread, _) = cell
        .open_thread("sy.liaison", "diplomatic", &["il"], "routine")
        .await;
    let before = cell.record_len();
    let post = format!("/api/v1/threads/{thread}/messages");
    let cases: Vec<(&str, u16, &str, (u16, Value))> = vec![
        ("malformed JSON", 400, "malformed_json", cell.post_raw("sy.liaison", &post, "application/json", b"{\"body\":".to_vec()).await),
        ("unknown field", 422, "invalid_body", cell.post("sy.liaison", &post, json!({"body": {"lang": "en", "text": "x"}, "colour": 1})).await),
        ("wrong type", 422, "invalid_body", cell.post("sy.liaison", &post, json!({"body": {"lang": "en", "text": 5}})).await),
        ("not JSON", 415, "unsupported_media_type", cell.post_raw("sy.liaison", &post, "text/plain", b"hello".to_vec()).await),
        ("too large", 413, "body_too_large", cell.post_raw("sy.liaison", &post, "application/json", format!("{{\"body\":{{\"lang\":\"en\",\"text\":\"{}\"}}}}", "x".repeat(300_000)).into_bytes()).await),
        ("text too long", 422, "invalid_field", cell.post("sy.liaison", &post, json!({"body": {"lang": "en", "text": "x".repeat(20_001)}})).await),
        ("control character", 422, "invalid_field", cell.post("sy.liaison", &post, json!({"body": {"lang": "en", "text": "a\u{0}b"}})).await),
        ("unknown language", 422, "invalid_field", cell.post("sy.liaison", &post, json!({"body": {"lang": "fr", "text": "x"}})).await),
        ("unknown priority", 422, "invalid_field", cell.post("sy.liaison", &post, json!({"body": {"lang": "en", "text": "x"}, "priority": "urgent"})).await),
        ("unknown thread", 404, "not_found", cell.post("sy.liaison", "/api/v1/threads/t-nope/messages", json!({"body": {"lang": "en", "text": "x"}})).await),
        ("malformed id", 404, "not_found", cell.get("sy.liaison", "/api/v1/threads/NOT%20AN%20ID").await),
        ("unknown message", 404, "not_found", cell.post("il.liaison", "/api/v1/messages/m-nope/acknowledge", Value::Null).await),
        ("unknown endpoint", 404, "no_such_endpoint", cell.get("sy.liaison", "/api/v1/nothing").await),
        ("bad query", 400, "bad_query", cell.get("sy.liaison", "/api/v1/threads?colour=red").await),
        ("not a participant's role", 403, "forbidden", cell.post("il.analyst", &post, json!({"body": {"lang": "en", "text": "x"}})).await),
        ("other party's admin", 404, "not_found", cell.post("il.admin", "/api/v1/users/sy.liaison/disable", Value::Null).await),
        ("short password", 422, "invalid_field", cell.post("il.admin", "/api/v1/users", json!({"id": "il.new", "display_name": "N", "roles": ["liaison"], "password": "short"})).await),
    ];
    for (what, status, code, (got_status, body)) in cases {
        assert_eq!(got_status, status, "{what}: {body}");
        assert_eq!(body["code"], code, "{what}: {body}");
        assert!(
            body["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: a message for people"
        );
    }
    assert_eq!(
        cell.record_len(),
        before,
        "nothing was written by a refused request"
    );
    // No credentials, or a revoked token: 401.
    let response = cell
        .http
        .get(format!("{}/api/v1/threads", cell.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let (status, issued) = cell
        .post("il.liaison", "/api/v1/tokens", json!({"label": "temp"}))
        .await;
    assert_eq!(status, 201, "{issued}");
    let secret = issued["secret"].as_str().unwrap().to_string();
    let (status, _) = cell
        .get(
            "il.liaison",
            &format!("/api/v1/tokens/{}", issued["token"]["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(status, 405);
    let response = cell
        .http
        .delete(format!(
            "{}/api/v1/tokens/{}",
            cell.url,
            issued["token"]["id"].as_str().unwrap()
        ))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = cell
        .http
        .get(format!("{}/api/v1/me", cell.url))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401, "a revoked token no longer works");
}

#[tokio::test]
async fn cookie_authenticated_api_writes_need_the_csrf_token() {
    let cell = TestCell::start("5m", "1h").await;
    let cookie = "secret-cookie-value";
    cell.app
        .store
        .insert_session(&fusioncell_store::SessionRow {
            hash: fusioncell_server::auth::secret_hash(cookie),
            user_id: "il.liaison".into(),
            csrf: "the-csrf-token".into(),
            language: "en".into(),
            created_at_ms: 0,
            expires_at_ms: i64::MAX,
        })
        .await
        .unwrap();
    let body = json!({"track": "diplomatic", "subject": {"lang": "en", "text": "s"}, "participants": ["sy"]});
    let send = |csrf: Option<&'static str>| {
        let mut request = cell
            .http
            .post(format!("{}/api/v1/threads", cell.url))
            .header("cookie", format!("fc_session={cookie}"))
            .json(&body);
        if let Some(c) = csrf {
            request = request.header("x-csrf-token", c);
        }
        request.send()
    };
    let response = send(None).await.unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "csrf_failed"
    );
    assert_eq!(send(Some("wrong")).await.unwrap().status(), 403);
    assert_eq!(send(Some("the-csrf-token")).await.unwrap().status(), 201);
    let reads = cell
        .http
        .get(format!("{}/api/v1/me", cell.url))
        .header("cookie", format!("fc_session={cookie}"))
        .send()
        .await
        .unwrap();
    assert_eq!(reads.status(), 200, "reads need no CSRF token");
}

#[tokio::test]
async fn admins_manage_their_own_party_and_disabling_ends_access() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell.post("il.admin", "/api/v1/users", json!({"id": "il.duty2", "display_name": "Duty 2", "roles": ["liaison"], "password": "a-long-password"})).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["user"]["party"], "il");
    let (status, body) = cell.post("sy.admin", "/api/v1/users", json!({"id": "il.duty2", "display_name": "x", "roles": ["liaison"], "password": "a-long-password"})).await;
    assert_eq!(status, 409, "{body}");
    let (_, users) = cell.get("sy.admin", "/api/v1/users").await;
    assert!(
        users.as_array().unwrap().iter().all(|u| u["party"] == "sy"),
        "{users}"
    );
    let (_, users) = cell.get("us.supervisor", "/api/v1/users").await;
    assert!(
        users.as_array().unwrap().len() >= 9,
        "the supervisor lists all accounts"
    );
    let (status, body) = cell
        .post("il.admin", "/api/v1/users/il.liaison/disable", Value::Null)
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, _) = cell.get("il.liaison", "/api/v1/me").await;
    assert_eq!(status, 401, "a disabled user's token no longer works");
    let openapi: Value = cell
        .http
        .get(format!("{}/api/openapi.json", cell.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    for path in [
        "/api/v1/threads",
        "/api/v1/threads/{id}/messages",
        "/api/v1/messages/{id}/acknowledge",
        "/api/v1/events",
        "/api/v1/users",
        "/api/v1/tokens",
    ] {
        assert!(openapi["paths"][path].is_object(), "{path} is documented");
    }
}
