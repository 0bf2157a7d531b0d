//! End to end: disputes over HTTP and the live stream — raised by one party, acknowledged and
//! answered by the other, mediated by the supervisor and resolved; counts both parties share;
//! bad input refused with nothing written; an outside party's 404; a missed deadline escalating.

mod kit;

use std::sync::Arc;
use std::time::Duration;

use fusioncell_domain::{Actor, CellConfig, Command, PartyId, Span, Timestamp, UserId};
use fusioncell_server::ManualClock;
use fusioncell_server::api::accounts::{create_user, issue, parse_roles};
use kit::{PASSWORD, TestCell, USERS};
use serde_json::{Value, json};

/// 6 January 2026, 12:00 UTC.
const START: Timestamp = Timestamp(1_767_700_800_000);

/// A cell on a manual clock with the demo's users and, for visibility tests, a fourth party
/// (Jordan) that takes no part in the disputes.
async fn start() -> (TestCell, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new(START));
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let mut cell = TestCell::open(dir, clock.clone()).await;
    let text = include_str!("../../../examples/levant-cell.toml").replace(
        "# The tracks of work.",
        "[[parties]]\nid = \"jo\"\nlanguages = [\"ar\"]\nnames = { en = \"Jordan\", ar = \"الأردن\", he = \"ירדן\" }\n\n# The tracks of work.",
    );
    let config = CellConfig::from_toml(&text).unwrap();
    cell.app
        .core
        .submit(Actor::Cell, Command::Configure(config))
        .await
        .unwrap();
    for (login, roles) in USERS
        .iter()
        .chain([("jo.liaison", &["liaison"][..])].iter())
    {
        let id = UserId::new(login).unwrap();
        let party = PartyId::new(login.split('.').next().unwrap()).unwrap();
        let roles = parse_roles(&roles.iter().map(|r| r.to_string()).collect::<Vec<_>>()).unwrap();
        create_user(&cell.app, None, &id, login, &party, roles, PASSWORD.into())
            .await
            .unwrap();
        let token = issue(&cell.app, Actor::Cell, &id, "test", None)
            .await
            .unwrap();
        cell.tokens.insert(login.to_string(), token.secret);
    }
    (cell, clock)
}

fn text(lang: &str, t: &str) -> Value {
    json!({"lang": lang, "text": t})
}

fn dispute_body(evidence: Value) -> Value {
    json!({
        "track": "de-escalation",
        "against": "il",
        "title": text("ar", "طائرة مسيرة فوق المنطقة العازلة"),
        "what": text("ar", "عبرت طائرة مسيرة الخط عند الفجر."),
        "occurred_at": "2026-01-06T05:30:00Z",
        "place": {"type": "Point", "coordinates": [35.9, 33.1]},
        "evidence": evidence,
    })
}

/// Posts as `user` and expects `status`; returns the body.
async fn expect(cell: &TestCell, user: &str, path: &str, body: Value, status: u16) -> Value {
    let (got, answer) = cell.post(user, path, body).await;
    assert_eq!(got, status, "{user} {path}: {answer}");
    answer
}

