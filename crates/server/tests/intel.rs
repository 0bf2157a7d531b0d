//! Intelligence reports end to end over HTTP: draft, submit, vet (return, then approve a
//! sanitized text), release, acknowledge, respond, correct, withdraw; errors; the live stream;
//! the compose preview; and the escalation of a release nobody acknowledged.

mod kit;

use std::time::Duration;

use kit::TestCell;
use serde_json::{Value, json};

fn report(to: &[&str], tlp: &str) -> Value {
    json!({
        "title": {"lang": "en", "text": "Convoy near Quneitra"},
        "summary": {"lang": "en", "text": "Three trucks heading south."},
        "body": {"lang": "he", "text": "שלוש משאיות נעות דרומה, מקור אנושי."},
        "occurred_at": "2026-01-06T10:00:00Z",
        "place": {"type": "Point", "coordinates": [35.82, 33.12]},
        "tlp": tlp,
        "releasable_to": to,
        "reliability": "B",
        "credibility": 2,
        "attachments": [{"name": "photo", "url": "https://files.example/p.jpg", "sha256": "ab".repeat(32)}],
        "related": ["th-paris"]
    })
}

#[tokio::test]
async fn a_report_goes_from_draft_through_vetting_to_acknowledgement() {
    let cell = TestCell::start("5m", "1h").await;
    let mut sy_stream = cell.stream("sy.liaison", None).await;

    let (status, body) = cell
        .post(
            "il.analyst",
            "/api/v1/intel/reports",
            report(&["sy"], "AMBER"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = body["report"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["report"]["stage"], "draft");
    assert_eq!(body["report"]["content"]["place"]["coordinates"][0], 35.82);
    let path = format!("/api/v1/intel/reports/{id}");
    for user in ["sy.liaison", "us.supervisor"] {
        assert_eq!(cell.get(user, &path).await.0, 404, "{user} sees a draft");
    }

    let (status, body) = cell
        .post("il.analyst", &format!("{path}/submit"), json!({}))
        .await;
    assert_eq!(
        (status, body["report"]["stage"].as_str()),
        (200, Some("submitted")),
        "{body}"
    );
    assert_eq!(cell.get("sy.liaison", &path).await.0, 404);
    let (_, queue) = cell
        .get("us.supervisor", "/api/v1/intel/reports?stage=submitted")
        .await;
    assert_eq!(queue.as_array().unwrap().len(), 1);

    // Returned with a comment, revised, resubmitted.
    let (status, body) = cell
        .post("us.supervisor", &format!("{path}/vet"), json!({"version": 1, "decision": "return", "comment": {"lang": "en", "text": "Name no source."}}))
        .await;
    assert_eq!(
        (status, body["report"]["stage"].as_str()),
        (200, Some("returned")),
        "{body}"
    );
    let (_, mine) = cell.get("il.analyst", &path).await;
    assert_eq!(mine["vetting"][0]["comment"]["text"], "Name no source.");
    let (status, _) = cell
        .put("il.analyst", &path, report(&["sy"], "AMBER"))
        .await;
    assert_eq!(status, 200);
    cell.post("il.analyst", &format!("{path}/submit"), json!({}))
        .await;

    // Approved with a sanitized text: Syria gets the sanitized one, Israel sees both.
    let sanitized = json!({
        "title": {"lang": "en", "text": "Movement in the south"},
        "summary": {"lang": "en", "text": "Vehicles heading south."},
        "body": {"lang": "en", "text": "Vehicles were seen moving south."}
    });
    let (status, body) = cell
        .post(
            "us.supervisor",
            &format!("{path}/vet"),
            json!({"version": 2, "decision": "approve_sanitized", "sanitized": sanitized}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let arrived = sy_stream
        .until("report.released", Duration::from_secs(5))
        .await
        .expect("Syria is told live");
    assert_eq!(
        arrived.data["body"]["event"]["content"]["title"]["text"],
        "Movement in the south"
    );
    let (status, sy) = cell.get("sy.liaison", &path).await;
    assert_eq!(status, 200);
    assert_eq!(sy["content"]["title"]["text"], "Movement in the south");
    assert_eq!(
        (
            sy["versions"].as_array().unwrap().len(),
            sy["vetting"].as_array().unwrap().len()
        ),
        (0, 0)
    );
    assert_eq!(sy["author"], Value::Null);
    assert_eq!(sy["awaits_you"], true);
    let (_, il) = cell.get("il.analyst", &path).await;
    assert_eq!(il["content"]["title"]["text"], "Convoy near Quneitra");
    assert_eq!(
        il["released"][0]["content"]["title"]["text"],
        "Movement in the south"
    );
    assert_eq!(il["missing"], json!(["sy"]));

    // Search sees only what the reader may see.
    let (_, found) = cell
        .get("sy.liaison", "/api/v1/intel/reports?q=quneitra")
        .await;
    assert_eq!(found.as_array().unwrap().len(), 0);
    let (_, found) = cell
        .get("il.liaison", "/api/v1/intel/reports?q=quneitra")
        .await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    let (_, inbox) = cell
        .get("sy.liaison", "/api/v1/intel/reports?awaiting=true")
        .await;
    assert_eq!(inbox.as_array().unwrap().len(), 1);

    // Acknowledged, with feedback, corroboration and a sighting.
    let (status, body) = cell
        .post("sy.liaison", &format!("{path}/acknowledge"), json!({}))
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["report"]["awaits_you"], false);
    cell.post(
        "sy.analyst",
        &format!("{path}/feedback"),
        json!({"usefulness": "already_known"}),
    )
    .await;
    let (status, _) = cell
        .post(
            "sy.analyst",
            &format!("{path}/corroborations"),
            json!({"opinion": "agree", "comment": {"lang": "ar", "text": "رأينا ذلك أيضاً"}}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = cell
        .post(
            "sy.analyst",
            &format!("{path}/sightings"),
            json!({"count": 2, "first_seen": "2026-01-06T11:00:00Z"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, il) = cell.get("il.analyst", &path).await;
    assert_eq!(il["missing"], json!([]));
    assert_eq!(il["acknowledgements"][0]["party"], "sy");
    let kinds: Vec<&str> = il["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["already_known", "agree", "sighting"]);

    // Corrected (vetted again), then withdrawn.
    let (status, body) = cell
        .post(
            "il.analyst",
            &format!("{path}/corrections"),
            report(&["sy"], "RED"),
        )
        .await;
    assert_eq!(
        (status, body["report"]["stage"].as_str()),
        (200, Some("submitted")),
        "{body}"
    );
    let (_, sy) = cell.get("sy.liaison", &path).await;
    assert_eq!(
        (sy["stage"].as_str(), sy["version"].as_u64()),
        (Some("released"), Some(2))
    );
    cell.post(
        "us.supervisor",
        &format!("{path}/vet"),
        json!({"version": 3, "decision": "approve"}),
    )
    .await;
    let (_, sy) = cell.get("sy.liaison", &path).await;
    assert_eq!(
        (
            sy["version"].as_u64(),
            sy["content"]["tlp"].as_str(),
            sy["awaits_you"].as_bool()
        ),
        (Some(3), Some("RED"), Some(true))
    );
    let (status, body) = cell
        .post(
            "il.analyst",
            &format!("{path}/withdraw"),
            json!({"reason": {"lang": "en", "text": "Source retracted."}}),
        )
        .await;
    assert_eq!(
        (status, body["report"]["stage"].as_str()),
        (200, Some("withdrawn"))
    );
    let (_, sy) = cell.get("sy.liaison", &path).await;
    assert_eq!(
        (sy["stage"].as_str(), sy["awaits_you"].as_bool()),
        (Some("withdrawn"), Some(false))
    );
}

#[tokio::test]
async fn bad_requests_name_the_field_and_write_nothing() {
    let cell = TestCell::start("5m", "1h").await;
    let before = cell.record_len();
    for (patch, field) in [
        (json!({"tlp": "PINK"}), "tlp"),
        (json!({"reliability": "G"}), "reliability"),
        (json!({"credibility": 7}), "credibility"),
        (json!({"releasable_to": ["il"]}), "releasable_to"),
        (json!({"releasable_to": ["Xx"]}), "releasable_to"),
        (
            json!({"place": {"type": "Point", "coordinates": [181, 0]}}),
            "place",
        ),
        (
            json!({"place": {"type": "LineString", "coordinates": [[1, 1], [2, 2]]}}),
            "place",
        ),
        (json!({"occurred_at": "yesterday"}), "occurred_at"),
        (
            json!({"attachments": [{"name": "x", "url": "ftp://x", "sha256": "00"}]}),
            "attachments[0].url",
        ),
        (
            json!({"title": {"lang": "fr", "text": "Bonjour"}}),
            "title.lang",
        ),
        (json!({"track": "nope"}), "track"),
    ] {
        let mut body = report(&["sy"], "AMBER");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let (status, err) = cell.post("il.analyst", "/api/v1/intel/reports", body).await;
        assert_eq!(status, 422, "{field}: {err}");
        assert!(
            err["message"].as_str().unwrap().contains(field),
            "{field}: {err}"
        );
    }
    let (status, err) = cell
        .post("il.analyst", "/api/v1/intel/reports", json!({"title": 1}))
        .await;
    assert_eq!(
        (status, err["code"].as_str()),
        (422, Some("invalid_body")),
        "{err}"
    );
    assert_eq!(cell.record_len(), before, "nothing was written");

    // Roles and unknown reports.
    let (status, _) = cell
        .post(
            "il.admin",
            "/api/v1/intel/reports",
            report(&["sy"], "AMBER"),
        )
        .await;
    assert_eq!(status, 403);
    let (_, body) = cell
        .post(
            "il.analyst",
            "/api/v1/intel/reports",
            report(&["sy"], "AMBER"),
        )
        .await;
    let id = body["report"]["id"].as_str().unwrap().to_string();
    cell.post(
        "il.analyst",
        &format!("/api/v1/intel/reports/{id}/submit"),
        json!({}),
    )
    .await;
    let (status, err) = cell
        .post(
            "il.liaison",
            &format!("/api/v1/intel/reports/{id}/vet"),
            json!({"version": 1, "decision": "approve"}),
        )
        .await;
    assert_eq!((status, err["code"].as_str()), (403, Some("forbidden")));
    let (status, _) = cell
        .post(
            "sy.liaison",
            &format!("/api/v1/intel/reports/{id}/vet"),
            json!({"version": 1, "decision": "approve"}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, err) = cell
        .post(
            "us.supervisor",
            &format!("/api/v1/intel/reports/{id}/vet"),
            json!({"version": 1, "decision": "return"}),
        )
        .await;
    assert_eq!(
        (
            status,
            err["message"].as_str().map(|m| m.contains("comment"))
        ),
        (422, Some(true))
    );
    let (status, _) = cell
        .post(
            "us.supervisor",
            &format!("/api/v1/intel/reports/{id}/vet"),
            json!({"version": 9, "decision": "approve"}),
        )
        .await;
    assert_eq!(status, 409);
    let (status, _) = cell
        .get("il.analyst", "/api/v1/intel/reports/ir-guessed")
        .await;
    assert_eq!(status, 404);
    let (status, _) = cell
        .get("il.analyst", "/api/v1/intel/reports?stage=lost")
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn the_preview_says_exactly_who_will_see_it() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, p) = cell
        .post(
            "il.analyst",
            "/api/v1/intel/preview",
            json!({"releasable_to": ["sy"], "tlp": "RED"}),
        )
        .await;
    assert_eq!(status, 200, "{p}");
    assert_eq!(
        p,
        json!({"draft": ["il"], "submitted": ["il", "us"], "released": ["il", "sy", "us"], "recipients": ["sy"], "vetted": true, "strict": true})
    );
    let (_, p) = cell
        .post(
            "us.supervisor",
            "/api/v1/intel/preview",
            json!({"releasable_to": ["il", "sy"]}),
        )
        .await;
    assert_eq!(p["vetted"], false);
    assert_eq!(p["recipients"], json!(["il", "sy"]));
}

#[tokio::test]
async fn a_release_nobody_acknowledges_escalates_to_the_supervisor() {
    let cell = TestCell::start("5m", "1s").await;
    let mut us = cell.stream("us.supervisor", None).await;
    let (_, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/intel/reports",
            report(&["sy"], "GREEN"),
        )
        .await;
    let id = body["report"]["id"].as_str().unwrap().to_string();
    let (_, body) = cell
        .post(
            "us.supervisor",
            &format!("/api/v1/intel/reports/{id}/submit"),
            json!({}),
        )
        .await;
    assert_eq!(
        body["report"]["stage"], "released",
        "the supervisor's own reports need no vetting"
    );
    let escalated = us
        .until("report.escalated", Duration::from_secs(10))
        .await
        .expect("the timer escalates");
    assert_eq!(escalated.data["body"]["event"]["missing"], json!(["sy"]));
    let (_, sy) = cell
        .get("sy.liaison", &format!("/api/v1/intel/reports/{id}"))
        .await;
    assert!(sy["escalated_at"].is_string());
}
