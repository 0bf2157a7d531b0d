//! End to end: meetings, minutes and joint statements over HTTP — minutes approvals reset by a
//! change, a statement published only once every version is approved and immutable after, and
//! a two-party meeting hidden from the third.

mod kit;

use kit::TestCell;
use serde_json::{Value, json};

fn meeting(participants: &[&str]) -> Value {
    json!({
        "title": {"lang": "en", "text": "Paris meeting"},
        "starts_at": "2026-01-05T09:00:00Z", "ends_at": "2026-01-05T17:00:00Z",
        "place": "Paris", "participants": participants,
        "agenda": [{"lang": "en", "text": "A joint fusion mechanism"}],
    })
}

#[tokio::test]
async fn minutes_are_agreed_by_every_party_and_a_change_resets_approvals() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/meetings",
            meeting(&["il", "sy", "us"]),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["meeting"]["id"].as_str().unwrap().to_string();
    let minutes = format!("/api/v1/meetings/{id}/minutes");
    let (status, _) = cell
        .put(
            "il.liaison",
            &minutes,
            json!({"text": {"lang": "en", "text": "x"}}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = cell
        .put(
            "us.supervisor",
            &minutes,
            json!({"text": {"lang": "en", "text": "First draft"}}),
        )
        .await;
    assert_eq!(status, 200);
    let approve = format!("{minutes}/approve");
    let (status, _) = cell
        .post("il.liaison", &approve, json!({"revision": 1}))
        .await;
    assert_eq!(status, 200);
    let (_, body) = cell
        .put(
            "us.supervisor",
            &minutes,
            json!({"text": {"lang": "en", "text": "Second draft"}}),
        )
        .await;
    assert_eq!(body["meeting"]["minutes"]["approved_by"], json!([]));
    assert_eq!(body["meeting"]["minutes"]["awaiting"], json!(["il", "sy"]));
    let (status, body) = cell
        .post("sy.liaison", &approve, json!({"revision": 1}))
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    cell.post("sy.liaison", &approve, json!({"revision": 2}))
        .await;
    let (_, body) = cell
        .post("il.liaison", &approve, json!({"revision": 2}))
        .await;
    assert!(
        body["meeting"]["minutes"]["agreed_at"].is_string(),
        "{body}"
    );
    let (_, list) = cell
        .get("il.liaison", "/api/v1/meetings?participant=sy")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_two_party_meeting_is_not_found_by_the_third() {
    let cell = TestCell::start("5m", "1h").await;
    let (_, body) = cell
        .post("il.liaison", "/api/v1/meetings", meeting(&["il", "us"]))
        .await;
    let id = body["meeting"]["id"].as_str().unwrap().to_string();
    let (status, _) = cell
        .get("sy.liaison", &format!("/api/v1/meetings/{id}"))
        .await;
    assert_eq!(status, 404);
    let (_, list) = cell.get("sy.liaison", "/api/v1/meetings").await;
    assert_eq!(list, json!([]));
}

#[tokio::test]
async fn a_statement_is_published_with_every_approval_and_is_immutable_after() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/statements",
            json!({"title": {"lang": "en", "text": "Joint statement"}, "authoritative": "en"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["statement"]["id"].as_str().unwrap().to_string();
    for lang in ["en", "ar", "he"] {
        let (status, body) = cell
            .put(
                "us.supervisor",
                &format!("/api/v1/statements/{id}/versions/{lang}"),
                json!({"text": format!("Text in {lang}")}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
    let publish = format!("/api/v1/statements/{id}/publish");
    let (status, _) = cell.post("us.supervisor", &publish, json!(null)).await;
    assert_eq!(status, 409);
    let (_, s) = cell
        .get("il.liaison", &format!("/api/v1/statements/{id}"))
        .await;
    let revision = s["revision"].as_u64().unwrap();
    for user in ["il.liaison", "sy.liaison"] {
        for lang in ["en", "ar", "he"] {
            let (status, body) = cell
                .post(
                    user,
                    &format!("/api/v1/statements/{id}/approve"),
                    json!({"revision": revision, "lang": lang}),
                )
                .await;
            assert_eq!(status, 200, "{body}");
        }
    }
    let (status, body) = cell.post("us.supervisor", &publish, json!(null)).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["statement"]["published_at"].is_string());
    assert_eq!(body["statement"]["versions"][1]["lang"], "en");
    assert_eq!(body["statement"]["versions"][1]["authoritative"], true);
    let (status, body) = cell
        .put(
            "us.supervisor",
            &format!("/api/v1/statements/{id}/versions/en"),
            json!({"text": "Changed"}),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("is published and can no longer change")
    );
    let (_, list) = cell
        .get("sy.liaison", "/api/v1/statements?published=true")
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_console_drafts_approves_and_publishes() {
    let cell = TestCell::start("5m", "1h").await;
    let (_, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/meetings",
            meeting(&["il", "sy", "us"]),
        )
        .await;
    let id = body["meeting"]["id"].as_str().unwrap().to_string();
    let us = cell.console("us.supervisor", "en").await;
    let path = format!("/meetings/{id}");
    let drafted = us
        .post(
            &format!("{path}/minutes"),
            &[("text", "Minutes of the meeting"), ("lang", "en")],
        )
        .await;
    assert_eq!(drafted.status, 303);
    for (user, lang) in [("il.liaison", "he"), ("sy.liaison", "ar")] {
        let c = cell.console(user, lang).await;
        let page = c.get(&path).await;
        assert!(page.body.contains("Minutes of the meeting"));
        assert!(
            !page.body.contains(&format!("action=\"{path}/minutes\"")),
            "only the supervisor drafts"
        );
        assert_eq!(
            c.post(&format!("{path}/minutes/approve"), &[("revision", "1")])
                .await
                .status,
            303
        );
    }
    let (_, body) = cell
        .get("il.liaison", &format!("/api/v1/meetings/{id}"))
        .await;
    assert!(body["minutes"]["agreed_at"].is_string());

    let (_, body) = cell
        .post("us.supervisor", "/api/v1/statements", json!({"title": {"lang": "en", "text": "Joint statement"}, "authoritative": "en", "meeting": id}))
        .await;
    let sid = body["statement"]["id"].as_str().unwrap().to_string();
    for lang in ["en", "ar", "he"] {
        cell.put(
            "us.supervisor",
            &format!("/api/v1/statements/{sid}/versions/{lang}"),
            json!({"text": format!("Text {lang}")}),
        )
        .await;
    }
    let spath = format!("/statements/{sid}");
    assert!(
        !us.get(&spath).await.body.contains("/publish"),
        "not before every approval"
    );
    let (_, s) = cell
        .get("il.liaison", &format!("/api/v1/statements/{sid}"))
        .await;
    let revision = s["revision"].to_string();
    for user in ["il.liaison", "sy.liaison"] {
        let c = cell.console(user, "en").await;
        for lang in ["en", "ar", "he"] {
            let done = c
                .post(
                    &format!("{spath}/approve"),
                    &[("revision", &revision), ("lang", lang)],
                )
                .await;
            assert_eq!(done.status, 303);
        }
    }
    let page = us.get(&spath).await;
    assert!(page.body.contains("statement-version authoritative"));
    assert_eq!(us.post(&format!("{spath}/publish"), &[]).await.status, 303);
    let list = us.get("/meetings").await;
    assert!(list.body.contains(&spath));
}

#[tokio::test]
async fn a_meeting_is_scheduled_from_the_console_and_a_refusal_keeps_the_form() {
    let cell = TestCell::start("5m", "1h").await;
    let syria = cell.console("sy.liaison", "ar").await;
    let list = syria.get("/meetings").await;
    assert!(
        list.body.contains("href=\"/meetings/new\""),
        "the form is offered"
    );
    let empty = syria.get("/meetings/new").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("dir=\"rtl\""), "in Arabic");
    assert!(
        empty.body.contains("value=\"sy\" checked"),
        "the visitor's party takes part by default"
    );

    let mut form = vec![
        ("lang", "ar"),
        ("title", "اجتماع عمّان"),
        ("starts_at", "2026-02-10T09:00"),
        ("ends_at", "2026-02-10T08:00"),
        ("place", "Amman"),
        ("participants", "sy"),
        ("participants", "us"),
        ("agenda", "Crossings\n\nPrisoners\n"),
    ];
    let before = cell.record_len();
    let refused = syria.post("/meetings", &form).await;
    assert_eq!(refused.status, 422, "it ends before it starts");
    assert!(
        refused.body.contains("value=\"Amman\""),
        "what was typed is kept"
    );
    assert!(refused.body.contains("value=\"us\" checked"));
    assert_eq!(cell.record_len(), before, "a refusal writes nothing");

    form[3].1 = "2026-02-10T17:00";
    let created = syria.post("/meetings", &form).await;
    assert_eq!(created.status, 303);
    let path = created.location.clone();
    assert!(path.starts_with("/meetings/mt-"), "{path}");
    let (code, body) = cell.get("us.supervisor", &format!("/api/v1{path}")).await;
    assert_eq!(code, 200, "{body}");
    assert_eq!(body["participants"], json!(["sy", "us"]));
    let listed = syria.get("/meetings-fragment?participant=us").await;
    assert!(
        listed.body.contains(&path) && !listed.body.contains("<html"),
        "the list's live part, filtered"
    );
    let live = syria.get(&format!("{path}/fragment")).await;
    assert!(
        live.body.contains("Amman") && !live.body.contains("<html"),
        "the live part"
    );
    assert_eq!(body["starts_at"], "2026-02-10T09:00:00.000Z");
    let agenda: Vec<&str> = body["agenda"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        agenda,
        ["Crossings", "Prisoners"],
        "blank lines are not items"
    );
    assert_eq!(
        cell.get("il.liaison", &format!("/api/v1{path}")).await.0,
        404,
        "Israel does not take part"
    );
}

#[tokio::test]
async fn a_joint_statement_is_drafted_and_written_from_the_console_by_the_supervisor() {
    let cell = TestCell::start("5m", "1h").await;
    let us = cell.console("us.supervisor", "en").await;
    let israel = cell.console("il.liaison", "he").await;
    assert!(
        us.get("/meetings")
            .await
            .body
            .contains("href=\"/statements/new\""),
        "offered to the supervisor"
    );
    assert!(
        !israel
            .get("/meetings")
            .await
            .body
            .contains("href=\"/statements/new\""),
        "not to a party"
    );
    assert_eq!(
        israel.get("/statements/new").await.status,
        403,
        "nor is the form"
    );

    let mut form = vec![
        ("lang", "en"),
        ("title", ""),
        ("meeting", ""),
        ("authoritative", "en"),
    ];
    let before = cell.record_len();
    let refused = us.post("/statements", &form).await;
    assert_eq!(refused.status, 422, "a title is required");
    assert!(refused.body.contains("href=\"#statement-title\""));
    assert_eq!(cell.record_len(), before, "a refusal writes nothing");

    form[1].1 = "Joint statement on the mechanism";
    let created = us.post("/statements", &form).await;
    assert_eq!(created.status, 303);
    let path = created.location.clone();
    assert!(path.starts_with("/statements/js-"), "{path}");
    let page = us.get(&path).await;
    for lang in ["en", "ar", "he"] {
        assert!(
            page.body
                .contains(&format!("action=\"{path}/versions/{lang}\"")),
            "{lang}"
        );
    }
    let saved = us
        .post(
            &format!("{path}/versions/ar"),
            &[("text", "بيان مشترك بشأن الآلية")],
        )
        .await;
    assert_eq!(saved.status, 303);
    let (code, body) = cell.get("il.liaison", &format!("/api/v1{path}")).await;
    assert_eq!(code, 200, "{body}");
    let versions = body["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 1, "only the version written");
    assert_eq!(
        (versions[0]["lang"].as_str(), versions[0]["text"].as_str()),
        (Some("ar"), Some("بيان مشترك بشأن الآلية"))
    );

    let theirs = israel.get(&path).await;
    assert!(theirs.body.contains("بيان مشترك بشأن الآلية"));
    let live = israel.get(&format!("{path}/fragment")).await;
    assert!(live.body.contains("بيان مشترك بشأن الآلية") && !live.body.contains("<html"));
    assert!(
        !theirs.body.contains("/versions/ar\""),
        "a party does not edit the texts"
    );
    let forbidden = israel
        .post(&format!("{path}/versions/ar"), &[("text", "Changed")])
        .await;
    assert_eq!(forbidden.status, 403);
}
