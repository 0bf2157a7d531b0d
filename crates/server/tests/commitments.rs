//! End to end: commitments over HTTP and the live stream — proposed, approved by every party,
//! milestones attested and verified, an overdue milestone alerting everyone, list filters, and
//! the calendar feed with its token.

mod kit;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fusioncell_domain::Timestamp;
use kit::TestCell;
use serde_json::{Value, json};

fn from_now(ms: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    Timestamp(now + ms).to_rfc3339()
}

fn proposal(first_due_ms: i64) -> Value {
    json!({
        "owner": "il",
        "beneficiary": "sy",
        "track": "de-escalation",
        "title": {"lang": "en", "text": "Timeline for withdrawal"},
        "milestones": [
            {"id": "m1", "title": {"lang": "en", "text": "Leave the first positions"}, "due": from_now(first_due_ms)},
            {"id": "m2", "title": {"lang": "he", "text": "נסיגה מלאה"}, "due": from_now(30 * 86_400_000)},
        ],
    })
}

async fn propose_and_agree(cell: &TestCell, first_due_ms: i64) -> String {
    let (status, body) = cell
        .post("sy.liaison", "/api/v1/commitments", proposal(first_due_ms))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["commitment"]["status"], "proposed");
    let id = body["commitment"]["id"].as_str().unwrap().to_string();
    for user in ["il.liaison", "sy.liaison", "us.supervisor"] {
        let (status, body) = cell
            .post(
                user,
                &format!("/api/v1/commitments/{id}/approve"),
                json!({"version": 1}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    id
}

#[tokio::test]
async fn a_commitment_comes_into_force_and_its_milestones_are_attested_and_verified() {
    let cell = TestCell::start("5m", "1h").await;
    let id = propose_and_agree(&cell, 86_400_000).await;
    let (_, body) = cell
        .get("il.liaison", &format!("/api/v1/commitments/{id}"))
        .await;
    assert_eq!(body["status"], "in_force");
    assert_eq!(
        body["versions"][0]["approved_by"],
        json!(["il", "sy", "us"])
    );

    let attest = |who: &'static str| {
        let path = format!("/api/v1/commitments/{id}/milestones/m1/attest");
        let cell = &cell;
        async move {
            cell.post(who, &path, json!({"text": {"lang": "he", "text": "בוצע"}, "links": ["https://example.org/photo.jpg"]}))
                .await
        }
    };
    let (status, body) = attest("sy.liaison").await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let (status, body) = attest("il.liaison").await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["commitment"]["milestones"][0]["status"], "attested");

    let verify = format!("/api/v1/commitments/{id}/milestones/m1/verify");
    let (status, body) = cell
        .post("us.supervisor", &verify, json!({"verified": false}))
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field")),
        "{body}"
    );
    assert!(body["message"].as_str().unwrap().starts_with("reason"));
    let (status, body) = cell
        .post("us.supervisor", &verify, json!({"verified": false, "reason": {"lang": "en", "text": "No photos of the second site"}}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["commitment"]["milestones"][0]["status"], "open");
    attest("il.liaison").await;
    let (status, body) = cell
        .post("us.supervisor", &verify, json!({"verified": true}))
        .await;
    assert_eq!(status, 200, "{body}");
    let m1 = &body["commitment"]["milestones"][0];
    assert_eq!(m1["status"], "verified");
    assert_eq!(m1["history"].as_array().unwrap().len(), 4);

    // A revision resets approvals; the version in force stays.
    let mut revised = proposal(86_400_000);
    revised
        .as_object_mut()
        .unwrap()
        .retain(|k, _| k == "title" || k == "milestones");
    revised["title"]["text"] = json!("Timeline for withdrawal, revised");
    let (status, body) = cell
        .put("il.liaison", &format!("/api/v1/commitments/{id}"), revised)
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        (
            body["commitment"]["in_force"].as_u64(),
            body["commitment"]["pending"].as_u64()
        ),
        (Some(1), Some(2))
    );
    assert_eq!(
        body["commitment"]["versions"][1]["awaiting"],
        json!(["il", "sy", "us"])
    );

    // Filters.
    let (_, list) = cell
        .get("sy.liaison", "/api/v1/commitments?owner=il&status=in_force")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (_, list) = cell.get("sy.liaison", "/api/v1/commitments?owner=sy").await;
    assert_eq!(list.as_array().unwrap().len(), 0);
    let (_, list) = cell
        .get("sy.liaison", "/api/v1/commitments?awaiting=sy")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let (status, body) = cell
        .get("sy.liaison", "/api/v1/commitments?status=done")
        .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    let (status, _) = cell.get("sy.liaison", "/api/v1/commitments/cm-nope").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn bad_proposals_are_refused_naming_the_field_and_write_nothing() {
    let cell = TestCell::start("5m", "1h").await;
    let before = cell.record_len();
    let mut bad = proposal(1000);
    bad["milestones"][0]["due"] = json!("tomorrow");
    let (status, body) = cell.post("il.liaison", "/api/v1/commitments", bad).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (422, Some("invalid_field"))
    );
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("milestones[0].due"),
        "{body}"
    );
    let mut bad = proposal(1000);
    bad["beneficiary"] = json!("il");
    let (status, body) = cell.post("il.liaison", "/api/v1/commitments", bad).await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = cell
        .post("il.analyst", "/api/v1/commitments", proposal(1000))
        .await;
    assert_eq!(status, 403);
    assert_eq!(cell.record_len(), before);
}