#[tokio::test]
async fn a_dispute_is_raised_answered_mediated_ruled_and_resolved_live() {
    let (cell, _clock) = start().await;
    let incident = expect(
        &cell,
        "sy.liaison",
        "/api/v1/incidents",
        json!({
            "occurred_at": "2026-01-06T05:30:00Z",
            "place": [35.9, 33.1],
            "category": "airspace_violation",
            "description": text("ar", "طائرة مسيرة"),
        }),
        201,
    )
    .await;
    let incident_id = incident["incident"]["id"].as_str().unwrap().to_string();
    let mut il_stream = cell.stream("il.liaison", None).await;
    let raised = expect(
        &cell,
        "sy.liaison",
        "/api/v1/disputes",
        dispute_body(json!([{"kind": "incident", "id": incident_id}])),
        201,
    )
    .await;
    let d = &raised["dispute"];
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(d["status"], "raised");
    assert_eq!(d["audience"], json!(["il", "sy", "us"]));
    assert_eq!(d["obligations"][0]["party"], "il");
    assert_eq!(d["obligations"][0]["step"], "acknowledge");
    assert_eq!(d["obligations"][0]["due"], "2026-01-07T12:00:00.000Z");
    let live = il_stream
        .until("dispute.raised", Duration::from_secs(5))
        .await
        .expect("the dispute reaches the respondent live");
    assert_eq!(live.data["body"]["event"]["dispute"], id.as_str());
    let (_, pending) = cell
        .get("il.liaison", "/api/v1/disputes?overdue=false&party=il")
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 1);

    let path = |step: &str| format!("/api/v1/disputes/{id}/{step}");
    expect(&cell, "sy.liaison", &path("acknowledge"), json!({}), 403).await;
    expect(&cell, "il.liaison", &path("acknowledge"), json!({}), 200).await;
    let answer = json!({"text": text("he", "לא היה זה רחפן שלנו")});
    expect(&cell, "il.liaison", &path("answer"), answer, 200).await;
    let reason = json!({"text": text("ar", "الرد غير كاف")});
    expect(&cell, "sy.liaison", &path("mediation"), reason, 200).await;
    let request = json!({
        "party": "il",
        "kind": "information",
        "question": text("en", "Flight logs for 05:00-06:00, please."),
        "due": "2026-01-08T12:00:00Z",
    });
    let asked = expect(&cell, "us.supervisor", &path("requests"), request, 200).await;
    assert_eq!(asked["dispute"]["requests"][0]["number"], 1);
    let reply = json!({"text": text("en", "Logs attached: no flight.")});
    expect(
        &cell,
        "sy.liaison",
        &path("requests/1/reply"),
        reply.clone(),
        403,
    )
    .await;
    expect(&cell, "il.liaison", &path("requests/1/reply"), reply, 200).await;
    let findings = json!({"text": text("en", "An unattributed drone.")});
    expect(&cell, "us.supervisor", &path("findings"), findings, 200).await;
    let ruling = json!({"text": text("en", "Both parties notify drone flights near the line.")});
    expect(&cell, "us.supervisor", &path("ruling"), ruling, 200).await;
    expect(
        &cell,
        "il.liaison",
        &path("ruling/answer"),
        json!({"accept": true}),
        200,
    )
    .await;
    let done = expect(
        &cell,
        "sy.liaison",
        &path("ruling/answer"),
        json!({"accept": true}),
        200,
    )
    .await;
    assert_eq!(done["dispute"]["status"], "resolved");
    assert_eq!(done["dispute"]["history"].as_array().unwrap().len(), 10);
    assert_eq!(done["dispute"]["obligations"], json!([]));

    let (_, il) = cell.get("il.liaison", "/api/v1/disputes/counts").await;
    let (_, sy) = cell.get("sy.liaison", "/api/v1/disputes/counts").await;
    assert_eq!(il, sy, "both parties see identical counts");
    assert_eq!(il["by_status"]["resolved"], 1);
    assert_eq!(il["by_month"]["2026-01"], 1);
    let (_, resolved) = cell
        .get(
            "us.supervisor",
            "/api/v1/disputes?status=resolved&track=de-escalation",
        )
        .await;
    assert_eq!(resolved.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn bad_input_is_refused_naming_the_field_and_writes_nothing() {
    let (cell, _clock) = start().await;
    let before = cell.record_len();
    let cases = [
        ("against", json!("sy")),
        ("against", json!("us")),
        ("track", json!("no-such-track")),
        ("occurred_at", json!("yesterday")),
        (
            "place",
            json!({"type": "Polygon", "coordinates": [35.9, 33.1]}),
        ),
        (
            "place",
            json!({"type": "Point", "coordinates": [200.0, 33.1]}),
        ),
        ("title", json!({"lang": "fr", "text": "x"})),
    ];
    for (field, value) in cases {
        let mut body = dispute_body(json!([]));
        body[field] = value;
        let refused = expect(&cell, "sy.liaison", "/api/v1/disputes", body, 422).await;
        assert_eq!(refused["code"], "invalid_field");
        assert!(
            refused["message"].as_str().unwrap().starts_with(field),
            "{refused}"
        );
    }
    let mut unknown = dispute_body(json!([]));
    unknown["colour"] = json!("red");
    let (status, refused) = cell.post("sy.liaison", "/api/v1/disputes", unknown).await;
    assert!((400..500).contains(&status), "{refused}");
    let hidden = expect(
        &cell,
        "il.liaison",
        "/api/v1/incidents",
        json!({
            "occurred_at": "2026-01-06T05:30:00Z",
            "place": [35.9, 33.1],
            "category": "other",
            "description": text("he", "פנימי"),
            "shared_with": [],
        }),
        201,
    )
    .await;
    let before_raise = cell.record_len();
    let hidden_id = hidden["incident"]["id"].as_str().unwrap();
    let body = dispute_body(json!([{"kind": "incident", "id": hidden_id}]));
    let refused = expect(&cell, "sy.liaison", "/api/v1/disputes", body, 404).await;
    let missing = dispute_body(json!([{"kind": "incident", "id": "in-nothing"}]));
    let refused_missing = expect(&cell, "sy.liaison", "/api/v1/disputes", missing, 404).await;
    assert_eq!(refused["code"], refused_missing["code"]);
    assert_eq!(cell.record_len(), before_raise, "nothing was written");
    assert_eq!(before + 1, before_raise, "only the incident was written");
    let (status, _) = cell
        .get("sy.liaison", "/api/v1/disputes?status=pending")
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn a_party_outside_the_dispute_gets_404_even_for_its_id() {
    let (cell, _clock) = start().await;
    let raised = expect(
        &cell,
        "sy.liaison",
        "/api/v1/disputes",
        dispute_body(json!([])),
        201,
    )
    .await;
    let id = raised["dispute"]["id"].as_str().unwrap();
    let (status, body) = cell
        .get("jo.liaison", &format!("/api/v1/disputes/{id}"))
        .await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, _) = cell
        .post(
            "jo.liaison",
            &format!("/api/v1/disputes/{id}/acknowledge"),
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (_, list) = cell.get("jo.liaison", "/api/v1/disputes").await;
    assert_eq!(list, json!([]));
    let (_, counts) = cell.get("jo.liaison", "/api/v1/disputes/counts").await;
    assert_eq!(counts["total"], 0);
    let (status, _) = cell.get("il.liaison", "/api/v1/disputes/dp-guessed").await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn a_missed_deadline_escalates_live_to_both_parties_and_the_supervisor() {
    let (cell, clock) = start().await;
    let raised = expect(
        &cell,
        "sy.liaison",
        "/api/v1/disputes",
        dispute_body(json!([])),
        201,
    )
    .await;
    let id = raised["dispute"]["id"].as_str().unwrap().to_string();
    let mut streams = Vec::new();
    for user in ["il.liaison", "sy.liaison", "us.supervisor"] {
        streams.push(cell.stream(user, None).await);
    }
    let mut jo = cell.stream("jo.liaison", None).await;
    clock.advance(Span::hours(24));
    for stream in &mut streams {
        let escalated = stream
            .until("dispute.escalated", Duration::from_secs(10))
            .await
            .expect("the escalation reaches every party to the dispute");
        assert_eq!(escalated.data["body"]["event"]["party"], "il");
        assert_eq!(
            escalated.data["body"]["event"]["owed"]["step"],
            "acknowledge"
        );
    }
    assert!(
        jo.until("dispute.escalated", Duration::from_millis(700))
            .await
            .is_none()
    );
    let (_, overdue) = cell
        .get("sy.liaison", "/api/v1/disputes?overdue=true")
        .await;
    assert_eq!(overdue[0]["id"], id.as_str());
    assert!(overdue[0]["obligations"][0]["escalated_at"].is_string());
    let reason = json!({"text": text("ar", "لا رد")});
    let mediated = expect(
        &cell,
        "sy.liaison",
        &format!("/api/v1/disputes/{id}/mediation"),
        reason,
        200,
    )
    .await;
    assert_eq!(mediated["dispute"]["status"], "in_mediation");
}
