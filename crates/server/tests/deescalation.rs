//! End to end: de-escalation over HTTP and the live stream — zones agreed, activities notified
//! and deconflicted, alerts arriving live, acknowledgement and escalation, incidents, the
//! position feed, and a restart.

mod kit;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fusioncell_domain::Timestamp;
use kit::TestCell;
use serde_json::{Value, json};

const HOUR: i64 = 3_600_000;
/// The illustrative area of separation used here: a square over the Golan.
const SQUARE: [[f64; 2]; 5] = [
    [35.85, 33.05],
    [35.95, 33.05],
    [35.95, 33.15],
    [35.85, 33.15],
    [35.85, 33.05],
];

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// RFC 3339 for `ms` milliseconds from now.
fn from_now(ms: i64) -> String {
    Timestamp(now_ms() + ms).to_rfc3339()
}

/// An air activity in a circle, starting in `start_h` hours for `hours` hours.
fn flight(lon: f64, lat: f64, start_h: i64, hours: i64) -> Value {
    json!({
        "kind": "air",
        "geometry": {"type": "circle", "center": [lon, lat], "radius_m": 5000},
        "altitude": {"lower_m": 1000, "upper_m": 4000},
        "start": from_now(start_h * HOUR),
        "end": from_now((start_h + hours) * HOUR),
        "description": {"lang": "en", "text": "Reconnaissance flight"},
    })
}