#[tokio::test]
async fn an_overdue_milestone_alerts_every_party_live() {
    let cell = TestCell::start("5m", "1h").await;
    let mut streams = vec![];
    for user in ["il.liaison", "sy.liaison", "us.supervisor"] {
        streams.push(cell.stream(user, None).await);
    }
    let id = propose_and_agree(&cell, 1_500).await;
    for s in &mut streams {
        let alert = s
            .until("milestone.overdue", Duration::from_secs(10))
            .await
            .expect("the alert arrives");
        assert_eq!(alert.data["body"]["event"]["commitment"], json!(id));
        assert_eq!(alert.data["body"]["event"]["owner"], "il");
    }
    let (_, body) = cell
        .get("sy.liaison", "/api/v1/commitments?overdue=true")
        .await;
    assert_eq!(body.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_calendar_feed_needs_its_token_and_stops_when_revoked() {
    let cell = TestCell::start("5m", "1h").await;
    propose_and_agree(&cell, 86_400_000).await;
    let (status, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/meetings",
            json!({
                "title": {"lang": "en", "text": "Paris meeting, follow-up"},
                "starts_at": from_now(3_600_000), "ends_at": from_now(7_200_000),
                "place": "Paris", "participants": ["il", "sy", "us"],
                "agenda": [{"lang": "en", "text": "Withdrawal; crossings, and the timeline"}],
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (status, token) = cell
        .post("sy.liaison", "/api/v1/calendar/token", json!(null))
        .await;
    assert_eq!(status, 201, "{token}");
    let url = format!("{}{}", cell.url, token["url"].as_str().unwrap());
    let response = cell.http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    assert_eq!(text.matches("BEGIN:VEVENT").count(), 3, "{text}");
    assert!(text.contains("UID:milestone-") && text.contains("LOCATION:Paris"));
    assert!(
        text.replace("\r\n ", "")
            .contains("Withdrawal\\; crossings\\, and the timeline")
    );
    assert!(text.split("\r\n").all(|l| l.len() <= 75));
    // The token is stored only as a hash.
    assert_eq!(
        cell.app.store.feed_token_user(&[0; 32]).await.unwrap(),
        None
    );

    let (status, _) = cell.get("sy.liaison", "/api/v1/calendar/token").await;
    assert_eq!(status, 200);
    let revoke = cell
        .http
        .delete(format!("{}/api/v1/calendar/token", cell.url))
        .bearer_auth(&cell.tokens["sy.liaison"])
        .send()
        .await
        .unwrap();
    assert_eq!(revoke.status(), 204);
    assert_eq!(cell.http.get(&url).send().await.unwrap().status(), 404);
    let guessed = format!("{}/calendar/fcf_guess.ics", cell.url);
    assert_eq!(cell.http.get(&guessed).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn the_console_shows_the_timeline_and_takes_each_role_through_its_forms() {
    let cell = TestCell::start("5m", "1h").await;
    let (_, body) = cell
        .post("sy.liaison", "/api/v1/commitments", proposal(1_000))
        .await;
    let id = body["commitment"]["id"].as_str().unwrap().to_string();
    let page_path = format!("/commitments/{id}");

    // Approval through the console, in Hebrew, for each party.
    for user in ["il.liaison", "sy.liaison", "us.supervisor"] {
        let console = cell.console(user, "he").await;
        let page = console.get(&page_path).await;
        assert_eq!(page.status, 200);
        assert!(
            page.body
                .contains(&format!("action=\"{page_path}/approve\"")),
            "{user} may approve"
        );
        let done = console
            .post(&format!("{page_path}/approve"), &[("version", "1")])
            .await;
        assert_eq!(
            (done.status, done.location.as_str()),
            (303, page_path.as_str())
        );
        let again = console.get(&page_path).await;
        assert!(
            !again
                .body
                .contains(&format!("action=\"{page_path}/approve\""))
        );
    }
    tokio::time::sleep(Duration::from_millis(1_500)).await;

    // The timeline marks the overdue milestone and draws today's line; it links to the record.
    let il = cell.console("il.liaison", "en").await;
    let timeline = il.get("/timeline").await;
    assert_eq!(timeline.status, 200);
    assert!(timeline.body.contains("<svg class=\"timeline\""));
    assert!(timeline.body.contains("class=\"today\""));
    assert!(
        timeline.body.contains("mark ms-overdue"),
        "the first milestone is overdue"
    );
    assert!(timeline.body.contains(&format!("href=\"{page_path}\"")));
    let live = il.get("/timeline/fragment").await;
    assert!(
        live.body.contains("mark ms-overdue") && !live.body.contains("<html"),
        "the live part"
    );

    // Only the owner sees the attest form; only the supervisor the verify form.
    let sy = cell.console("sy.liaison", "ar").await;
    assert!(
        !sy.get(&page_path)
            .await
            .body
            .contains("/milestones/m1/attest")
    );
    let attested = il
        .post(
            &format!("{page_path}/milestones/m1/attest"),
            &[
                ("evidence", "Done"),
                ("evidence_lang", "en"),
                ("links", "https://example.org/a inc-1"),
            ],
        )
        .await;
    assert_eq!(attested.status, 303);
    let us = cell.console("us.supervisor", "en").await;
    let page = us.get(&page_path).await;
    assert!(page.body.contains("/milestones/m1/verify"));
    let refused = us
        .post(
            &format!("{page_path}/milestones/m1/verify"),
            &[
                ("verdict", "not_verified"),
                ("reason", ""),
                ("reason_lang", "en"),
            ],
        )
        .await;
    assert_eq!(
        refused.status, 422,
        "a refusal without a reason comes back with the reason"
    );
    assert!(refused.body.contains("class=\"problem\""));
    let verified = us
        .post(
            &format!("{page_path}/milestones/m1/verify"),
            &[("verdict", "verified")],
        )
        .await;
    assert_eq!(verified.status, 303);
    let (_, body) = cell
        .get("il.liaison", &format!("/api/v1/commitments/{id}"))
        .await;
    assert_eq!(body["milestones"][0]["status"], "verified");

    // The list filters, and the calendar link is made once and revoked.
    let list = sy.get("/commitments?owner=il&overdue=1").await;
    assert_eq!(list.status, 200);
    let made = sy.post("/calendar/token", &[]).await;
    assert_eq!(made.status, 200);
    assert!(made.body.contains("id=\"feed-url\""));
    let url = made
        .body
        .split("id=\"feed-url\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        cell.http
            .get(format!("{}{url}", cell.url))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert!(
        !sy.get("/commitments")
            .await
            .body
            .contains("id=\"feed-url\""),
        "shown once"
    );
    assert_eq!(sy.post("/calendar/revoke", &[]).await.status, 303);
    assert_eq!(
        cell.http
            .get(format!("{}{url}", cell.url))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

#[tokio::test]
async fn a_commitment_is_proposed_from_the_console_and_a_refusal_keeps_the_form() {
    let cell = TestCell::start("5m", "1h").await;
    let israel = cell.console("il.liaison", "en").await;
    let list = israel.get("/commitments").await;
    assert!(
        list.body.contains("href=\"/commitments/new\""),
        "the form is offered"
    );
    let empty = israel.get("/commitments/new").await;
    assert_eq!(empty.status, 200);
    let analyst = cell.console("il.analyst", "en").await;
    assert!(
        !analyst
            .get("/commitments")
            .await
            .body
            .contains("href=\"/commitments/new\"")
    );
    assert_eq!(
        analyst.get("/commitments/new").await.status,
        403,
        "only liaison officers propose"
    );
    assert!(empty.body.contains("name=\"m6_due\""), "six milestone rows");
    assert!(
        empty.body.contains("<option value=\"il\" selected>"),
        "the visitor's party owns it by default"
    );

    let mut form = vec![
        ("owner", "il"),
        ("beneficiary", "sy"),
        ("track", "de-escalation"),
        ("lang", "en"),
        ("title", "Withdrawal from hill 5"),
        ("m1_title", "Heavy weapons out"),
        ("m1_due", "2026-02-01T12:00"),
        ("m2_title", ""),
        ("m2_due", ""),
        ("m3_title", "All forces out"),
        ("m3_due", "first of March"),
    ];
    let before = cell.record_len();
    let refused = israel.post("/commitments", &form).await;
    assert_eq!(refused.status, 422);
    assert!(
        refused.body.contains("href=\"#m3-due\""),
        "the row typed in is named, though the empty row was not sent"
    );
    assert!(
        refused.body.contains("value=\"All forces out\""),
        "what was typed is kept"
    );
    assert_eq!(cell.record_len(), before, "a refusal writes nothing");

    form[10].1 = "2026-03-01T12:00";
    let created = israel.post("/commitments", &form).await;
    assert_eq!(created.status, 303);
    let path = created.location.clone();
    assert!(path.starts_with("/commitments/cm-"), "{path}");
    let syria = cell.console("sy.liaison", "en").await;
    let page = syria.get(&path).await;
    assert!(page.body.contains("Withdrawal from hill 5") && page.body.contains("All forces out"));
    assert!(
        page.body.contains("/approve"),
        "the beneficiary is asked to approve"
    );
    let listed = syria.get("/commitments-fragment?status=proposed").await;
    assert!(
        listed.body.contains(&path) && !listed.body.contains("<html"),
        "the list's live part, filtered"
    );
    let live = syria.get(&format!("{path}/fragment")).await;
    assert!(
        live.body.contains("All forces out") && !live.body.contains("<html"),
        "the live part"
    );

    let (code, body) = cell.get("sy.liaison", &format!("/api/v1{path}")).await;
    assert_eq!(code, 200, "{body}");
    let milestones = body["milestones"].as_array().unwrap();
    let ids: Vec<&str> = milestones
        .iter()
        .map(|m| m["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["m1", "m2"], "the empty row is not sent");
    assert_eq!(milestones[1]["due"], "2026-03-01T12:00:00.000Z");
}