/// Proposes the square as zone `id` with rules, and has Israel and Syria approve it.
async fn agree_zone(cell: &TestCell, id: &str, rules: Value) {
    let (status, body) = cell
        .post(
            "us.supervisor",
            "/api/v1/zones",
            json!({
                "id": id,
                "name": "Area of separation (illustrative)",
                "description": "Illustrative, not official",
                "area": {"type": "Polygon", "coordinates": [SQUARE]},
                "rules": rules,
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let version = body["zone"]["versions"].as_array().unwrap().len();
    for who in ["il.liaison", "sy.liaison"] {
        let (status, body) = cell
            .post(
                who,
                &format!("/api/v1/zones/{id}/approve"),
                json!({"version": version}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn a_conflicting_notification_alerts_the_other_party_and_the_supervisor_live() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            flight(36.0, 33.3, 30, 3),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let syrian = body["activity"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["alerts"], json!([]));
    let mut syria = cell.stream("sy.liaison", None).await;
    let mut supervisor = cell.stream("us.supervisor", None).await;

    // The console's dry run shows the conflict before anything is sent, and records nothing.
    let before = cell.record_len();
    let (status, check) = cell
        .post(
            "il.liaison",
            "/api/v1/activities/check",
            flight(36.03, 33.3, 31, 3),
        )
        .await;
    assert_eq!(status, 200, "{check}");
    assert_eq!(check["alerts"][0]["kind"], "conflict");
    assert_eq!(check["alerts"][0]["details"]["other"], syrian.as_str());
    assert_eq!(check["lead"]["late"], false);
    assert_eq!(cell.record_len(), before);

    let (status, body) = cell
        .post(
            "il.liaison",
            "/api/v1/activities",
            flight(36.03, 33.3, 31, 3),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let israeli = body["activity"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["alerts"].as_array().unwrap().len(), 1);
    for stream in [&mut syria, &mut supervisor] {
        let alert = stream
            .until("deconfliction.alert", Duration::from_secs(5))
            .await
            .expect("the alert arrives live");
        let cause = &alert.data["body"]["event"]["cause"];
        assert_eq!(cause["kind"], "conflict");
        assert_eq!(cause["activity"], israeli.as_str());
        assert_eq!(cause["other"], syrian.as_str());
        assert_eq!(cause["parties"], json!(["il", "sy"]));
    }
    for who in ["il.liaison", "sy.liaison", "us.supervisor"] {
        let (status, alerts) = cell.get(who, "/api/v1/alerts").await;
        assert_eq!(status, 200);
        assert_eq!(alerts[0]["activities"], json!([israeli, syrian]), "{who}");
        assert!(alerts[0]["details"]["window"]["start"].is_string());
    }
}

#[tokio::test]
async fn zones_are_proposed_by_the_supervisor_and_in_force_once_every_party_approved() {
    let cell = TestCell::start("5m", "1h").await;
    let zone = json!({
        "id": "aos", "name": "Area of separation", "description": "Illustrative, not official",
        "area": {"type": "Polygon", "coordinates": [SQUARE]},
        "rules": {"sy": {"forbidden_kinds": ["ground"]}},
    });
    let (status, body) = cell.post("sy.liaison", "/api/v1/zones", zone.clone()).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("forbidden")));
    let mut bad = zone.clone();
    bad["area"]["coordinates"][0][4] = json!([35.86, 33.05]);
    let (status, body) = cell.post("us.supervisor", "/api/v1/zones", bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("ring 0"),
        "{body}"
    );
    let mut typo = zone.clone();
    typo["rules"]["sy"] = json!({"forbiden_kinds": ["ground"]});
    let (status, body) = cell.post("us.supervisor", "/api/v1/zones", typo).await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("rules.sy.forbiden_kinds")
    );

    let (status, body) = cell
        .post("us.supervisor", "/api/v1/zones", zone.clone())
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["zone"]["versions"][0]["status"], "proposed");
    assert_eq!(body["zone"]["versions"][0]["awaiting"], json!(["il", "sy"]));
    let (status, body) = cell
        .post(
            "il.liaison",
            "/api/v1/zones/aos/approve",
            json!({"version": 1}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["zone"]["in_force"], Value::Null);
    let (_, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/zones/aos/approve",
            json!({"version": 1}),
        )
        .await;
    assert_eq!(body["zone"]["in_force"], 1);
    assert_eq!(body["record"]["indices"].as_array().unwrap().len(), 2);
    // A second version is kept beside the first, which stays in force until approved.
    let (status, body) = cell.post("us.supervisor", "/api/v1/zones", zone).await;
    assert_eq!(status, 201);
    assert_eq!(body["zone"]["versions"][1]["status"], "proposed");
    let (_, zones) = cell.get("il.liaison", "/api/v1/zones").await;
    assert_eq!(zones[0]["in_force"], 1);
    assert_eq!(zones[0]["versions"][0]["area"]["type"], "MultiPolygon");
    let (status, _) = cell.get("il.liaison", "/api/v1/zones/nope").await;
    assert_eq!(status, 404);

    // A Syrian ground activity in the zone breaks its rules: an alert to every party.
    let (status, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            json!({
                "kind": "ground",
                "geometry": {"type": "corridor", "line": [[35.80, 33.10], [36.00, 33.10]], "width_m": 2000},
                "start": from_now(50 * HOUR), "end": from_now(52 * HOUR),
                "forces": {"troops": 200},
                "description": {"lang": "ar", "text": "دورية"},
            }),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["alerts"][0]["kind"], "zone_rule");
    assert_eq!(body["alerts"][0]["audience"], json!(["il", "sy", "us"]));
}

#[tokio::test]
async fn notifications_show_their_notice_and_filter_and_late_ones_are_flagged() {
    let cell = TestCell::start("5m", "1h").await;
    let (status, body) = cell
        .post("il.liaison", "/api/v1/activities", flight(35.5, 33.0, 2, 1))
        .await;
    assert_eq!(status, 201, "{body}");
    let lead = &body["activity"]["current"]["lead"];
    assert_eq!(lead["late"], true, "air needs 24h of notice: {lead}");
    assert_eq!(lead["required"], "1d");
    assert_eq!(lead["late_by"], "22h", "{lead}");
    assert_eq!(lead["notice"], "2h", "{lead}");
    let late = body["activity"]["id"].as_str().unwrap().to_string();
    let (_, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            flight(37.5, 34.0, 30, 1),
        )
        .await;
    assert_eq!(body["activity"]["current"]["lead"]["late"], false);
    assert_eq!(body["activity"]["current"]["addressed"], json!(["il"]));

    let ids = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_str().unwrap().to_string())
            .collect()
    };
    let (_, list) = cell.get("sy.liaison", "/api/v1/activities?late=true").await;
    assert_eq!(ids(&list), [late.as_str()]);
    let (_, list) = cell
        .get(
            "sy.liaison",
            "/api/v1/activities?party=il&kind=air&status=upcoming",
        )
        .await;
    assert_eq!(ids(&list), [late.as_str()]);
    let (_, list) = cell
        .get("sy.liaison", "/api/v1/activities?status=active,ended")
        .await;
    assert_eq!(list, json!([]));
    let (_, list) = cell
        .get("sy.liaison", "/api/v1/activities?awaiting=sy")
        .await;
    assert_eq!(ids(&list), [late.as_str()]);
    let (status, body) = cell
        .get("sy.liaison", "/api/v1/activities?status=soon")
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = cell
        .get("sy.liaison", "/api/v1/activities?colour=red")
        .await;
    assert_eq!(status, 400);

    // A change by the notifier is a new version; nobody else may change it.
    let (status, _) = cell
        .put(
            "sy.liaison",
            &format!("/api/v1/activities/{late}"),
            flight(35.5, 33.0, 3, 1),
        )
        .await;
    assert_eq!(status, 403);
    let (status, body) = cell
        .put(
            "il.liaison",
            &format!("/api/v1/activities/{late}"),
            flight(35.5, 33.0, 3, 1),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["activity"]["current"]["version"], 2);
    assert_eq!(body["activity"]["history"].as_array().unwrap().len(), 1);
    let (status, body) = cell
        .post(
            "il.liaison",
            &format!("/api/v1/activities/{late}/cancel"),
            json!(null),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["activity"]["status"], "cancelled");

    let mut bad = flight(35.5, 33.0, 3, 1);
    bad["geometry"] = json!({"type": "circle", "center": [35.5, 95.0], "radius_m": 5000});
    let (status, body) = cell.post("il.liaison", "/api/v1/activities", bad).await;
    assert_eq!(status, 422);
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("geometry.center"),
        "{body}"
    );
    let (status, _) = cell
        .post("il.analyst", "/api/v1/activities", flight(35.5, 33.0, 3, 1))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn an_unacknowledged_notification_escalates_and_a_receipt_is_recorded() {
    let cell = TestCell::start("5m", "1h").await;
    let mut supervisor = cell.stream("us.supervisor", None).await;
    // Starting in 2 s, the acknowledgement is due by then.
    let mut soon = flight(35.5, 33.0, 0, 1);
    soon["start"] = json!(from_now(2_000));
    let (status, body) = cell.post("il.liaison", "/api/v1/activities", soon).await;
    assert_eq!(status, 201, "{body}");
    let id = body["activity"]["id"].as_str().unwrap().to_string();
    let escalated = supervisor
        .until("activity.escalated", Duration::from_secs(10))
        .await
        .expect("the escalation fires");
    assert_eq!(escalated.data["body"]["event"]["missing"], json!(["sy"]));

    let (status, body) = cell
        .post(
            "il.liaison",
            &format!("/api/v1/activities/{id}/acknowledge"),
            json!(null),
        )
        .await;
    assert_eq!((status, body["code"].as_str()), (409, Some("conflict")));
    let (status, body) = cell
        .post(
            "sy.liaison",
            &format!("/api/v1/activities/{id}/acknowledge"),
            json!(null),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let current = &body["activity"]["current"];
    assert_eq!(current["acknowledgements"]["sy"]["late"], true);
    assert!(current["escalated_at"].is_string());
}

#[tokio::test]
async fn incidents_are_shared_as_the_reporter_chooses() {
    let cell = TestCell::start("5m", "1h").await;
    let report = |shared: Option<Value>| {
        let mut body = json!({
            "occurred_at": from_now(-HOUR),
            "place": [35.9, 33.1],
            "category": "airspace_violation",
            "description": {"lang": "he", "text": "רחפן מעל הקו"},
        });
        if let Some(s) = shared {
            body["shared_with"] = s;
        }
        body
    };
    let (status, body) = cell
        .post("il.analyst", "/api/v1/incidents", report(None))
        .await;
    assert_eq!(status, 201, "{body}");
    let shared = body["incident"]["id"].as_str().unwrap().to_string();
    assert_eq!(body["incident"]["audience"], json!(["il", "sy", "us"]));
    let (_, body) = cell
        .post("il.liaison", "/api/v1/incidents", report(Some(json!([]))))
        .await;
    let internal = body["incident"]["id"].as_str().unwrap().to_string();
    let (status, _) = cell
        .get("sy.liaison", &format!("/api/v1/incidents/{internal}"))
        .await;
    assert_eq!(status, 404);
    let (status, body) = cell
        .get("sy.liaison", &format!("/api/v1/incidents/{shared}"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body["place"], json!([35.9, 33.1]));
    let (_, list) = cell.get("us.supervisor", "/api/v1/incidents").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    let mut bad = report(None);
    bad["category"] = json!("riot");
    let (status, body) = cell.post("il.liaison", "/api/v1/incidents", bad).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["message"].as_str().unwrap().starts_with("category"));
}

/// Reports of one track moving east along latitude 33.1, one a minute.
fn track(name: &str, kind: &str, from: usize, to: usize) -> Vec<Value> {
    (from..to)
        .map(|i| {
            json!({
                "track": name, "kind": kind,
                "time": from_now(i as i64 * 60_000 - HOUR),
                "lon": 35.80 + 0.02 * i as f64, "lat": 33.10,
            })
        })
        .collect()
}

#[tokio::test]
async fn the_position_feed_records_crossings_only_and_alerts_on_forbidden_entries() {
    let cell = TestCell::start("5m", "1h").await;
    agree_zone(
        &cell,
        "aos",
        json!({"il": {"forbidden_kinds": ["ground", "movement"]}}),
    )
    .await;
    let mut syria = cell.stream("sy.liaison", None).await;
    let before = cell.record_len();
    let (status, body) = cell
        .post(
            "il.liaison",
            "/api/v1/positions",
            json!({"positions": track("convoy-7", "movement", 0, 5)}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["accepted"], 5);
    assert_eq!(body["crossings"][0]["direction"], "entered");
    assert_eq!(body["alerts"][0]["kind"], "zone_entry");
    assert_eq!(
        cell.record_len(),
        before + 2,
        "one entry and one alert, not five reports"
    );
    let alert = syria
        .until("deconfliction.alert", Duration::from_secs(5))
        .await
        .expect("the other party learns of the entry");
    assert_eq!(
        alert.data["body"]["event"]["cause"]["crossing"]["track"],
        "convoy-7"
    );

    // The rest of the track, streamed as NDJSON: the exit.
    let lines: String = track("convoy-7", "movement", 5, 12)
        .iter()
        .map(|v| format!("{v}\n"))
        .collect();
    let (status, text) = cell
        .post_text(
            "il.liaison",
            "/api/v1/positions",
            "application/x-ndjson",
            lines.into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    let result: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(result["crossings"][0]["direction"], "exited");
    let (_, crossings) = cell.get("us.supervisor", "/api/v1/crossings").await;
    assert_eq!(crossings.as_array().unwrap().len(), 2);
    let (_, crossings) = cell.get("sy.liaison", "/api/v1/crossings").await;
    assert_eq!(
        crossings,
        json!([]),
        "a party's tracks stay between it and the supervisor"
    );

    // A bad line after good ones: the good ones are taken, then an error line.
    let mut lines: String = track("aid-1", "humanitarian", 0, 4)
        .iter()
        .map(|v| format!("{v}\n"))
        .collect();
    lines.push_str(
        "{\"track\": \"aid-1\", \"time\": \"yesterday\", \"lon\": 35.9, \"lat\": 33.1}\n",
    );
    let (status, text) = cell
        .post_text(
            "il.liaison",
            "/api/v1/positions",
            "application/x-ndjson",
            lines.into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    let last: Value = serde_json::from_str(text.lines().last().unwrap()).unwrap();
    assert_eq!(last["error"]["code"], "invalid_field");
    assert_eq!(last["line"], 5);
    let first: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(first["accepted"], 4);
    assert_eq!(first["alerts"], json!([]), "humanitarian convoys may enter");
    // A bad first line refuses the feed outright.
    let (status, _) = cell
        .post_raw(
            "il.liaison",
            "/api/v1/positions",
            "application/x-ndjson",
            b"{not json\n".to_vec(),
        )
        .await;
    assert_eq!(status, 400);
    let (status, _) = cell
        .post_raw(
            "il.liaison",
            "/api/v1/positions",
            "text/csv",
            b"a,b".to_vec(),
        )
        .await;
    assert_eq!(status, 415);
    let (status, _) = cell
        .post("il.analyst", "/api/v1/positions", json!({"positions": []}))
        .await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn after_a_restart_deconfliction_and_escalation_carry_on() {
    let cell = TestCell::start("5m", "1h").await;
    let (_, body) = cell
        .post(
            "sy.liaison",
            "/api/v1/activities",
            flight(36.0, 33.3, 30, 3),
        )
        .await;
    let syrian = body["activity"]["id"].as_str().unwrap().to_string();
    let tokens = cell.tokens.clone();
    let dir = cell.stop().await;
    let mut cell = TestCell::open(dir, std::sync::Arc::new(fusioncell_server::SystemClock)).await;
    cell.tokens = tokens;
    let (status, body) = cell
        .post(
            "il.liaison",
            "/api/v1/activities",
            flight(36.03, 33.3, 31, 3),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["alerts"][0]["details"]["other"], syrian.as_str());
    let (_, doc) = cell.get("il.liaison", "/api/openapi.json").await;
    for path in [
        "/api/v1/zones",
        "/api/v1/activities/check",
        "/api/v1/positions",
        "/api/v1/alerts",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
}
